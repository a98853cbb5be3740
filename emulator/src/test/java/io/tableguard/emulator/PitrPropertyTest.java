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
import software.amazon.awssdk.services.dynamodb.model.BatchStatementRequest;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Random puts, updates, deletes, batch and transactional writes at distinct times (among them conditional puts
 * whose condition fails, PartiQL batches with a failing statement, and cancelled transactions, which change
 * nothing), then restores to random times, each compared item for item with a model that is just a map per
 * point in time.
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
    Map<String, Map<String, Map<String, AttributeValue>>> backups = new HashMap<>();
    for (int i = 0; i < 60; i++) {
      clock.advance(Duration.ofSeconds(1 + random.nextInt(3)));
      write(random, table, live);
      model.put(clock.instant(), copy(live));
      if (i % 15 == 7) {
        String name = "b-" + i;
        backups.put(dynamo.createBackup(q -> q.tableName(table).backupName(name)).backupDetails().backupArn(),
            copy(live));
      }
    }
    clock.advance(Duration.ofSeconds(1));

    backups.forEach((arn, atBackup) -> {
      String target = table + "-from-" + arn.substring(arn.lastIndexOf('/') + 1);
      dynamo.restoreTableFromBackup(q -> q.backupArn(arn).targetTableName(target));
      EmulatorClients.awaitActive(dynamo, target);
      assertThat(scan(target)).as("restore of backup %s", arn).isEqualTo(atBackup);
    });

    List<Instant> times = new ArrayList<>(model.keySet());
    for (int r = 0; r < 6; r++) {
      Instant restoreTo = times.get(random.nextInt(times.size())).plusMillis(random.nextInt(1000));
      String target = table + "-at-" + restoreTo.getEpochSecond() + "-" + r;
      dynamo.restoreTableToPointInTime(q -> q.sourceTableName(table).targetTableName(target)
          .restoreDateTime(restoreTo));
      EmulatorClients.awaitActive(dynamo, target);

      assertThat(scan(target)).as("restore of %s to %s", table, restoreTo)
          .isEqualTo(model.floorEntry(restoreTo).getValue());
      assertThat(dynamo.describeTable(q -> q.tableName(target)).table().restoreSummary().restoreDateTime())
          .isEqualTo(restoreTo);
    }
  }

  private Map<String, Map<String, AttributeValue>> scan(String table) {
    Map<String, Map<String, AttributeValue>> items = new HashMap<>();
    dynamo.scanPaginator(q -> q.tableName(table).consistentRead(true)).items()
        .forEach(item -> items.put(item.get("pk").s(), item));
    return items;
  }

  /** One random write, applied to the emulator and to the model. */
  private void write(Random random, String table, Map<String, Map<String, AttributeValue>> live) {
    String key = "order-" + random.nextInt(12);
    switch (random.nextInt(9)) {
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
      case 5 -> conditionalPut(table, key, random.nextInt(1000), live);
      case 6 -> partialPartiQlBatch(table, key, random.nextInt(1000), live);
      case 7 -> cancelledTransaction(table, key, random.nextInt(1000), live);
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

  /** Only when the item does not exist: a condition that fails changes nothing, and the history must say so. */
  private void conditionalPut(String table, String key, int amount, Map<String, Map<String, AttributeValue>> live) {
    Map<String, AttributeValue> item = item(key, amount);
    try {
      dynamo.putItem(r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
      live.put(key, item);
    } catch (ConditionalCheckFailedException exists) {
      assertThat(live).as("the condition failed because %s exists", key).containsKey(key);
    }
  }

  /**
   * A PartiQL batch whose second statement's condition fails: DynamoDB answers 200 with an error for that
   * statement, and only the first took effect.
   */
  private void partialPartiQlBatch(String table, String key, int amount,
      Map<String, Map<String, AttributeValue>> live) {
    String absent = "absent-" + amount;
    var answer = dynamo.batchExecuteStatement(r -> r.statements(
        BatchStatementRequest.builder().statement("UPDATE \"" + table + "\" SET amount = ? WHERE pk = ?")
            .parameters(number(amount), AttributeValue.fromS(key)).build(),
        BatchStatementRequest.builder().statement("UPDATE \"" + table + "\" SET amount = ? WHERE pk = ?")
            .parameters(number(amount), AttributeValue.fromS(absent)).build()));
    if (answer.responses().get(0).error() == null) {
      Map<String, AttributeValue> item = new HashMap<>(live.getOrDefault(key, Map.of("pk", AttributeValue.fromS(key))));
      item.put("amount", number(amount));
      live.put(key, item);
    }
    assertThat(answer.responses().get(1).error()).as("an UPDATE of a missing item fails its implicit condition")
        .isNotNull();
  }

  /** A transaction cancelled by its condition check: none of its writes took effect. */
  private void cancelledTransaction(String table, String key, int amount,
      Map<String, Map<String, AttributeValue>> live) {
    String missing = "missing-" + amount;
    try {
      dynamo.transactWriteItems(r -> r.transactItems(
          TransactWriteItem.builder().put(Put.builder().tableName(table).item(item(key, amount)).build()).build(),
          TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(table)
              .key(Map.of("pk", AttributeValue.fromS(missing))).conditionExpression("attribute_exists(pk)")
              .build()).build()));
      throw new AssertionError("the transaction should have been cancelled");
    } catch (TransactionCanceledException cancelled) {
      // Neither the put nor anything else happened.
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
