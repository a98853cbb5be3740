package io.tableguard.aws;

import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;

/** Every AWS call of the operator: through the account's rate limiter, with failures sorted into kinds. */
public class AwsCalls {
  private final AccountRateLimiters limiters;

  public AwsCalls(AccountRateLimiters limiters) {
    this.limiters = limiters;
  }

  public <T> T call(TableTarget target, String operation, Supplier<T> call) {
    limiters.acquire(target);
    try {
      return call.get();
    } catch (SdkException e) {
      throw AwsFailures.classify(e, operation);
    }
  }

  public void run(TableTarget target, String operation, Runnable call) {
    call(target, operation, () -> {
      call.run();
      return null;
    });
  }
}
