package io.tableguard.benchmark;

import io.tableguard.emulator.PitrEmulator;
import io.tableguard.testsupport.AwsFaultProxy;
import io.tableguard.testsupport.DynamoTables;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/**
 * One run's AWS: a fresh emulator enforcing DynamoDB's control-plane limits, the counting proxy in front of it that
 * the operator talks to, and a client of the benchmark's own that goes straight to the emulator, as someone outside
 * the operator would, so that creating tables and turning PITR off never show up among the operator's calls.
 */
final class AwsWorld implements AutoCloseable {
  /** Answers the emulator's limits give; the benchmark's own calls wait and try again. */
  private static final Set<String> RETRIED = Set.of("ThrottlingException", "LimitExceededException");
  /** The emulator serves 8 requests at once; more threads would only queue there. */
  private static final int CREATORS = 8;

  private final PitrEmulator emulator;
  private final AwsFaultProxy proxy;
  private final DynamoDbClient direct;
  /** Refusals of the benchmark's own calls by operation, so that those the operator got can be told apart. */
  private final Map<String, Long> ownThrottled = new ConcurrentHashMap<>();

  private AwsWorld(PitrEmulator emulator) {
    this.emulator = emulator;
    this.proxy = AwsFaultProxy.start(emulator.endpoint());
    // The SDK's own retries would hide refusals from ownThrottled; retryingLimits retries instead.
    this.direct = DynamoDbClient.builder().endpointOverride(emulator.endpoint())
        .region(Region.of(DynamoTables.REGION))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  /** With AWS's limits on; with {@code eventQueue}, every control-plane write also sends its CloudTrail event. */
  static AwsWorld start(URI eventQueue) {
    PitrEmulator.Options options = PitrEmulator.Options.defaults().withAwsLimits(true);
    return new AwsWorld(new PitrEmulator(eventQueue == null ? options : options.withEventQueue(eventQueue)));
  }

  PitrEmulator emulator() {
    return emulator;
  }

  /** Where the operator's DynamoDB and STS calls go: through the proxy, which records each one. */
  URI operatorEndpoint() {
    return proxy.endpoint();
  }

  List<AwsFaultProxy.RecordedCall> operatorCalls() {
    return proxy.calls();
  }

  /** Creates the tables (without PITR, as DynamoDB creates them) in parallel; returns how long it took. */
  Duration createTables(List<String> names) throws Exception {
    long start = System.nanoTime();
    AtomicInteger done = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(CREATORS);
    try {
      List<Future<?>> creations = new ArrayList<>();
      for (String name : names) {
        creations.add(pool.submit(() -> {
          retryingLimits("CreateTable", () -> DynamoTables.create(direct, name));
          int n = done.incrementAndGet();
          if (n % 1000 == 0 && n < names.size()) {
            Console.progress("  %s of %s tables created", Format.count(n), Format.count(names.size()));
          }
        }));
      }
      for (Future<?> creation : creations) {
        creation.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /** PITR off behind the operator's back, as someone with the console would do it. */
  void turnPitrOff(String table) {
    retryingLimits("UpdateContinuousBackups", () -> direct.updateContinuousBackups(r -> r.tableName(table)
        .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(false))));
  }

  /** ThrottlingExceptions the emulator answered the operator, by operation: all it answered less the benchmark's. */
  Map<String, Long> throttledForOperator() {
    Map<String, Long> operator = new TreeMap<>();
    emulator.throttledCounts().forEach((operation, n) -> {
      long theirs = n - ownThrottled.getOrDefault(operation, 0L);
      if (theirs > 0) {
        operator.put(operation, theirs);
      }
    });
    return operator;
  }

  private void retryingLimits(String operation, Runnable call) {
    for (int attempt = 1; ; attempt++) {
      try {
        call.run();
        return;
      } catch (DynamoDbException e) {
        String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
        if (!RETRIED.contains(code) || attempt == 20) {
          throw e;
        }
        ownThrottled.merge(operation, 1L, Long::sum);
        sleep(Duration.ofMillis(50L * attempt));
      }
    }
  }

  static void sleep(Duration duration) {
    try {
      Thread.sleep(Math.max(0, duration.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public void close() {
    direct.close();
    proxy.close();
    emulator.close();
  }
}
