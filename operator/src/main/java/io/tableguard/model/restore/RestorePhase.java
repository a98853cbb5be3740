package io.tableguard.model.restore;

import io.tableguard.model.Reason;

/** Where a TableRestore is in its life. Completed and Failed are terminal and never left. */
public enum RestorePhase implements Reason {
  Pending, Queued, Restoring, ApplyingSettings, WritingBack, Completed, Failed;

  public boolean terminal() {
    return this == Completed || this == Failed;
  }

  /** Still at work: restoring, copying settings, or writing items back. */
  public boolean working() {
    return running() || this == WritingBack;
  }

  /** A restore that counts against the per-account limit of concurrent restores. */
  public boolean running() {
    return this == Restoring || this == ApplyingSettings;
  }
}
