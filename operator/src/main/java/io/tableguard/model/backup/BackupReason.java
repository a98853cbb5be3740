package io.tableguard.model.backup;

import io.tableguard.model.Reason;

/** Condition and Event reasons of a TableBackup; the reasons every kind shows are {@code SharedReason}. */
public enum BackupReason implements Reason {
  /** CreateBackup was asked (the backup's name is on status); AWS is making it. */
  BackupRequested,
  /** Another backup, restore or delete is running on the table: asked again under the same name. */
  BackupInUse,
  /** The backup is AVAILABLE. */
  BackupAvailable,
  /** spec.backupArn is a backup of another table than the ProtectedTable's, or of another account or Region. */
  BackupNotOfThisTable,
  /** The AWS backup was deleted (deletionPolicy: Delete, explicit deletion). */
  BackupDeleted,
  /** The AWS backup was kept when the TableBackup was deleted, and why. */
  BackupRetained
}
