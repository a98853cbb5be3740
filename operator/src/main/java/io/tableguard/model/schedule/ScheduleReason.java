package io.tableguard.model.schedule;

import io.tableguard.model.Reason;

/** Condition and Event reasons of a TableBackupSchedule; the reasons every kind shows are {@code SharedReason}. */
public enum ScheduleReason implements Reason {
  /** Running on time: the next backup is due at status.nextScheduleTime. */
  Scheduled,
  /** spec.suspend: no backup is made; retention still prunes. */
  Suspended,
  /** A TableBackup was made for a scheduled instant. */
  BackupScheduled,
  /** The newest TableBackup it made failed. */
  BackupFailed,
  /** Runs were missed while the operator was away; at most the latest one was made up. */
  RunsMissed,
  /** A backup fell out of the retention rules and was deleted, with its TableBackup. */
  BackupPruned,
  /** A backup the retention rules drop could not be deleted (AWS refused); retried. */
  PruneFailed
}
