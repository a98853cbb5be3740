package io.tableguard.model.restore;

/** What a write-back may change in the live table. */
public enum WriteBackMode {
  /** Write nothing; report the differences. */
  DiffOnly,
  /** Put back items the live table has no item for (the deletion case). */
  MissingOnly,
  /** Also replace live items that differ from the restore point. */
  Overwrite,
  /** Make the selection match the restore point: put back, replace, and delete items that did not exist then. */
  Revert
}
