package io.tableguard.model.backup;

import io.tableguard.model.Reason;

/** Where a TableBackup is in its life. Available and Failed are terminal and never left. */
public enum BackupPhase implements Reason {
  Pending, Creating, Available, Failed;

  public boolean terminal() {
    return this == Available || this == Failed;
  }
}
