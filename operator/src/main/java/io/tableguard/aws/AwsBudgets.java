package io.tableguard.aws;

import io.tableguard.aws.PriorityTokenBucket.Priority;
import io.tableguard.config.AwsBudget;
import java.time.Duration;
import java.util.HashSet;
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
 *
 * <p>A reconcile never holds its thread for a permit that is not due soon: the reconcile threads are shared by every
 * account and region, so one account over its budget would otherwise stop checks and drift correction everywhere.
 * Calls made inside {@link #onBehalfOf} (every reconcile) wait at most {@link #PATIENCE} for the first permit of
 * each bucket; when it is further away the call is not sent, {@link BudgetNotDue} says when it is expected, and the
 * resource keeps its place in that bucket's line until it comes back. A further call of the same bucket in the same
 * reconcile (a second call, or the SDK retrying an attempt) goes first and waits up to one permit interval more,
 * since giving up then would throw away the permits already spent; the SDK's own retry cannot give its thread
 * back, and the wait it can cost is bounded by that interval.
 */
public class AwsBudgets {
  /** The longest a reconcile waits for its first permit of a bucket before giving its thread back. */
  static final Duration PATIENCE = Duration.ofMillis(250);
  private static final ThreadLocal<Boolean> URGENT = ThreadLocal.withInitial(() -> false);
  private static final ThreadLocal<Caller> CALLER = new ThreadLocal<>();

  /** Who is calling (a resource, by uid) and which buckets it spent permits of in this reconcile. */
  private record Caller(String holder, Set<PriorityTokenBucket> spent) {}

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

  /**
   * Runs one reconcile of a resource: its calls never hold the thread long for a permit ({@link BudgetNotDue}
   * instead), and it keeps its place in each bucket's line across reconciles by {@code holder}, e.g. its uid.
   */
  public static <T> T onBehalfOf(String holder, Supplier<T> reconcile) {
    Caller outer = CALLER.get();
    CALLER.set(new Caller(holder, new HashSet<>()));
    try {
      return reconcile.get();
    } finally {
      if (outer == null) {
        CALLER.remove();
      } else {
        CALLER.set(outer);
      }
    }
  }

  /** The interceptor of one account and region's DynamoDB client. */
  public ExecutionInterceptor forAccount(TableTarget target) {
    String key = target.accountRegion();
    return new ExecutionInterceptor() {
      @Override
      public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        OperationClass kind = OperationClass.of(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
        PriorityTokenBucket bucket = bucket(key, kind);
        Caller caller = CALLER.get();
        if (caller != null) {
          take(caller, bucket, key, kind);
          return;
        }
        try {
          bucket.acquire(URGENT.get());
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

  private static void take(Caller caller, PriorityTokenBucket bucket, String accountRegion, OperationClass kind) {
    boolean followUp = caller.spent().contains(bucket);
    Priority priority = followUp ? Priority.FOLLOW_UP : URGENT.get() ? Priority.URGENT : Priority.ROUTINE;
    long patience = PATIENCE.toNanos() + (followUp ? bucket.intervalNanos() : 0);
    long dueIn = bucket.tryAcquire(caller.holder(), priority, patience);
    if (dueIn > 0) {
      // Back a little early, so the permit is waited for in the thread rather than missed.
      throw new BudgetNotDue(accountRegion, kind, Duration.ofNanos(dueIn).minus(PATIENCE.dividedBy(2)));
    }
    caller.spent().add(bucket);
  }

  private PriorityTokenBucket bucket(String accountRegion, OperationClass kind) {
    return buckets.computeIfAbsent(accountRegion + "|" + kind, k -> new PriorityTokenBucket(switch (kind) {
      case DESCRIBE_CONTINUOUS_BACKUPS -> budget.describeContinuousBackupsPerSecond();
      case TAGGING -> budget.taggingPerSecond();
      case LIST_BACKUPS -> budget.listBackupsPerSecond();
      case DELETE_BACKUP -> budget.deleteBackupPerSecond();
      case RESTORE_FROM_BACKUP -> budget.restoreFromBackupPerSecond();
      case CONTROL_PLANE -> budget.controlPlanePerSecond();
    }, System::nanoTime));
  }
}
