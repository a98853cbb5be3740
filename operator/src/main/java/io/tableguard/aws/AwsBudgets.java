package io.tableguard.aws;

import io.tableguard.config.AwsBudget;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * AWS's request budget, spent where AWS counts it: one token bucket per account and region and per
 * {@link OperationClass}, sized from {@link AwsBudget}. Every HTTP request a DynamoDB client sends takes a permit,
 * SDK retries included. Calls made inside {@link #urgent} (a resource's first check, a drift being put right) are
 * served before routine checks waiting for the same bucket.
 */
public class AwsBudgets {
  private static final ThreadLocal<Boolean> URGENT = ThreadLocal.withInitial(() -> false);

  private final AwsBudget budget;
  private final Map<String, PriorityTokenBucket> buckets = new ConcurrentHashMap<>();

  public AwsBudgets(AwsBudget budget) {
    this.budget = budget;
  }

  public AwsBudget budget() {
    return budget;
  }

  /** Runs the calls ahead of routine ones. Synchronous SDK clients send on the caller's thread. */
  public static <T> T urgent(Supplier<T> calls) {
    boolean outer = URGENT.get();
    URGENT.set(true);
    try {
      return calls.get();
    } finally {
      URGENT.set(outer);
    }
  }

  /** The interceptor of one account and region's DynamoDB client. */
  public ExecutionInterceptor forAccount(TableTarget target) {
    String key = target.accountRegion();
    return new ExecutionInterceptor() {
      @Override
      public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        OperationClass kind = OperationClass.of(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
        try {
          bucket(key, kind).acquire(URGENT.get());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AwsFailure(AwsFailure.Kind.THROTTLED, "RateLimit",
              "interrupted while waiting for the operator's own AWS request budget of " + key, null);
        }
      }
    };
  }

  /**
   * Drops the buckets of every other account and region: no client of theirs is left, so none waits on them. A
   * bucket made again later starts as a fresh one, as an idle bucket would be by then (nothing is banked).
   */
  void retainOnly(Set<String> accountRegionsInUse) {
    buckets.keySet().removeIf(key -> !accountRegionsInUse.contains(key.substring(0, key.lastIndexOf('|'))));
  }

  private PriorityTokenBucket bucket(String accountRegion, OperationClass kind) {
    return buckets.computeIfAbsent(accountRegion + "|" + kind, k -> new PriorityTokenBucket(switch (kind) {
      case DESCRIBE_CONTINUOUS_BACKUPS -> budget.describeContinuousBackupsPerSecond();
      case TAGGING -> budget.taggingPerSecond();
      case CONTROL_PLANE -> budget.controlPlanePerSecond();
    }, System::nanoTime));
  }
}
