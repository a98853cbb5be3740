package io.tableguard.model;

/** What happens to the restored table when its TableRestore is deleted. */
public enum RestoreDeletionPolicy {
  Retain, Delete
}
