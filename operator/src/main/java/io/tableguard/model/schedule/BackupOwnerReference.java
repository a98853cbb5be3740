package io.tableguard.model.schedule;

/** Whether the TableBackups a schedule makes are owned by it (and so deleted by Kubernetes with it). */
public enum BackupOwnerReference {
  /** The TableBackups outlive the schedule (their AWS backups are kept either way). */
  none,
  /** The TableBackups carry an owner reference to the schedule; deleting it deletes them, keeping their backups. */
  schedule
}
