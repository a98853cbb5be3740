package io.tableguard.model.backup;

/**
 * What happens to the AWS backup when its TableBackup is explicitly deleted. A TableBackup deleted because its
 * namespace is being deleted keeps its AWS backup whatever this says; an adopted backup is never deleted.
 */
public enum BackupDeletionPolicy {
  /** The AWS backup stays. */
  Retain,
  /** DeleteBackup, only for a backup this TableBackup made. */
  Delete
}
