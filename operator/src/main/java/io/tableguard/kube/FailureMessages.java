package io.tableguard.kube;

import io.tableguard.aws.AwsFailure;
import io.tableguard.aws.TableTarget;
import io.tableguard.model.SharedReason;
import java.time.Duration;

/** Turns an AWS failure into a message that says what went wrong and how to fix it. */
public final class FailureMessages {
  private FailureMessages() {}

  /** @param whenNotFound what the resource's kind advises when AWS has no such table */
  public static String explain(TableTarget target, AwsFailure failure, Duration retryIn, String whenNotFound) {
    String retry = "; retrying in " + roundedSeconds(retryIn);
    return switch (failure.kind()) {
      case TABLE_NOT_FOUND -> "DynamoDB " + target + " was not found: " + whenNotFound + retry;
      case ACCESS_DENIED -> "AWS denied " + failure.action() + " on " + target + ": grant "
          + failure.action() + (failure.action().startsWith("sts:") ? " on that role (its trust policy must "
              + "trust the operator's IAM role)" : " on this table to the operator's IAM role")
          + target.roleArn().map(r -> " (" + r + ", from spec.aws.roleArn)").orElse("")
          + " (AWS said: " + failure.getMessage() + ")" + retry;
      case REJECTED -> "AWS rejected " + failure.action() + " on " + target + ": "
          + failure.getMessage() + retry;
      case THROTTLED, UNAVAILABLE -> "AWS did not answer " + failure.action() + " on " + target + ": "
          + failure.getMessage() + retry;
    };
  }

  /** The same failure with another retry delay is the same failure: no new Event for it. */
  public static boolean sameFailure(String message, String other) {
    return other != null && withoutRetry(message).equals(withoutRetry(other));
  }

  private static String withoutRetry(String message) {
    return message.replaceAll("; retrying in \\d+s$", "");
  }

  /** The enum-like condition and Event reason for a failure. */
  public static SharedReason reason(AwsFailure failure) {
    return switch (failure.kind()) {
      case TABLE_NOT_FOUND -> SharedReason.TableNotFound;
      case ACCESS_DENIED -> SharedReason.AccessDenied;
      case THROTTLED -> SharedReason.Throttled;
      case UNAVAILABLE -> SharedReason.AwsUnavailable;
      case REJECTED -> SharedReason.AwsRequestRejected;
    };
  }

  /** Whole seconds, rounded up, so a sub-second delay never reads as "0s". */
  public static String roundedSeconds(Duration delay) {
    return Math.max(1, (delay.toMillis() + 999) / 1000) + "s";
  }
}
