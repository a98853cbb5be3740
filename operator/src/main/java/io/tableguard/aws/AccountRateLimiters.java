package io.tableguard.aws;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import java.time.Duration;

/**
 * One token bucket per AWS account and region. DynamoDB's control-plane quotas (DescribeContinuousBackups:
 * 10 calls a second) are per account and region, whatever the number of resources and namespaces.
 */
public class AccountRateLimiters {
  private final RateLimiterRegistry registry;

  public AccountRateLimiters(double callsPerSecond) {
    // One permit every 1/rate seconds rather than `rate` permits each second: no burst of 2x the rate
    // where two one-second periods meet.
    this.registry = RateLimiterRegistry.of(RateLimiterConfig.custom()
        .limitForPeriod(1)
        .limitRefreshPeriod(Duration.ofNanos((long) (1_000_000_000L / callsPerSecond)))
        // A reconcile thread waits for its turn rather than failing: the queue is bounded by resources.
        .timeoutDuration(Duration.ofMinutes(5))
        .build());
  }

  /** Blocks until the account and region of the target may make one more call. */
  public void acquire(TableTarget target) {
    RateLimiter limiter = registry.rateLimiter(target.accountId() + "/" + target.region());
    if (!limiter.acquirePermission()) {
      throw new AwsFailure(AwsFailure.Kind.THROTTLED, "RateLimit",
          "waited too long for the operator's own AWS rate limit of " + target.accountId() + "/" + target.region(),
          null);
    }
  }
}
