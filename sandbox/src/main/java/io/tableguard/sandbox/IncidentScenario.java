package io.tableguard.sandbox;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.tableguard.kube.Conditions;
import io.tableguard.model.protection.ProtectedTable;
import io.tableguard.model.restore.RestoreItems;
import io.tableguard.model.restore.RestorePhase;
import io.tableguard.model.restore.TableRestore;
import io.tableguard.model.restore.TableRestoreSpec;
import io.tableguard.model.restore.WriteBack;
import io.tableguard.model.restore.WriteBackMode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The guide's first scenario: a table of orders protected by examples/protectedtable.yaml, a script that
 * deletes half of them by accident, and a TableRestore to the second before it; then, while the application
 * places new orders, the repair in place: an item-level restore puts the deleted orders back into the live table
 * itself, keeping every order placed since.
 */
final class IncidentScenario {
  static final String NAMESPACE = "default";
  static final String TABLE = "orders";
  static final String RESTORED = "orders-restored";
  static final String RESTORE_NAME = "orders-before-incident";
  static final String REPAIR_NAME = "orders-repair-in-place";
  static final String INTERMEDIATE = "orders-at-good-second";
  /** Orders the application places after the incident, which the repair must keep. */
  static final int PLACED_SINCE = 25;

  /**
   * @param repair the item-level restore that put the deleted orders back into {@link #TABLE} itself
   * @param repairedCount the orders in {@link #TABLE} after it
   */
  record Result(int ordersWritten, int ordersDeleted, Instant goodSecond, long sourceCount, long restoredCount,
      TableRestore restore, ProtectedTable protection, TableRestore repair, long repairedCount) {}

  private final KubernetesClient kube;
  private final DynamoDbClient dynamo;
  private final Timeline timeline;

  IncidentScenario(KubernetesClient kube, DynamoDbClient dynamo, Timeline timeline) {
    this.kube = kube;
    this.dynamo = dynamo;
    this.timeline = timeline;
  }

  Result run(int orders, Path repoRoot) throws IOException, InterruptedException {
    dynamo.createTable(r -> r.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(a -> a.attributeName("orderId").attributeType(ScalarAttributeType.S))
        .keySchema(k -> k.attributeName("orderId").keyType(KeyType.HASH)));
    List<WriteRequest> puts = new ArrayList<>();
    for (int i = 0; i < orders; i++) {
      puts.add(WriteRequest.builder().putRequest(PutRequest.builder().item(order(i)).build()).build());
    }
    write(puts);
    timeline.mark("table " + TABLE + " created with " + orders + " orders");

    ProtectedTable example = read(repoRoot.resolve("examples/protectedtable.yaml"), ProtectedTable.class);
    example.getMetadata().setNamespace(NAMESPACE);
    kube.resource(example).create();
    ProtectedTable protection = waitFor("ProtectedTable " + example.getMetadata().getName() + " Ready",
        Duration.ofMinutes(2), () -> {
          ProtectedTable pt = kube.resources(ProtectedTable.class).inNamespace(NAMESPACE)
              .withName(example.getMetadata().getName()).get();
          return pt.getStatus() != null && Conditions.isTrue(pt.getStatus().getConditions(), Conditions.READY)
              ? pt : null;
        });
    timeline.mark("kubectl apply -f examples/protectedtable.yaml: PITR " + protection.getStatus()
        .getPointInTimeRecovery().getStatus() + ", restorable from "
        + protection.getStatus().getPointInTimeRecovery().getEarliestRestorableTime());

    // The last good second: everything written so far is in it; the incident starts after it ends.
    Instant goodSecond = Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.SECONDS);
    Thread.sleep(Duration.between(Instant.now(), goodSecond.plusMillis(1100)).toMillis());
    List<WriteRequest> deletes = new ArrayList<>();
    for (int i = 0; i < orders; i += 2) {
      deletes.add(WriteRequest.builder().deleteRequest(DeleteRequest.builder()
          .key(Map.of("orderId", AttributeValue.fromS(orderId(i)))).build()).build());
    }
    write(deletes);
    timeline.mark("an accidental script deleted " + deletes.size() + " orders (after " + goodSecond + ")");

