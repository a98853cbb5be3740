package io.tableguard.emulator;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * How many items per second parallel BatchWriteItem writers get through, to tables with PITR on: DynamoDB Local
 * directly (its own ceiling, nothing logged), the emulator with every write waiting for every other (as before),
 * and the emulator with a lock per table (now). A program that prints a table, not a test:
 * {@code mvn -B -q -pl emulator test-compile exec:exec@write-ceiling [-Dceiling.seconds=10]}.
 */
public final class WriteCeiling {
  private static final int TABLES = 8;
  private static final int WRITERS = 8;
  private static final int BATCH = 25;

  private WriteCeiling() {}

  public static void main(String[] args) throws Exception {
    Duration run = Duration.ofSeconds(Long.parseLong(property("ceiling.seconds", "10")));
    List<String> rows = new ArrayList<>();
    rows.add("| target | tables | writers | items/s |");
    rows.add("|---|---:|---:|---:|");
    for (boolean serial : new boolean[] {true, false}) {
      try (PitrEmulator emulator = new PitrEmulator(PitrEmulator.Options.defaults().withSerialWrites(serial))) {
        if (serial) {
          rows.add(row("DynamoDB Local directly (no history)", TABLES, measure(emulator.dynamoLocalEndpoint(),
              "direct", false, run)));
        }
        rows.add(row(serial ? "emulator, every write waits for every other (before)"
            : "emulator, a lock per table (now)", TABLES, measure(emulator.endpoint(), "pitr", true, run)));
      }
    }
    rows.forEach(System.out::println);
  }

  private static String row(String target, int tables, double itemsPerSecond) {
    return String.format(Locale.ROOT, "| %s | %d | %d | %,.0f |", target, tables, WRITERS, itemsPerSecond);
  }

  /** Items per second of WRITERS threads, each writing batches of 25 to one of TABLES tables, for {@code run}. */
  private static double measure(URI endpoint, String prefix, boolean pitr, Duration run) throws Exception {
    try (DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
        .build()) {
      List<String> tables = new ArrayList<>();
      for (int t = 0; t < TABLES; t++) {
        String table = prefix + "-" + t;
        EmulatorClients.createTable(dynamo, table);
        if (pitr) {
          dynamo.updateContinuousBackups(r -> r.tableName(table)
              .pointInTimeRecoverySpecification(s -> s.pointInTimeRecoveryEnabled(true)));
        }
        tables.add(table);
      }
      ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
      AtomicBoolean stop = new AtomicBoolean();
      List<Future<Long>> counts = new ArrayList<>();
      long start = System.nanoTime();
      for (int w = 0; w < WRITERS; w++) {
        String table = tables.get(w % TABLES);
        int writer = w;
        counts.add(writers.submit(() -> write(dynamo, table, writer, stop)));
      }
      Thread.sleep(run.toMillis());
      stop.set(true);
      long items = 0;
      for (Future<Long> count : counts) {
        items += count.get();
      }
      writers.shutdown();
      return items / ((System.nanoTime() - start) / 1e9);
    }
  }

  private static long write(DynamoDbClient dynamo, String table, int writer, AtomicBoolean stop) {
    long written = 0;
    for (int batch = 0; !stop.get(); batch++) {
      List<WriteRequest> requests = new ArrayList<>();
      for (int i = 0; i < BATCH; i++) {
        // Keys repeat after a while: the tables stay small, as the ceiling is about writes, not size.
        String key = "w" + writer + "-" + ((batch * BATCH + i) % 2000);
        requests.add(WriteRequest.builder().putRequest(PutRequest.builder().item(Map.of(
            "pk", AttributeValue.fromS(key), "amount", AttributeValue.fromN(String.valueOf(batch)))).build()).build());
      }
      List<WriteRequest> toSend = requests;
      while (!toSend.isEmpty()) {
        List<WriteRequest> sending = toSend;
        List<WriteRequest> unprocessed = dynamo.batchWriteItem(r -> r.requestItems(Map.of(table, sending)))
            .unprocessedItems().getOrDefault(table, List.of());
        written += sending.size() - unprocessed.size();
        toSend = unprocessed;
      }
    }
    return written;
  }

  private static String property(String name, String fallback) {
    String value = System.getProperty(name);
    return value == null || value.startsWith("${") ? fallback : value;
  }
}
