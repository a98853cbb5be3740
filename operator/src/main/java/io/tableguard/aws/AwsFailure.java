package io.tableguard.aws;

import java.util.Set;

/** An AWS call that failed, sorted by what the operator should do about it. */
public class AwsFailure extends RuntimeException {

  public enum Kind {
    /** The table does not exist (yet): retry with backoff. */
    TABLE_NOT_FOUND,
    /** IAM refused the call: the user must grant the action; retried slowly. */
    ACCESS_DENIED,
    /** AWS throttled us: retry with jittered backoff, change nothing. */
    THROTTLED,
    /** 5xx, time-outs, connection errors: retry with jittered backoff, change nothing. */
    UNAVAILABLE,
    /** Any other client error: a request AWS will not accept as it is. */
    REJECTED
  }

  private static final Set<String> AUTO_SCALING = Set.of("DescribeScalableTargets", "DescribeScalingPolicies",
      "RegisterScalableTarget", "PutScalingPolicy");

  private final Kind kind;
  private final String operation;

  public AwsFailure(Kind kind, String operation, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.operation = operation;
  }

  public Kind kind() {
    return kind;
  }

  /** The API operation that failed, e.g. UpdateContinuousBackups, or sts:AssumeRole outside DynamoDB. */
  public String operation() {
    return operation;
  }

  /** The IAM action to grant, e.g. dynamodb:UpdateContinuousBackups or sts:AssumeRole. */
  public String action() {
    return actionOf(operation);
  }

  /** The IAM action of an operation the operator invokes (DynamoDB's unless named otherwise). */
  public static String actionOf(String operation) {
    if (operation.contains(":")) {
      return operation;
    }
    return (AUTO_SCALING.contains(operation) ? "application-autoscaling:" : "dynamodb:") + operation;
  }

  public boolean isTransient() {
    return kind == Kind.THROTTLED || kind == Kind.UNAVAILABLE;
  }
}
