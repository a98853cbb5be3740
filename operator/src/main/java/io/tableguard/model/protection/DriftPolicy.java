package io.tableguard.model.protection;

/** What the operator does when the table's PITR no longer matches the declaration. */
public enum DriftPolicy {
  /** Turn PITR back on and restore the declared recovery period. */
  Enforce,
  /** Never write to AWS; only report the difference on status, in Events and in metrics. */
  Report
}
