package io.tableguard.dataplane;

/**
 * What the write-back did with one item of the selection; every item examined gets exactly one, so the counts of
 * all outcomes add up to the items examined, also after a copy pod was killed and resumed.
 */
public enum Outcome {
  /** Put back or replaced with its restore-point version. */
  Written,
  /** Deleted: it did not exist at the restore point (Revert). */
  Deleted,
  /** Left alone: the mode does not change a live item that exists (MissingOnly; Overwrite for items added since). */
  SkippedExisting,
  /** Left alone: the application changed it after the write-back read it. */
  SkippedChanged,
  /** Left alone: writeBack.condition was false for the live item. */
  SkippedByCondition,
  /** Left alone: the condition that guards it would exceed DynamoDB's 4 KB expression limit. */
  SkippedTooLarge,
  /** Not brought back: its time to live had passed. */
  SkippedExpired,
  /** Already the same as at the restore point. */
  Unchanged,
  /** Found the same as at the restore point on a re-run of a page a killed pod had begun: written then. */
  AlreadyRestored,
  /** DiffOnly: a difference, reported and not written. */
  Reported,
  /** Could not be written for another reason (logged without item data). */
  Failed
}
