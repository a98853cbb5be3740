package io.tableguard.model.restore;

import io.tableguard.model.Reason;

/**
 * The condition and Event reasons of a TableRestore, besides its phases (Pending, Queued, Restoring,
 * ApplyingSettings are Ready=False reasons too) and {@link io.tableguard.model.SharedReason}.
 */
public enum RestoreReason implements Reason {
  /** Waiting for the source (a generic wait). */
  WaitingForSource,
  /** Failed: the source table is gone. */
  SourceTableNotFound,
  /** Failed: PITR is off on the source table. */
  PointInTimeRecoveryDisabled,
  /** Failed: spec.restorePoint.time cannot be read. */
  InvalidRestoreTime,
  /** Failed: the restore time is outside the source's restorable window. */
  RestoreTimeOutsideWindow,
  /** Failed: an index override names an index the source lacks. */
  UnknownIndex,
  /** Failed: another TableRestore restores into the table, or a ProtectedTable names it. */
  TargetClaimed,
  /** Failed: the target table exists and was not made by this restore. */
  TargetTableExists,
  /** Failed: the target was deleted while it was being restored or set up. */
  TargetTableDeleted,
  /** Failed: another table took the target's name. */
  TargetTableReplaced,
  /** Failed: AWS rejected the restore request. */
  RestoreRejected,
  /** Event: AWS accepted the restore request. */
  RestoreStarted,
  /** Event: the restored table could not be tagged with its name tags. */
  NameTagsNotSet,
  /** Event: a setting could not be copied onto the restored table. */
  SettingNotCopied,
  /** Ready: the restore completed and every setting was copied. */
  Completed,
  /** Ready: the restore completed, some settings not copied. */
  CompletedWithWarnings,
  /** Event: the restore completed. */
  RestoreCompleted,
  /** Ready, Completed: the table may be someone else's restore of the same second; never touched. */
  OwnershipUnproven,
  /** Completed: the same restore was done before by a TableRestore ttlAfterCompletion deleted. */
  AlreadyCompleted,
  /** Event: deletionPolicy Delete deleted the restored table. */
  TableDeleted,
  /** Event: deletionPolicy Delete, but the table was left alone (the Event says why). */
  TableNotDeleted,
  /** Failed: spec.items on a global table, where conditional writes do not hold across replicas. */
  GlobalTableNotSupported,
  /** Failed: spec.items.keys do not name the table's key attributes (as S, N or B). */
  InvalidItemKeys,
  /** Failed: the live table was deleted and created again since the restore started. */
  LiveTableReplaced,
  /** Failed: the live table's key schema is not the restore point's. */
  KeySchemaChanged,
  /** Failed: spec.items needs the copy Jobs' role (copyJobs.roleArn) and the operator has none. */
  CopyRoleNotConfigured,
  /** Event: the copy Job started writing back. */
  WriteBackStarted,
  /** Event, Ready: the write-back finished. */
  WriteBackCompleted,
  /** Failed, Event: the copy Job failed. */
  WriteBackFailed,
  /** Event: the intermediate table was deleted after a successful write-back. */
  IntermediateTableDeleted
}
