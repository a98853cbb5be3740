package io.tableguard.benchmark;

import io.tableguard.dataplane.Outcome;
import io.tableguard.dataplane.Selection;
import io.tableguard.dataplane.ShardWriteBack;
import io.tableguard.dataplane.Tally;
import io.tableguard.model.restore.WriteBackMode;
import io.tableguard.emulator.PitrEmulator;
import io.tableguard.testsupport.InMemoryCheckpoints;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The write-back engine's speed on the emulator, a program that prints a table (never a timed test):
 * {@code mvn -B -q -pl operator test-compile exec:exec@writeback-benchmark [-Dwriteback.items=200000]
 * [-Dwriteback.latencyMs=0,5]}: one table per latency, the emulator holding each answer that long as a round trip
 * to AWS would (on loopback alone every request costs only CPU, which concurrency cannot multiply on 2 cores).
 *
 * <p>For each mode (MissingOnly into an empty live table; Overwrite and Revert over a live table where every item
 * differs) at parallelism 1 and 2 (shards run side by side, as pods would), items per second of the engine's
 * guarded writes, beside (a) the naive loop a hand-written script is (one Scan page, one PutItem at a time) and
 * (b) the emulator's ceiling for the same kind of request (conditional PutItem, 32 at once, nothing read), each
 * measured in the same run. Items are seeded through the emulator into tables without PITR (no history kept).
 */
public final class WriteBackBenchmark {
  private static final int WRITE_THREADS = 16;

  public static void main(String[] args) throws Exception {
    int items = Integer.parseInt(property("writeback.items", "200000"));
    for (String latency : property("writeback.latencyMs", "0,5").split(",")) {
      run(items, Duration.ofMillis(Long.parseLong(latency.strip())));
    }
  }

