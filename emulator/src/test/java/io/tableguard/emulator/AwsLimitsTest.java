package io.tableguard.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tableguard.testsupport.MutableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.LimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingException;

/**
 * DynamoDB's control-plane limits as the AWS SDK meets them over HTTP. Each test has an emulator of its own, so
 * that no test finds a bucket another one emptied; the limits run on real time, so the counts allow for the
 * tokens that come back while the requests are being made.
 */
class AwsLimitsTest {
  private static final ClientOverrideConfiguration NO_RETRIES = ClientOverrideConfiguration.builder()
      .retryStrategy(AwsRetryStrategy.doNotRetry()).build();
  private final List<AutoCloseable> opened = new ArrayList<>();
  private final MutableClock clock = new MutableClock(EmulatorTestBase.START);

  @AfterEach
  void close() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
  }

  @Test
  void describeContinuousBackupsIsThrottledAboveTenASecondWithDynamoDbsAnswer() throws Exception {
    PitrEmulator emulator = start(AwsLimits.DYNAMODB);
    DynamoDbClient once = noRetries(emulator);
    EmulatorClients.createTable(once, "paced");

    Burst burst = burst(25, () -> once.describeContinuousBackups(r -> r.tableName("paced")));

    assertThat(burst.served()).isBetween(10, burst.allowedAt(10));
    assertThat(burst.refused()).allSatisfy(AwsLimitsTest::assertThrottled);
    assertThat(emulator.throttledCount("DescribeContinuousBackups")).isEqualTo(burst.refused().size());
    assertThat(emulator.throttledCounts()).containsOnlyKeys("DescribeContinuousBackups");
    HttpResponse<String> raw = throttledRawCall(emulator, "DescribeContinuousBackups", "{\"TableName\":\"paced\"}");
    assertThat(raw.body()).isEqualTo("{\"__type\":\"com.amazonaws.dynamodb.v20120810#ThrottlingException\","
        + "\"message\":\"Rate of requests exceeds the allowed throughput.\"}");
    assertThat(raw.headers().firstValue("x-amzn-ErrorType")).hasValue("ThrottlingException");
    assertThat(raw.headers().firstValue("x-amzn-RequestId")).isPresent();
    assertThat(raw.headers().firstValue("Content-Type")).hasValue("application/x-amz-json-1.0");
  }

  @Test
  void tagResourceAndUntagResourceShareFiveASecondAndARefusedCallChangesNothing() {
    PitrEmulator emulator = start(AwsLimits.DYNAMODB);
    DynamoDbClient once = noRetries(emulator);
    String arn = EmulatorClients.createTable(once, "tagged").tableArn();
    List<String> tagged = new ArrayList<>();
    int[] call = {0};

    Burst burst = burst(16, () -> {
      int n = call[0]++;
      if (n % 2 == 0) {
        once.tagResource(r -> r.resourceArn(arn).tags(Tag.builder().key("k" + n).value("v").build()));
        tagged.add("k" + n);
      } else {
        once.untagResource(r -> r.resourceArn(arn).tagKeys("never-set"));
      }
    });

    assertThat(burst.served()).isBetween(5, burst.allowedAt(5));
    assertThat(emulator.throttledCount("TagResource")).isPositive();
    assertThat(emulator.throttledCount("UntagResource")).isPositive();
    assertThat(emulator.throttledCount("TagResource") + emulator.throttledCount("UntagResource"))
        .isEqualTo(burst.refused().size());
    assertThat(once.listTagsOfResource(r -> r.resourceArn(arn)).tags()).extracting(Tag::key)
        .as("only the tag calls that were served").containsExactlyElementsOf(tagged);
  }

  @Test
  void otherControlPlaneCallsShareOneBucketAndTheDataPlaneIsNotLimited() {
    PitrEmulator emulator = start(new AwsLimits(10, 5, 3, 500));
    DynamoDbClient once = noRetries(emulator);
    EmulatorClients.createTable(once, "shared");
    sleepForTokens(1);

    for (int i = 0; i < 50; i++) {
      String key = "item-" + i;
      once.putItem(r -> r.tableName("shared").item(Map.of("pk", AttributeValue.fromS(key))));
    }
    assertThat(once.scan(r -> r.tableName("shared")).count()).isEqualTo(50);
    Burst burst = burst(4, List.of(
        () -> once.describeTable(r -> r.tableName("shared")),
        () -> once.listTables(),
        () -> once.describeTimeToLive(r -> r.tableName("shared")),
        () -> once.updateContinuousBackups(r -> r.tableName("shared")
            .pointInTimeRecoverySpecification(s -> s.pointInTimeRecoveryEnabled(true)))));

    assertThat(burst.served()).isBetween(3, burst.allowedAt(3));
    assertThat(emulator.throttledCounts().keySet())
        .isSubsetOf("DescribeTable", "ListTables", "DescribeTimeToLive", "UpdateContinuousBackups")
        .doesNotContain("PutItem", "Scan");
    assertThat(once.describeContinuousBackups(r -> r.tableName("shared"))).as("a bucket of its own").isNotNull();
  }

  @Test
  void theSdksDefaultRetriesGetThroughTheLimits() {
    PitrEmulator emulator = start(AwsLimits.DYNAMODB);
    DynamoDbClient retrying = EmulatorClients.dynamo(emulator);
    opened.add(retrying);
    EmulatorClients.createTable(retrying, "patient");

    // Four callers at once, so the rate passes ten a second however slow the machine is.
    List<CompletableFuture<Void>> callers = new ArrayList<>();
    for (int c = 0; c < 4; c++) {
      callers.add(CompletableFuture.runAsync(() -> {
        for (int i = 0; i < 15; i++) {
          retrying.describeContinuousBackups(r -> r.tableName("patient"));
        }
      }));
    }

    CompletableFuture.allOf(callers.toArray(CompletableFuture[]::new)).join();
    assertThat(emulator.throttledCount("DescribeContinuousBackups")).isPositive();
  }

  @Test
  void tableOperationsAreRefusedWithLimitExceededWhileTooManyRestoresAreCreating() {
    PitrEmulator emulator = start(new AwsLimits(10, 5, 2_500, 1));
    DynamoDbClient once = noRetries(emulator);
    EmulatorClients.createTable(once, "source");
    once.updateContinuousBackups(r -> r.tableName("source")
        .pointInTimeRecoverySpecification(s -> s.pointInTimeRecoveryEnabled(true)));
    once.restoreTableToPointInTime(r -> r.sourceTableName("source").targetTableName("first")
        .useLatestRestorableTime(true));

    LimitExceededException refused = catchThrowableOfType(LimitExceededException.class,
        () -> once.restoreTableToPointInTime(r -> r.sourceTableName("source").targetTableName("second")
            .useLatestRestorableTime(true)));
    LimitExceededException create = catchThrowableOfType(LimitExceededException.class,
        () -> EmulatorClients.createTable(once, "third"));

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.awsErrorDetails().errorMessage())
        .isEqualTo("Subscriber limit exceeded: Only 1 tables can be created, updated, or deleted simultaneously");
    assertThat(create).isNotNull();
    assertThat(emulator.limitExceededCount()).isEqualTo(2);
    assertThat(once.listTables().tableNames()).containsExactly("first", "source");
    clock.advance(Duration.ofMinutes(11));
    EmulatorClients.awaitActive(once, "first");
    once.restoreTableToPointInTime(r -> r.sourceTableName("source").targetTableName("second")
        .useLatestRestorableTime(true));
  }

  @Test
  void withoutTheOptionNothingIsLimited() {
    PitrEmulator emulator = start(null);
    DynamoDbClient once = noRetries(emulator);
    EmulatorClients.createTable(once, "free");

    for (int i = 0; i < 40; i++) {
      once.describeContinuousBackups(r -> r.tableName("free"));
    }

    assertThat(emulator.throttledCounts()).isEmpty();
    assertThat(emulator.limitExceededCount()).isZero();
  }

  private PitrEmulator start(AwsLimits limits) {
    PitrEmulator emulator = new PitrEmulator(PitrEmulator.Options.defaults().withClock(clock)
        .withRestoreDelay(Duration.ofMinutes(10)).withAwsLimits(limits));
    opened.add(emulator);
    return emulator;
  }

  private DynamoDbClient noRetries(PitrEmulator emulator) {
    DynamoDbClient client = EmulatorClients.client(DynamoDbClient.builder().overrideConfiguration(NO_RETRIES),
        emulator);
    opened.add(client);
    return client;
  }

  /** How a burst of calls went: which were served, which refused, and how long it took. */
  private record Burst(int served, List<DynamoDbException> refused, Duration took) {
    /** The most a bucket of this rate (and burst) may have let through in the time the burst took. */
    int allowedAt(double perSecond) {
      return (int) Math.floor(perSecond + perSecond * took.toNanos() / 1e9);
    }
  }

  private static Burst burst(int calls, Runnable call) {
    return burst(calls, List.of(call));
  }

  /** Makes the calls one after another, taking the given ones in turn. */
  private static Burst burst(int calls, List<Runnable> inTurn) {
    List<DynamoDbException> refused = new ArrayList<>();
    int served = 0;
    Instant start = Instant.now();
    for (int i = 0; i < calls; i++) {
      try {
        inTurn.get(i % inTurn.size()).run();
        served++;
      } catch (DynamoDbException e) {
        refused.add(e);
      }
    }
    return new Burst(served, refused, Duration.between(start, Instant.now()));
  }

  private static void assertThrottled(DynamoDbException e) {
    assertThat(e).isInstanceOf(ThrottlingException.class);
    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.isThrottlingException()).isTrue();
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Rate of requests exceeds the allowed throughput.");
  }

  /**
   * One DynamoDB call by hand, to see the exact bytes AWS's protocol carries, repeated until it is throttled
   * (the bucket may have refilled a token since the test emptied it).
   */
  private static HttpResponse<String> throttledRawCall(PitrEmulator emulator, String operation, String body)
      throws Exception {
    HttpRequest request = HttpRequest.newBuilder(emulator.endpoint())
        .header("X-Amz-Target", "DynamoDB_20120810." + operation)
        .header("Content-Type", "application/x-amz-json-1.0")
        .header("Authorization", "AWS4-HMAC-SHA256 Credential=testing/20250101/us-east-1/dynamodb/aws4_request, "
            + "SignedHeaders=host, Signature=0")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();
    for (int i = 0; i < 50; i++) {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 400) {
        return response;
      }
    }
    throw new AssertionError(operation + " was never throttled in 50 calls");
  }

  /** Waits until a bucket of this rate is full again after the set-up's calls. */
  private static void sleepForTokens(double seconds) {
    try {
      Thread.sleep((long) (seconds * 1000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
