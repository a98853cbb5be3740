package io.tableguard.aws;
import io.tableguard.model.SharedReason;

/**
 * A spec whose table the operator will not touch: its text claims something the operator cannot verify or
 * the administrator does not allow. The reason is the condition reason users see.
 */
public class TargetRefused extends RuntimeException {
  private final SharedReason reason;

  public TargetRefused(SharedReason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public SharedReason reason() {
    return reason;
  }
}
