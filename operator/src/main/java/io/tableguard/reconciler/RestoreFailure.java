package io.tableguard.reconciler;

/** A TableRestore that cannot go on: it ends Failed with this reason, and is never retried. */
class RestoreFailure extends RuntimeException {
  private final String reason;

  RestoreFailure(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  String reason() {
    return reason;
  }
}