    TableRestore restore = restoreTo(RESTORE_NAME, goodSecond, RESTORED);
    kube.resource(restore).create();
    timeline.mark("kubectl apply TableRestore " + RESTORE_NAME + ": restore " + TABLE + " to " + goodSecond
        + " into " + RESTORED);
    TableRestore done = waitFor("TableRestore " + RESTORE_NAME + " to finish", Duration.ofMinutes(5), () -> {
      TableRestore current = kube.resources(TableRestore.class).inNamespace(NAMESPACE).withName(RESTORE_NAME).get();
      return current.getStatus() != null && current.getStatus().getPhase() != null
          && current.getStatus().getPhase().terminal() ? current : null;
    });
    timeline.mark("TableRestore " + done.getStatus().getPhase() + ": " + done.getStatus().getMessage());
    long afterIncident = count(TABLE);

    // Meanwhile the shop goes on: new orders, which a repair in place must not lose.
    List<WriteRequest> placed = new ArrayList<>();
    for (int i = orders; i < orders + PLACED_SINCE; i++) {
      placed.add(WriteRequest.builder().putRequest(PutRequest.builder().item(order(i)).build()).build());
    }
    write(placed);
    timeline.mark("the application placed " + PLACED_SINCE + " new orders");
    TableRestore repair = restoreTo(REPAIR_NAME, goodSecond, INTERMEDIATE);
    RestoreItems items = new RestoreItems();
    items.setWriteBack(new WriteBack());
    items.getWriteBack().setMode(WriteBackMode.MissingOnly);
    items.getWriteBack().setShards(2);
    items.getWriteBack().setParallelism(2);
    repair.getSpec().setItems(items);
    kube.resource(repair).create();
    timeline.mark("kubectl apply TableRestore " + REPAIR_NAME + ": put the missing orders back into " + TABLE
        + " itself (items.writeBack.mode MissingOnly)");
    TableRestore repaired = waitFor("TableRestore " + REPAIR_NAME + " to finish", Duration.ofMinutes(5), () -> {
      TableRestore current = kube.resources(TableRestore.class).inNamespace(NAMESPACE).withName(REPAIR_NAME).get();
      return current.getStatus() != null && current.getStatus().getPhase() != null
          && current.getStatus().getPhase().terminal() ? current : null;
    });
    timeline.mark("TableRestore " + REPAIR_NAME + " " + repaired.getStatus().getPhase() + ": "
        + repaired.getStatus().getMessage());
    return new Result(orders, deletes.size(), goodSecond, afterIncident,
        done.getStatus().getPhase() == RestorePhase.Completed ? count(RESTORED) : 0, done, protection, repaired,
        count(TABLE));
  }

  private TableRestore restoreTo(String name, Instant goodSecond, String target) {
    TableRestore restore = new TableRestore();
    restore.getMetadata().setName(name);
    restore.getMetadata().setNamespace(NAMESPACE);
    TableRestoreSpec spec = new TableRestoreSpec();
    spec.setSource(new TableRestoreSpec.RestoreSource());
    spec.getSource().setProtectedTableRef(TABLE);
    spec.setRestorePoint(new TableRestoreSpec.RestorePoint());
    spec.getRestorePoint().setTime(goodSecond.toString());
    spec.setTarget(new TableRestoreSpec.RestoreTarget());
    spec.getTarget().setTableName(target);
    restore.setSpec(spec);
    return restore;
  }

  private void write(List<WriteRequest> requests) {
    for (int from = 0; from < requests.size(); from += 25) {
      Map<String, List<WriteRequest>> batch = Map.of(TABLE, requests.subList(from, Math.min(requests.size(), from + 25)));
      while (!batch.isEmpty()) {
        Map<String, List<WriteRequest>> current = batch;
        batch = dynamo.batchWriteItem(r -> r.requestItems(current)).unprocessedItems();
      }
    }
  }

  private long count(String table) {
    return dynamo.scanPaginator(r -> r.tableName(table).select(Select.COUNT).consistentRead(true)).stream()
        .mapToLong(page -> page.count()).sum();
  }

  private <T> T read(Path file, Class<T> kind) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return kube.getKubernetesSerialization().unmarshal(in, kind);
    }
  }

  private static <T> T waitFor(String what, Duration timeout, Supplier<T> check) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      T value = check.get();
      if (value != null) {
        return value;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("gave up waiting for " + what + " after " + timeout);
  }

  private static Map<String, AttributeValue> order(int i) {
    return Map.of("orderId", AttributeValue.fromS(orderId(i)),
        "customer", AttributeValue.fromS("customer-" + (i % 97)),
        "amountCents", AttributeValue.fromN(String.valueOf(1000 + (i * 37) % 9000)),
        "status", AttributeValue.fromS(i % 3 == 0 ? "SHIPPED" : "NEW"));
  }

  private static String orderId(int i) {
    return String.format("order-%05d", i);
  }
}
