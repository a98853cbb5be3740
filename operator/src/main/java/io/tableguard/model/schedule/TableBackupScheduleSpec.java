package io.tableguard.model.schedule;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.tableguard.model.backup.BackupDeletionPolicy;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class TableBackupScheduleSpec {
  @Required
  @Pattern("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$")
  @ValidationRule(value = "self == oldSelf", message = "spec.protectedTableRef is immutable: a schedule backs up one "
      + "table; make a new schedule for another")
  @JsonPropertyDescription("Name of a ProtectedTable in this namespace: its table is backed up.")
  private String protectedTableRef;

  @Required
  @ValidationRule(value = "self.matches('^\\\\S+( \\\\S+){4}$')",
      message = "spec.schedule must be a cron expression of 5 fields: minute hour day-of-month month day-of-week, "
          + "e.g. \"0 2 * * *\"")
  @JsonPropertyDescription("When to back up: a cron expression of 5 fields (minute hour day-of-month month "
      + "day-of-week), read in timeZone, e.g. \"0 2 * * *\" for 02:00 every day.")
  private String schedule;

  @Default("UTC")
  @Pattern("^[A-Za-z0-9_+/-]{1,64}$")
  @JsonPropertyDescription("IANA time zone the schedule and the daily, weekly, monthly and yearly retention are read "
      + "in, e.g. Europe/Berlin; default UTC. A local time skipped by daylight saving runs once at the next valid "
      + "instant; a repeated one runs once.")
  private String timeZone = "UTC";

  @Default("false")
  @JsonPropertyDescription("No new backups while true; retention still prunes.")
  private Boolean suspend = false;

  @JsonPropertyDescription("Which backups this schedule made to keep; without it every one is kept.")
  private BackupRetention retention;

  @Default("none")
  @JsonPropertyDescription("none (default): the TableBackups outlive the schedule; schedule: they are owned by it "
      + "and go with it (their AWS backups are kept either way: see deletionPolicy).")
  private BackupOwnerReference backupOwnerReference = BackupOwnerReference.none;

  @Default("Retain")
  @JsonPropertyDescription("The deletionPolicy of the TableBackups it makes. Retention deletes the AWS backups it "
      + "prunes whatever this says.")
  private BackupDeletionPolicy deletionPolicy = BackupDeletionPolicy.Retain;

  public String getProtectedTableRef() {
    return protectedTableRef;
  }

  public void setProtectedTableRef(String protectedTableRef) {
    this.protectedTableRef = protectedTableRef;
  }

  public String getSchedule() {
    return schedule;
  }

  public void setSchedule(String schedule) {
    this.schedule = schedule;
  }

  public String getTimeZone() {
    return timeZone;
  }

  public void setTimeZone(String timeZone) {
    this.timeZone = timeZone;
  }

  public Boolean getSuspend() {
    return suspend;
  }

  public void setSuspend(Boolean suspend) {
    this.suspend = suspend;
  }

  public BackupRetention getRetention() {
    return retention;
  }

  public void setRetention(BackupRetention retention) {
    this.retention = retention;
  }

  public BackupOwnerReference getBackupOwnerReference() {
    return backupOwnerReference;
  }

  public void setBackupOwnerReference(BackupOwnerReference backupOwnerReference) {
    this.backupOwnerReference = backupOwnerReference;
  }

  public BackupDeletionPolicy getDeletionPolicy() {
    return deletionPolicy;
  }

  public void setDeletionPolicy(BackupDeletionPolicy deletionPolicy) {
    this.deletionPolicy = deletionPolicy;
  }
}
