package io.tableguard.model.protection;

import io.tableguard.model.Reason;

/** The condition and Event reasons of a ProtectedTable, besides {@link io.tableguard.model.SharedReason}. */
public enum ProtectionReason implements Reason {
  /** Ready: PITR is on with the declared period. */
  Protected,
  /** Another ProtectedTable, in any namespace, protects the same table. */
  Conflict,
  /** The table is not ACTIVE yet; PITR is turned on once it is. */
  TableNotActive,
  /** AWS is turning PITR on (Ready=False, and the PointInTimeRecoveryEnabled condition's reason). */
  PointInTimeRecoveryEnabling,
  /** PITR differs from the declaration (driftPolicy: Report), and its Event. */
  DriftDetected,
  /** PITR matches the declaration. */
  NoDrift,
  /** PITR was changed outside and put back (driftPolicy: Enforce), and its Event. */
  DriftCorrected,
  /** Event: a reported drift is gone. */
  DriftResolved,
  /** Event: the operator turned PITR on. */
  PointInTimeRecoveryEnabled,
  /** Event: the operator set the declared recovery period. */
  RecoveryPeriodUpdated,
  /** Event: deletionPolicy Disable, but another ProtectedTable also protects the table. */
  PointInTimeRecoveryKept,
  /** Event: PITR turned off on deletion (deletionPolicy: Disable). */
  PointInTimeRecoveryDisabled,
  /** Event: the restorable window was found restarted. */
  HistoryLost,
  /** PointInTimeRecoveryEnabled condition: PITR as AWS last answered. */
  Enabled,
  Enabling,
  Disabled,
  Unknown
}
