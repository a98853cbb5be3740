package io.tableguard.model.protection;

/** What happens to PITR when the ProtectedTable is deleted. The table itself is never deleted. */
public enum DeletionPolicy {
  /** PITR stays on. */
  Retain,
  /** PITR is turned off, which discards the restorable history. */
  Disable
}
