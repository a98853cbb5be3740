package io.tableguard.aws;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import java.time.Duration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

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

  /**
   * Takes a permit before every HTTP request a client sends, its SDK retries included, so that retries
   * cannot push the account over the limit either.
   */
  public ExecutionInterceptor forAccount(TableTarget target) {
    String key = target.accountRegion();
    RateLimiter limiter = registry.rateLimiter(key);
    return new ExecutionInterceptor() {
      @Override
      public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        if (!limiter.acquirePermission()) {
          throw new AwsFailure(AwsFailure.Kind.THROTTLED, "RateLimit",
              "waited too long for the operator's own AWS rate limit of " + key, null);
        }
      }
    };
  }
}
