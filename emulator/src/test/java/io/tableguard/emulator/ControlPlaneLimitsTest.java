package io.tableguard.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The token buckets and the classes of operations that share them, on a time the test moves by hand. */
class ControlPlaneLimitsTest {
  private static final long MILLI = 1_000_000;
  private final AtomicLong nanos = new AtomicLong(42 * 1_000 * MILLI);
  private final AtomicInteger restoring = new AtomicInteger();
  private final ControlPlaneLimits limits = new ControlPlaneLimits(AwsLimits.DYNAMODB,
      scope -> scope.equals(AccountRegion.DEFAULT) ? restoring.get() : 0, nanos::get);

  @Test
  void aBucketHoldsOneSecondOfRequestsAndRefillsAtItsRate() {
    TokenBucket bucket = new TokenBucket(10, nanos::get);

    assertThat(takes(bucket, 15)).isEqualTo(10);
    nanos.addAndGet(99 * MILLI);
    assertThat(bucket.tryTake()).isFalse();
    nanos.addAndGet(MILLI);
    assertThat(takes(bucket, 3)).isEqualTo(1);
    nanos.addAndGet(60_000 * MILLI);
    assertThat(takes(bucket, 15)).as("an idle minute refills one second's worth, no more").isEqualTo(10);
  }

  @Test
  void aRateBelowOneASecondStillLetsOneRequestThrough() {
    TokenBucket bucket = new TokenBucket(0.5, nanos::get);

    assertThat(takes(bucket, 3)).isEqualTo(1);
    nanos.addAndGet(1_999 * MILLI);
    assertThat(bucket.tryTake()).isFalse();
    nanos.addAndGet(MILLI);
    assertThat(bucket.tryTake()).isTrue();
  }

  @Test
  void describeContinuousBackupsHasTenASecondOfItsOwn() {
    assertThat(admitted("DescribeContinuousBackups", 12)).isEqualTo(10);
    assertThat(admitted("DescribeTable", 1)).as("the shared bucket is untouched").isEqualTo(1);
    assertThat(limits.throttled()).containsExactly(Map.entry("DescribeContinuousBackups", 2L));
  }

  @Test
  void tagResourceAndUntagResourceShareFiveASecond() {
    assertThat(admitted("TagResource", 3)).isEqualTo(3);
    assertThat(admitted("UntagResource", 3)).isEqualTo(2);
    assertThat(admitted("TagResource", 1)).isZero();
    assertThat(admitted("ListTagsOfResource", 1)).as("listing tags is an ordinary control-plane call").isEqualTo(1);
    assertThat(limits.throttled()).containsEntry("UntagResource", 1L).containsEntry("TagResource", 1L);
  }

  @Test
  void everyOtherControlPlaneCallSharesTwoThousandFiveHundredASecond() {
    assertThat(admitted("DescribeTable", 1_000) + admitted("UpdateContinuousBackups", 1_000)
        + admitted("CreateTable", 400) + admitted("RestoreTableToPointInTime", 99)).isEqualTo(2_499);
    assertThat(admitted("ListTables", 2)).isEqualTo(1);
    assertThat(admitted("UpdateTimeToLive", 1)).isZero();
    assertThat(limits.throttled()).containsOnlyKeys("ListTables", "UpdateTimeToLive");
  }

  @Test
  void theDataPlaneIsNeverLimited() {
    admitted("DescribeTable", 2_500);
    for (String operation : new String[] {"GetItem", "PutItem", "UpdateItem", "DeleteItem", "BatchGetItem",
        "BatchWriteItem", "Query", "Scan", "TransactGetItems", "TransactWriteItems", "ExecuteStatement",
        "BatchExecuteStatement", "ExecuteTransaction"}) {
      assertThat(admitted(operation, 3_000)).as(operation).isEqualTo(3_000);
    }
    assertThat(limits.throttled()).isEmpty();
  }

  @Test
  void throttledRequestsGetDynamoDbsThrottlingAnswer() {
    admitted("DescribeContinuousBackups", 10);

    AwsError refusal = refusal("DescribeContinuousBackups");

    assertThat(refusal.status()).isEqualTo(400);
    assertThat(refusal.body().toString()).isEqualTo("{\"__type\":\"com.amazonaws.dynamodb.v20120810#"
        + "ThrottlingException\",\"message\":\"Rate of requests exceeds the allowed throughput.\"}");
  }

  @Test
  void tableOperationsAreRefusedWhileTooManyTablesAreInProgress() {
    restoring.set(500);

    AwsError refusal = refusal("RestoreTableToPointInTime");

    assertThat(refusal.status()).isEqualTo(400);
    assertThat(refusal.type()).isEqualTo("com.amazonaws.dynamodb.v20120810#LimitExceededException");
    assertThat(refusal.getMessage())
        .isEqualTo("Subscriber limit exceeded: Only 500 tables can be created, updated, or deleted simultaneously");
    assertThat(refusal("DescribeTable")).isNull();
    assertThat(refusal("UpdateContinuousBackups")).as("not a table operation").isNull();
    assertThat(limits.limitExceeded()).isEqualTo(1);
    restoring.set(499);
    assertThat(refusal("CreateTable")).isNull();
  }

  @Test
  void eachAccountAndRegionHasLimitsOfItsOwn() {
    assertThat(admitted("DescribeContinuousBackups", 12)).isEqualTo(10);

    for (AccountRegion other : List.of(new AccountRegion(AccountRegion.DEFAULT_ACCOUNT, "eu-west-1"),
        new AccountRegion("111122223333", "us-east-1"))) {
      assertThat(IntStream.range(0, 12).filter(i -> limits.refusal("DescribeContinuousBackups", other) == null)
          .count()).as(other.toString()).isEqualTo(10);
    }
  }

  @Test
  void tablesInProgressCountInTheirOwnAccountAndRegion() {
    restoring.set(500);
    assertThat(refusal("CreateTable")).isNotNull();
    assertThat(limits.refusal("CreateTable", new AccountRegion("111122223333", "us-east-1"))).isNull();
  }

  @Test
  void theRegionIsTheOneOfTheSignaturesCredentialScope() {
    assertThat(CredentialScope.of("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250301/eu-central-1/dynamodb/"
        + "aws4_request, SignedHeaders=host;x-amz-date, Signature=abc"))
        .isEqualTo(new CredentialScope("AKIDEXAMPLE", "eu-central-1"));
    assertThat(CredentialScope.of(null)).isEqualTo(new CredentialScope("", "us-east-1"));
    assertThat(CredentialScope.of("Bearer token")).isEqualTo(new CredentialScope("", "us-east-1"));
  }

  private AwsError refusal(String operation) {
    return limits.refusal(operation, AccountRegion.DEFAULT);
  }

  private int admitted(String operation, int requests) {
    return (int) IntStream.range(0, requests).filter(i -> refusal(operation) == null).count();
  }

  private static int takes(TokenBucket bucket, int tries) {
    return (int) IntStream.range(0, tries).filter(i -> bucket.tryTake()).count();
  }
}
