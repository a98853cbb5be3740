package io.tableguard.backup;

import io.tableguard.model.Reason;

/** Ends a TableBackup as Failed, with the reason and a message that says what to do. */
class BackupFailure extends RuntimeException {
  private final Reason reason;

  BackupFailure(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  Reason reason() {
    return reason;
  }
}
