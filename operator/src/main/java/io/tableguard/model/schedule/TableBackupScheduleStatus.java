package io.tableguard.model.schedule;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class TableBackupScheduleStatus {
  @JsonPropertyDescription("Ready (True while backups are made on time and the newest succeeded).")
  private List<Condition> conditions = new ArrayList<>();
  private Long observedGeneration;
  @JsonPropertyDescription("The scheduled instant of the newest TableBackup this schedule made.")
  private String lastScheduleTime;
  @JsonPropertyDescription("Creation time of the newest available backup this schedule made.")
  private String lastSuccessfulTime;
  @JsonPropertyDescription("The next scheduled instant (UTC); none while suspended.")
  private String nextScheduleTime;
  @JsonPropertyDescription("Name of the newest TableBackup this schedule made.")
  private String lastBackup;
  @JsonPropertyDescription("Available backups this schedule made that retention keeps.")
  private Integer kept;
  @JsonPropertyDescription("Backups deleted by retention, since the schedule was created.")
  private Long pruned;
  @JsonPropertyDescription("What happens to runs missed while the operator was away: at most the latest is made up.")
  private String catchUpPolicy;
  private String message;

  /** A shallow copy: the conditions list is new. */
  public TableBackupScheduleStatus copy() {
    TableBackupScheduleStatus c = new TableBackupScheduleStatus();
    c.conditions = new ArrayList<>(conditions == null ? List.of() : conditions);
    c.observedGeneration = observedGeneration;
    c.lastScheduleTime = lastScheduleTime;
    c.lastSuccessfulTime = lastSuccessfulTime;
    c.nextScheduleTime = nextScheduleTime;
    c.lastBackup = lastBackup;
    c.kept = kept;
    c.pruned = pruned;
    c.catchUpPolicy = catchUpPolicy;
    c.message = message;
    return c;
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

  public String getLastScheduleTime() {
    return lastScheduleTime;
  }

  public void setLastScheduleTime(String lastScheduleTime) {
    this.lastScheduleTime = lastScheduleTime;
  }

  public String getLastSuccessfulTime() {
    return lastSuccessfulTime;
  }

  public void setLastSuccessfulTime(String lastSuccessfulTime) {
    this.lastSuccessfulTime = lastSuccessfulTime;
  }

  public String getNextScheduleTime() {
    return nextScheduleTime;
  }

  public void setNextScheduleTime(String nextScheduleTime) {
    this.nextScheduleTime = nextScheduleTime;
  }

  public String getLastBackup() {
    return lastBackup;
  }

  public void setLastBackup(String lastBackup) {
    this.lastBackup = lastBackup;
  }

  public Integer getKept() {
    return kept;
  }

  public void setKept(Integer kept) {
    this.kept = kept;
  }

  public Long getPruned() {
    return pruned;
  }

  public void setPruned(Long pruned) {
    this.pruned = pruned;
  }

  public String getCatchUpPolicy() {
    return catchUpPolicy;
  }

  public void setCatchUpPolicy(String catchUpPolicy) {
    this.catchUpPolicy = catchUpPolicy;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }
}
