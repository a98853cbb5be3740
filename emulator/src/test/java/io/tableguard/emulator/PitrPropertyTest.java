package io.tableguard.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Random puts, updates, deletes, batch and transactional writes at distinct times, then restores to random
 * times, each compared item for item with a model that is just a map per point in time.
 */
class PitrPropertyTest extends EmulatorTestBase {
  @Override
  Duration restoreDelay() {
    return Duration.ZERO;
  }


  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 42, 2025})
  void restoresHoldExactlyTheItemsOfTheirTime(long seed) {
    Random random = new Random(seed);
    String table = "orders-" + seed;
    EmulatorClients.createTable(dynamo, table);
    Map<String, Map<String, AttributeValue>> live = new HashMap<>();
    for (int i = 0; i < 5; i++) {
      write(random, table, live);
    }
    clock.advance(Duration.ofSeconds(1));
    dynamo.updateContinuousBackups(r -> r.tableName(table)
        .pointInTimeRecoverySpecification(s -> s.pointInTimeRecoveryEnabled(true)));
    TreeMap<Instant, Map<String, Map<String, AttributeValue>>> model = new TreeMap<>();
    model.put(clock.instant(), copy(live));
    for (int i = 0; i < 60; i++) {
      clock.advance(Duration.ofSeconds(1 + random.nextInt(3)));
      write(random, table, live);
      model.put(clock.instant(), copy(live));
    }
    clock.advance(Duration.ofSeconds(1));

    List<Instant> times = new ArrayList<>(model.keySet());
    for (int r = 0; r < 6; r++) {
      Instant restoreTo = times.get(random.nextInt(times.size())).plusMillis(random.nextInt(1000));
      String target = table + "-at-" + restoreTo.getEpochSecond() + "-" + r;
      dynamo.restoreTableToPointInTime(q -> q.sourceTableName(table).targetTableName(target)
          .restoreDateTime(restoreTo));
      EmulatorClients.awaitActive(dynamo, target);

      Map<String, Map<String, AttributeValue>> restored = new HashMap<>();
      dynamo.scanPaginator(q -> q.tableName(target).consistentRead(true)).items()
          .forEach(item -> restored.put(item.get("pk").s(), item));
      assertThat(restored).as("restore of %s to %s", table, restoreTo)
          .isEqualTo(model.floorEntry(restoreTo).getValue());
      assertThat(dynamo.describeTable(q -> q.tableName(target)).table().restoreSummary().restoreDateTime())
          .isEqualTo(restoreTo);
    }
  }

  /** One random write, applied to the emulator and to the model. */
  private void write(Random random, String table, Map<String, Map<String, AttributeValue>> live) {
    String key = "order-" + random.nextInt(12);
    switch (random.nextInt(5)) {
      case 0 -> {
        Map<String, AttributeValue> item = item(key, random.nextInt(1000));
        dynamo.putItem(r -> r.tableName(table).item(item));
        live.put(key, item);
      }
      case 1 -> {
        int amount = random.nextInt(1000);
        dynamo.updateItem(r -> r.tableName(table).key(Map.of("pk", AttributeValue.fromS(key)))
            .updateExpression("SET amount = :a").expressionAttributeValues(Map.of(":a", number(amount))));
        Map<String, AttributeValue> item = new HashMap<>(live.getOrDefault(key, Map.of("pk", AttributeValue.fromS(key))));
        item.put("amount", number(amount));
        live.put(key, item);
      }
      case 2 -> {
        dynamo.deleteItem(r -> r.tableName(table).key(Map.of("pk", AttributeValue.fromS(key))));
        live.remove(key);
      }
      case 3 -> {
        String other = "order-" + (12 + random.nextInt(12));
        Map<String, AttributeValue> item = item(other, random.nextInt(1000));
        dynamo.batchWriteItem(r -> r.requestItems(Map.of(table, List.of(
            WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build(),
            WriteRequest.builder().deleteRequest(DeleteRequest.builder()
                .key(Map.of("pk", AttributeValue.fromS(key))).build()).build()))));
        live.put(other, item);
        live.remove(key);
      }
      default -> {
        String other = "order-" + (12 + random.nextInt(12));
        Map<String, AttributeValue> item = item(key, random.nextInt(1000));
        dynamo.transactWriteItems(r -> r.transactItems(
            TransactWriteItem.builder().put(Put.builder().tableName(table).item(item).build()).build(),
            TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                .key(Map.of("pk", AttributeValue.fromS(other))).build()).build()));
        live.put(key, item);
        live.remove(other);
      }
    }
  }

  private static Map<String, AttributeValue> item(String key, int amount) {
    return Map.of("pk", AttributeValue.fromS(key), "amount", number(amount), "status", AttributeValue.fromS("NEW"));
  }

  private static AttributeValue number(int n) {
    return AttributeValue.fromN(String.valueOf(n));
  }

  private static Map<String, Map<String, AttributeValue>> copy(Map<String, Map<String, AttributeValue>> live) {
    Map<String, Map<String, AttributeValue>> copy = new HashMap<>();
    live.forEach((k, v) -> copy.put(k, new HashMap<>(v)));
    return copy;
  }
}
