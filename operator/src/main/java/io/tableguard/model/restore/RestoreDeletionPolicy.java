package io.tableguard.model.restore;

/** What happens to the restored table when its TableRestore is deleted. */
public enum RestoreDeletionPolicy {
  Retain, Delete
}
