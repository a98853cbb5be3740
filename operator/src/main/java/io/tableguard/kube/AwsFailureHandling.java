package io.tableguard.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.tableguard.aws.AwsFailure;
import io.tableguard.aws.TableTarget;
import io.tableguard.model.SharedReason;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every kind does with an AWS failure, in one place: when to try again (backoff per resource, up to a cap),
 * one log line, whether it passes by itself (throttling, 5xx: retried quietly, the last good status kept), and
 * the reason and message users read (with the kind's own advice for a table that is not there). The kind then
 * writes its status or Event from the answer.
 */
public final class AwsFailureHandling {
  private static final Logger log = LoggerFactory.getLogger(AwsFailureHandling.class);

  /** The decision for one failure. */
  public record Handled(SharedReason reason, Duration retryIn, boolean passesByItself, String message) {}

  private final RetryBackoff backoff;

  public AwsFailureHandling(RetryBackoff backoff) {
    this.backoff = backoff;
  }

  /**
   * @param doing what the resource was doing, for the log line ("check", "phase Restoring", "deletion")
   * @param target the table the call was for, or null when the failure came before it was known
   * @param whenNotFound the kind's advice when AWS has no such table
   */
  public Handled handle(HasMetadata resource, String doing, TableTarget target, AwsFailure failure, Duration cap,
      String whenNotFound) {
    Duration retryIn = backoff.next(resource.getMetadata().getUid(), cap);
    SharedReason reason = FailureMessages.reason(failure);
    log.info("{}/{} {} from AWS on {} ({}), retrying in {}", resource.getMetadata().getNamespace(),
        resource.getMetadata().getName(), reason, failure.operation(), doing, FailureMessages.roundedSeconds(retryIn));
    String message = target == null ? "AWS refused " + failure.action() + ": " + failure.getMessage()
        : FailureMessages.explain(target, failure, retryIn, whenNotFound);
    return new Handled(reason, retryIn, failure.isTransient(), message);
  }

  /** The resource succeeded: its next failure starts the backoff again. */
  public void succeeded(HasMetadata resource) {
    backoff.reset(resource.getMetadata().getUid());
  }
}
