package io.tableguard.emulator;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.ToIntFunction;

/**
 * Decides which DynamoDB requests AWS would refuse for the account's control-plane limits, and counts them.
 * The rates and the cap on tables in progress are per account and Region, as on AWS: each has buckets of its own. The data plane is not limited here: its
 * limits are per table and in capacity units, not in calls.
 */
final class ControlPlaneLimits {
  /** Item reads and writes, and the SDK's endpoint discovery: none of them is a control-plane call. */
  private static final Set<String> NOT_CONTROL_PLANE = Set.of("GetItem", "PutItem", "UpdateItem", "DeleteItem",
      "BatchGetItem", "BatchWriteItem", "Query", "Scan", "TransactGetItems", "TransactWriteItems",
      "ExecuteStatement", "BatchExecuteStatement", "ExecuteTransaction", "DescribeEndpoints");
  /** The calls that put a table into CREATING, UPDATING or DELETING, which AWS caps in number at once. */
  private static final Set<String> TABLE_OPERATIONS = Set.of("CreateTable", "UpdateTable", "DeleteTable",
      "UpdateTimeToLive", "RestoreTableFromBackup", "RestoreTableToPointInTime");

  /** One Region's buckets. */
  private record Buckets(TokenBucket describeContinuousBackups, TokenBucket tagging, TokenBucket controlPlane) {}

  private final AwsLimits limits;
  private final ToIntFunction<AccountRegion> tableOperationsInProgress;
  private final LongSupplier nanoTime;
  private final Map<AccountRegion, Buckets> byScope = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> throttled = new ConcurrentHashMap<>();
  private final LongAdder limitExceeded = new LongAdder();

  ControlPlaneLimits(AwsLimits limits, ToIntFunction<AccountRegion> tableOperationsInProgress,
      LongSupplier nanoTime) {
    this.limits = limits;
    this.tableOperationsInProgress = tableOperationsInProgress;
    this.nanoTime = nanoTime;
  }

  /** The error AWS would answer this DynamoDB operation in this account and Region, now; null to serve it. */
  AwsError refusal(String operation, AccountRegion scope) {
    if (NOT_CONTROL_PLANE.contains(operation)) {
      return null;
    }
    if (!bucketOf(operation, byScope.computeIfAbsent(scope, r -> newBuckets())).tryTake()) {
      throttled.computeIfAbsent(operation, o -> new LongAdder()).increment();
      return FaultInjector.Fault.THROTTLING.json(true);
    }
    if (TABLE_OPERATIONS.contains(operation) && tableOperationsInProgress.applyAsInt(scope)
        >= limits.concurrentTableOperations()) {
      limitExceeded.increment();
      // AWS's wording, which has named the current cap since it was 10.
      return AwsError.dynamo("LimitExceededException", "Subscriber limit exceeded: Only "
          + limits.concurrentTableOperations() + " tables can be created, updated, or deleted simultaneously");
    }
    return null;
  }

  private Buckets newBuckets() {
    return new Buckets(new TokenBucket(limits.describeContinuousBackupsPerSecond(), nanoTime),
        new TokenBucket(limits.taggingPerSecond(), nanoTime), new TokenBucket(limits.controlPlanePerSecond(), nanoTime));
  }

  private static TokenBucket bucketOf(String operation, Buckets buckets) {
    return switch (operation) {
      case "DescribeContinuousBackups" -> buckets.describeContinuousBackups();
      case "TagResource", "UntagResource" -> buckets.tagging();
      default -> buckets.controlPlane();
    };
  }

  /** Throttled answers so far, by operation, in name order. */
  Map<String, Long> throttled() {
    Map<String, Long> counts = new TreeMap<>();
    throttled.forEach((operation, count) -> counts.put(operation, count.sum()));
    return counts;
  }

  long limitExceeded() {
    return limitExceeded.sum();
  }
}
