package io.tableguard.aws;

import java.time.Duration;

/**
 * A DynamoDB call that was not sent: its account and region's request budget has no permit for it soon, and a
 * reconcile thread does not wait that long (the threads are shared by every account and region). The caller keeps
 * its place in line; its reconcile ends without changing anything and comes back after {@link #retryIn()}. Not a
 * failure, and nothing AWS said.
 */
public class BudgetNotDue extends RuntimeException {
  private final Duration retryIn;

  public BudgetNotDue(String accountRegion, OperationClass kind, Duration retryIn) {
    super("no " + kind + " permit of " + accountRegion + "'s AWS request budget for " + retryIn.toMillis() + " ms",
        null, false, false);
    this.retryIn = retryIn;
  }

  /** When the permit is expected: the reconcile should run again then. */
  public Duration retryIn() {
    return retryIn;
  }
}
