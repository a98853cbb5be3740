package io.tableguard.model.backup;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import io.tableguard.model.restore.SourceSettings;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class TableBackupStatus {
  @JsonPropertyDescription("Pending, Creating, Available or Failed.")
  private BackupPhase phase;
  @JsonPropertyDescription("Ready (True once Available), and Failed with the reason of a terminal failure.")
  private List<Condition> conditions = new ArrayList<>();
  private Long observedGeneration;
  @JsonPropertyDescription("The table backed up, as AWS named it.")
  private String tableName;
  private String tableArn;
  @JsonPropertyDescription("DynamoDB's TableId of the table when it was backed up.")
  private String tableId;
  @JsonPropertyDescription("The role the table is reached with (from its ProtectedTable), kept for deletion.")
  private String roleArn;
  @JsonPropertyDescription("The backup's name, derived from this TableBackup's uid and recorded before CreateBackup is called: after a restart the backup is looked for by this name before it is ever asked for again.")
  private String backupName;
  @JsonPropertyDescription("When CreateBackup was (last) asked; the backup is looked for from here.")
  private String backupRequestedTime;
  private String backupArn;
  @JsonPropertyDescription("True when spec.backupArn named an existing backup: tableguard never deletes it.")
  private Boolean adopted;
  @JsonPropertyDescription("The backup's size as AWS reports it.")
  private Long sizeBytes;
  @JsonPropertyDescription("Items in the backup (the source table's item count when it was made).")
  private Long itemCount;
  @JsonPropertyDescription("When AWS made the backup (the data is as of this instant).")
  private String creationTime;
  @JsonPropertyDescription("When the operator saw the backup AVAILABLE.")
  private String availableTime;
  @JsonPropertyDescription("What a restore needs that DynamoDB's backup does not keep (TTL, streams, tags, deletion protection, auto scaling, PITR), as the table had them when the backup was asked for; empty for an adopted backup.")
  private SourceSettings settings;
  private String message;

  /** A shallow copy: the conditions list is new, settings are replaced rather than changed. */
  public TableBackupStatus copy() {
    TableBackupStatus c = new TableBackupStatus();
    c.phase = phase;
    c.conditions = new ArrayList<>(conditions == null ? List.of() : conditions);
    c.observedGeneration = observedGeneration;
    c.tableName = tableName;
    c.tableArn = tableArn;
    c.tableId = tableId;
    c.roleArn = roleArn;
    c.backupName = backupName;
    c.backupRequestedTime = backupRequestedTime;
    c.backupArn = backupArn;
    c.adopted = adopted;
    c.sizeBytes = sizeBytes;
    c.itemCount = itemCount;
    c.creationTime = creationTime;
    c.availableTime = availableTime;
    c.settings = settings;
    c.message = message;
    return c;
  }

  public BackupPhase getPhase() {
    return phase;
  }

  public void setPhase(BackupPhase phase) {
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

  public String getTableName() {
    return tableName;
  }

  public void setTableName(String tableName) {
    this.tableName = tableName;
  }

  public String getTableArn() {
    return tableArn;
  }

  public void setTableArn(String tableArn) {
    this.tableArn = tableArn;
  }

  public String getTableId() {
    return tableId;
  }

  public void setTableId(String tableId) {
    this.tableId = tableId;
  }

  public String getRoleArn() {
    return roleArn;
  }

  public void setRoleArn(String roleArn) {
    this.roleArn = roleArn;
  }

  public String getBackupName() {
    return backupName;
  }

  public void setBackupName(String backupName) {
    this.backupName = backupName;
  }

  public String getBackupRequestedTime() {
    return backupRequestedTime;
  }

  public void setBackupRequestedTime(String backupRequestedTime) {
    this.backupRequestedTime = backupRequestedTime;
  }

  public String getBackupArn() {
    return backupArn;
  }

  public void setBackupArn(String backupArn) {
    this.backupArn = backupArn;
  }

  public Boolean getAdopted() {
    return adopted;
  }

  public void setAdopted(Boolean adopted) {
    this.adopted = adopted;
  }

  public Long getSizeBytes() {
    return sizeBytes;
  }

  public void setSizeBytes(Long sizeBytes) {
    this.sizeBytes = sizeBytes;
  }

  public Long getItemCount() {
    return itemCount;
  }

  public void setItemCount(Long itemCount) {
    this.itemCount = itemCount;
  }

  public String getCreationTime() {
    return creationTime;
  }

  public void setCreationTime(String creationTime) {
    this.creationTime = creationTime;
  }

  public String getAvailableTime() {
    return availableTime;
  }

  public void setAvailableTime(String availableTime) {
    this.availableTime = availableTime;
  }

  public SourceSettings getSettings() {
    return settings;
  }

  public void setSettings(SourceSettings settings) {
    this.settings = settings;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }
}
