package io.tableguard.restore;
import io.tableguard.model.Reason;

/** A TableRestore that cannot go on: it ends Failed with this reason, and is never retried. */
class RestoreFailure extends RuntimeException {
  private final Reason reason;

  RestoreFailure(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  Reason reason() {
    return reason;
  }
}