  /** One table: every row measured on one emulator whose answers are held this long (0: loopback as it is). */
  private static void run(int items, Duration latency) throws Exception {
    try (PitrEmulator emulator = new PitrEmulator(PitrEmulator.Options.defaults().withLatency(latency));
        DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(emulator.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
            .build()) {
      WriteBackBenchmark bench = new WriteBackBenchmark(dynamo);
      String restorePoint = bench.table("restore-point");
      bench.seed(restorePoint, items, "then");
      List<String[]> rows = new ArrayList<>();
      double naive = bench.naiveLoop(restorePoint, Duration.ofSeconds(10));
      double ceiling = bench.ceiling(Duration.ofSeconds(10));
      rows.add(row("naive loop (Scan, one PutItem at a time)", "-", naive, naive, ceiling));
      rows.add(row("emulator ceiling (conditional PutItem, 32 at once)", "-", ceiling, naive, ceiling));
      for (WriteBackMode mode : List.of(WriteBackMode.MissingOnly, WriteBackMode.Overwrite, WriteBackMode.Revert)) {
        for (int pods : List.of(1, 2)) {
          String live = bench.table("live-" + mode + "-" + pods);
          if (mode != WriteBackMode.MissingOnly) {
            bench.seed(live, items, "now");
          }
          double rate = bench.writeBack(mode, restorePoint, live, pods, items);
          rows.add(row(mode.name(), String.valueOf(pods), rate, naive, ceiling));
        }
      }
      System.out.printf("%nWrite-back of %,d items on the emulator, %s per request (%d write threads per pod)%n%n",
          items, latency.isZero() ? "no added latency" : latency.toMillis() + " ms added", WRITE_THREADS);
      System.out.println("| what | pods | items/s | x naive loop | of the ceiling |");
      System.out.println("|---|---:|---:|---:|---:|");
      rows.forEach(r -> System.out.println("| " + String.join(" | ", r) + " |"));
    }
  }

  private static String[] row(String what, String pods, double rate, double naive, double ceiling) {
    return new String[] {what, pods, String.format("%,.0f", rate), String.format("%.1f", rate / naive),
        String.format("%.0f%%", 100 * rate / ceiling)};
  }

  private final DynamoDbClient dynamo;
  private int tables;

  private WriteBackBenchmark(DynamoDbClient dynamo) {
    this.dynamo = dynamo;
  }

  private String table(String name) {
    String table = "bench-" + name + "-" + ++tables;
    dynamo.createTable(r -> r.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
        .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH)));
    return table;
  }

  private static Map<String, AttributeValue> item(int i, String status) {
    return Map.of("pk", AttributeValue.fromS("order-" + i), "status", AttributeValue.fromS(status),
        "total", AttributeValue.fromN(String.valueOf(i % 997)), "customer", AttributeValue.fromS("c-" + i % 1000));
  }

  private void seed(String table, int count, String status) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(8);
    List<Future<?>> done = new ArrayList<>();
    for (int start = 0; start < count; start += 25) {
      int from = start;
      done.add(threads.submit(() -> {
        List<WriteRequest> batch = new ArrayList<>();
        for (int i = from; i < Math.min(count, from + 25); i++) {
          batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item(i, status)).build()).build());
        }
        Map<String, List<WriteRequest>> pending = Map.of(table, batch);
        while (!pending.isEmpty()) {
          Map<String, List<WriteRequest>> request = pending;
          var answer = dynamo.batchWriteItem(r -> r.requestItems(request));
          pending = answer.hasUnprocessedItems() ? answer.unprocessedItems() : Map.of();
        }
      }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    threads.shutdown();
  }

  /** What a script does: Scan a page, PutItem each item, one at a time, for this long. */
  private double naiveLoop(String from, Duration forHowLong) {
    String to = table("naive");
    long deadline = System.nanoTime() + forHowLong.toNanos();
    long start = System.nanoTime();
    long written = 0;
    Map<String, AttributeValue> lastKey = null;
    while (System.nanoTime() < deadline) {
      Map<String, AttributeValue> startKey = lastKey;
      var page = dynamo.scan(r -> r.tableName(from).exclusiveStartKey(startKey).limit(100));
      for (Map<String, AttributeValue> item : page.items()) {
        dynamo.putItem(r -> r.tableName(to).item(item));
        written++;
      }
      lastKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
      if (lastKey == null) {
        break;
      }
    }
    return written / ((System.nanoTime() - start) / 1e9);
  }

  /** Conditional PutItems, 32 at once, of new items and nothing read: what the emulator takes of this request. */
  private double ceiling(Duration forHowLong) throws Exception {
    String to = table("ceiling");
    AtomicLong next = new AtomicLong();
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService threads = Executors.newFixedThreadPool(32);
    long start = System.nanoTime();
    List<Future<?>> running = new ArrayList<>();
    for (int t = 0; t < 32; t++) {
      running.add(threads.submit(() -> {
        while (!stop.get()) {
          Map<String, AttributeValue> item = item((int) next.getAndIncrement(), "then");
          dynamo.putItem(r -> r.tableName(to).item(item).conditionExpression("attribute_not_exists(pk)"));
        }
      }));
    }
    Thread.sleep(forHowLong.toMillis());
    stop.set(true);
    for (Future<?> f : running) {
      f.get();
    }
    threads.shutdown();
    return next.get() / ((System.nanoTime() - start) / 1e9);
  }

  private double writeBack(WriteBackMode mode, String restorePoint, String live, int pods, int items)
      throws Exception {
    ExecutorService podThreads = Executors.newFixedThreadPool(pods);
    long start = System.nanoTime();
    List<Future<Tally.Counts>> shards = new ArrayList<>();
    for (int shard = 0; shard < pods; shard++) {
      ShardWriteBack.Plan plan = new ShardWriteBack.Plan(mode, restorePoint, live, List.of("pk"),
          new Selection.Everything(null), null, null, null, Instant.now(), 1_000_000, 1_000_000, shard, pods,
          WRITE_THREADS, false);
      shards.add(podThreads.submit(() -> new ShardWriteBack(dynamo, plan).run(new InMemoryCheckpoints())));
    }
    Tally.Counts total = Tally.Counts.none();
    for (Future<Tally.Counts> shard : shards) {
      total = total.plus(shard.get());
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    podThreads.shutdown();
    if (total.of(Outcome.Written) != items) {
      throw new IllegalStateException(mode + " wrote " + total.of(Outcome.Written) + " of " + items + ": " + total);
    }
    return items / seconds;
  }

  private static String property(String name, String fallback) {
    String value = System.getProperty(name);
    return value == null || value.isBlank() || value.startsWith("${") ? fallback : value;
  }
}
