package io.tableguard.model.restore;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import io.tableguard.model.protection.ProtectedTable;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class TableRestoreStatus {
  @JsonPropertyDescription("Pending, Queued, Restoring, ApplyingSettings, WritingBack (spec.items), Completed or Failed.")
  private RestorePhase phase;
  @JsonPropertyDescription("Ready (True once Completed), and Failed with the reason of a terminal failure.")
  private List<Condition> conditions = new ArrayList<>();
  private Long observedGeneration;
  @JsonPropertyDescription("The exact instant sent to AWS (RFC 3339, UTC, to the millisecond as AWS takes it), "
      + "also for latest.")
  private String restoreDateTime;
  private String sourceTableName;
  private String sourceTableArn;
  private String targetTableArn;
  @JsonPropertyDescription("DynamoDB's TableId of the restored table, from the restore call's answer: a table of "
      + "the same name created later has another, so a replaced table is never changed or deleted.")
  private String targetTableId;
  @JsonPropertyDescription("Proven when the operator saw the restore call's answer or its UID tag on the table; "
      + "Unproven when the table only matches the request: it is then never changed or deleted.")
  private TargetOwnership targetOwnership;
  @JsonPropertyDescription("The role the source is reached with (from its ProtectedTable), kept for deletion.")
  private String roleArn;
  @JsonPropertyDescription("When the operator asked AWS to restore; set before the call, so a restart never asks twice.")
  private String restoreRequestedTime;
  private String startTime;
  @JsonPropertyDescription("When the new table became ACTIVE.")
  private String tableActiveTime;
  private String completionTime;
  @JsonPropertyDescription("From startTime to completionTime.")
  private Long durationSeconds;
  @JsonPropertyDescription("Items in the new table, as DescribeTable reports them (AWS updates this about every 6 hours).")
  private Long itemCount;
  private Long tableSizeBytes;
  @JsonPropertyDescription("The source settings read when the restore started, applied to the new table.")
  private SourceSettings sourceSettings;
  private List<AppliedSetting> appliedSettings = new ArrayList<>();
  @JsonPropertyDescription("1 for the next restore to start while Queued.")
  private Integer queuePosition;
  @JsonPropertyDescription("When this restore left the restore queue (a slot became free); a wait for its "
      + "ProtectedTable to become Ready counts from here, not from the TableRestore's creation.")
  private String leftQueueTime;
  @JsonPropertyDescription("The source table's TableId when the restore started: an item-level restore writes back "
      + "only into that same table, never one created again under its name.")
  private String sourceTableId;
  @JsonPropertyDescription("Item-level restore (spec.items): the write-back's progress and counts.")
  private ItemRestoreStatus items;
  @JsonPropertyDescription("The backup restored from (spec.source.backupRef or backupArn); restoreDateTime is then "
      + "the backup's creation time.")
  private String sourceBackupArn;
  private String message;

  /** A shallow copy: lists are new, their elements are replaced rather than changed. */
  public TableRestoreStatus copy() {
    TableRestoreStatus c = new TableRestoreStatus();
    c.phase = phase;
    c.conditions = new ArrayList<>(conditions == null ? List.of() : conditions);
    c.observedGeneration = observedGeneration;
    c.restoreDateTime = restoreDateTime;
    c.sourceTableName = sourceTableName;
    c.sourceTableArn = sourceTableArn;
    c.targetTableArn = targetTableArn;
    c.targetTableId = targetTableId;
    c.targetOwnership = targetOwnership;
    c.roleArn = roleArn;
    c.restoreRequestedTime = restoreRequestedTime;
    c.startTime = startTime;
    c.tableActiveTime = tableActiveTime;
    c.completionTime = completionTime;
    c.durationSeconds = durationSeconds;
    c.itemCount = itemCount;
    c.tableSizeBytes = tableSizeBytes;
    c.sourceSettings = sourceSettings;
    c.appliedSettings = new ArrayList<>(appliedSettings == null ? List.of() : appliedSettings);
    c.queuePosition = queuePosition;
    c.leftQueueTime = leftQueueTime;
    c.sourceTableId = sourceTableId;
    c.items = items;
    c.sourceBackupArn = sourceBackupArn;
    c.message = message;
    return c;
  }

  public String getSourceBackupArn() {
    return sourceBackupArn;
  }

  public void setSourceBackupArn(String sourceBackupArn) {
    this.sourceBackupArn = sourceBackupArn;
  }

  public String getSourceTableId() {
    return sourceTableId;
  }

  public void setSourceTableId(String sourceTableId) {
    this.sourceTableId = sourceTableId;
  }

  /** Replace it rather than change it: status copies share it (see {@link #copy}). */
  public ItemRestoreStatus getItems() {
    return items;
  }

  public void setItems(ItemRestoreStatus items) {
    this.items = items;
  }

  public RestorePhase getPhase() {
    return phase;
  }

  public void setPhase(RestorePhase phase) {
    this.phase = phase;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public String getRestoreDateTime() {
    return restoreDateTime;
  }

  public void setRestoreDateTime(String restoreDateTime) {
    this.restoreDateTime = restoreDateTime;
  }

  public String getSourceTableName() {
    return sourceTableName;
  }

  public void setSourceTableName(String sourceTableName) {
    this.sourceTableName = sourceTableName;
  }

  public String getSourceTableArn() {
    return sourceTableArn;
  }

  public void setSourceTableArn(String sourceTableArn) {
    this.sourceTableArn = sourceTableArn;
  }

  public String getTargetTableArn() {
    return targetTableArn;
  }

  public void setTargetTableArn(String targetTableArn) {
    this.targetTableArn = targetTableArn;
  }

  public String getTargetTableId() {
    return targetTableId;
  }

  public void setTargetTableId(String targetTableId) {
    this.targetTableId = targetTableId;
  }

  public TargetOwnership getTargetOwnership() {
    return targetOwnership;
  }

  public void setTargetOwnership(TargetOwnership targetOwnership) {
    this.targetOwnership = targetOwnership;
  }

  public String getRestoreRequestedTime() {
    return restoreRequestedTime;
  }

  public void setRestoreRequestedTime(String restoreRequestedTime) {
    this.restoreRequestedTime = restoreRequestedTime;
  }

  public String getStartTime() {
    return startTime;
  }

  public void setStartTime(String startTime) {
    this.startTime = startTime;
  }

  public String getTableActiveTime() {
    return tableActiveTime;
  }

  public void setTableActiveTime(String tableActiveTime) {
    this.tableActiveTime = tableActiveTime;
  }

  public String getCompletionTime() {
    return completionTime;
  }

  public void setCompletionTime(String completionTime) {
    this.completionTime = completionTime;
  }

  public Long getDurationSeconds() {
    return durationSeconds;
  }

  public void setDurationSeconds(Long durationSeconds) {
    this.durationSeconds = durationSeconds;
  }

  public Long getItemCount() {
    return itemCount;
  }

  public void setItemCount(Long itemCount) {
    this.itemCount = itemCount;
  }

  public Long getTableSizeBytes() {
    return tableSizeBytes;
  }

  public void setTableSizeBytes(Long tableSizeBytes) {
    this.tableSizeBytes = tableSizeBytes;
  }

  public SourceSettings getSourceSettings() {
    return sourceSettings;
  }

  public void setSourceSettings(SourceSettings sourceSettings) {
    this.sourceSettings = sourceSettings;
  }

  public List<AppliedSetting> getAppliedSettings() {
    return appliedSettings;
  }

  public void setAppliedSettings(List<AppliedSetting> appliedSettings) {
    this.appliedSettings = appliedSettings;
  }

  public Integer getQueuePosition() {
    return queuePosition;
  }

  public void setQueuePosition(Integer queuePosition) {
    this.queuePosition = queuePosition;
  }

  public String getLeftQueueTime() {
    return leftQueueTime;
  }

  public void setLeftQueueTime(String leftQueueTime) {
    this.leftQueueTime = leftQueueTime;
  }

  public String getRoleArn() {
    return roleArn;
  }

  public void setRoleArn(String roleArn) {
    this.roleArn = roleArn;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }
}
