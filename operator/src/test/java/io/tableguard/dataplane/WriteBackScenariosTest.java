package io.tableguard.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tableguard.emulator.PitrEmulator;
import io.tableguard.testsupport.InMemoryCheckpoints;
import io.tableguard.testsupport.MutableClock;
import io.tableguard.model.restore.WriteBackMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The write-back engine on the time-faithful emulator, in the incidents the PITR guide walks through: the restore
 * point is a real PITR restore into an intermediate table, the live table is changed after it, and the counts and
 * the live table's items are checked exactly. Races are made with the emulator's hooks, never with timing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WriteBackScenariosTest {
  private static final Instant START = Instant.parse("2026-03-01T09:00:00Z");
  private final MutableClock clock = new MutableClock(START);
  private PitrEmulator emulator;
  private DynamoDbClient dynamo;
  private final AtomicInteger tables = new AtomicInteger();

  @BeforeAll
  void start() {
    emulator = new PitrEmulator(PitrEmulator.Options.defaults().withRestoreDelay(Duration.ZERO).withClock(clock));
    dynamo = DynamoDbClient.builder().endpointOverride(emulator.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .build();
  }

  @AfterAll
  void stop() {
    dynamo.close();
    emulator.close();
  }

  /**
   * The deletion case at a tenth of the numbers (ItemRestoreTest runs them in full through a TableRestore):
   * 1,000 orders, 500 deleted, 10 placed since, 5 of the deleted re-created, across two shards.
   */
  @Test
  void deletedOrdersComeBackAndNothingWrittenSinceIsTouched() {
    String live = table("orders", false);
    seed(live, IntStream.range(0, 1_000).mapToObj(i -> order(i, "placed", 1)).toList());
    Instant restorePoint = tick();
    tick();
    delete(live, IntStream.range(0, 500).mapToObj(i -> key("order-" + i)).toList());
    seed(live, IntStream.range(1_000, 1_010).mapToObj(i -> order(i, "placed", 2)).toList());
    IntStream.range(0, 5).forEach(i -> dynamo.putItem(r -> r.tableName(live).item(order(i, "re-created", 3))));
    tick();
    String intermediate = restore(live, restorePoint);

    Tally.Counts counts = writeBack(plan(WriteBackMode.MissingOnly, intermediate, live, new Selection.Everything(null),
        null, null, 0, 2)).plus(writeBack(plan(WriteBackMode.MissingOnly, intermediate, live,
        new Selection.Everything(null), null, null, 1, 2)));

    assertThat(counts.of(Outcome.Written)).isEqualTo(495);
    assertThat(counts.of(Outcome.SkippedExisting)).as("re-created by the application").isEqualTo(5);
    assertThat(counts.of(Outcome.Unchanged)).isEqualTo(500);
    assertThat(counts.examined()).isEqualTo(1_000);
    assertThat(counts.of(Difference.MissingNow)).isEqualTo(495);
    assertThat(counts.of(Difference.Changed)).isEqualTo(5);
    Map<String, Map<String, AttributeValue>> after = items(live);
    assertThat(after).hasSize(1_010);
    assertThat(IntStream.range(0, 5).mapToObj(i -> after.get("order-" + i).get("status").s()))
        .containsOnly("re-created");
    assertThat(IntStream.range(1_000, 1_010).mapToObj(i -> after.get("order-" + i).get("version").n()))
        .containsOnly("2");
  }

  @Test
  void aBadDeployIsReportedThenRevertedAndAnOrderTheApplicationUpdatesMeanwhileIsKept() {
    for (String version : new String[] {null, "version"}) {
      String live = table("deploy", false);
      seed(live, IntStream.range(0, 1000).mapToObj(i -> order(i, "placed", 1)).toList());
      Instant restorePoint = tick();
      Instant deploy = tick();
      IntStream.range(0, 300).forEach(i -> dynamo.putItem(r -> r.tableName(live)
          .item(with(order(i, "lost", 2), "lastModified", n(deploy.getEpochSecond())))));
      seed(live, IntStream.range(1000, 1050).mapToObj(i -> with(order(i, "bogus", 1), "lastModified",
          n(deploy.getEpochSecond()))).toList());
      tick();
      String intermediate = restore(live, restorePoint);
      Expression sinceDeploy = new Expression("lastModified >= :deploy", Map.of(),
          Map.of(":deploy", n(deploy.getEpochSecond())));

      Tally.Counts diff = writeBack(plan(WriteBackMode.DiffOnly, intermediate, live, new Selection.Everything(null),
          null, null, 0, 1));

      assertThat(diff.of(Difference.Changed)).isEqualTo(300);
      assertThat(diff.of(Difference.AddedSince)).isEqualTo(50);
      assertThat(diff.of(Difference.MissingNow)).isZero();
      assertThat(diff.of(Outcome.Reported)).isEqualTo(350);
      assertThat(diff.of(Outcome.Written) + diff.of(Outcome.Deleted)).isZero();
      assertThat(items(live)).hasSize(1050);

      emulator.afterNextRead(live, "{\"pk\": {\"S\": \"order-7\"}}", () -> dynamo.putItem(r -> r.tableName(live)
          .item(with(order(7, "shipped", 3), "lastModified", n(deploy.getEpochSecond() + 5)))));
      Tally.Counts revert = writeBack(plan(WriteBackMode.Revert, intermediate, live, new Selection.Everything(null),
          version, sinceDeploy, 0, 1));

      assertThat(revert.of(Outcome.Written)).as("versionAttribute " + version).isEqualTo(299);
      assertThat(revert.of(Outcome.SkippedChanged)).isEqualTo(1);
      assertThat(revert.of(Outcome.Deleted)).isEqualTo(50);
      assertThat(revert.of(Outcome.Unchanged)).isEqualTo(700);
      assertThat(revert.examined()).isEqualTo(1050);
      Map<String, Map<String, AttributeValue>> after = items(live);
      assertThat(after).hasSize(1000);
      assertThat(after.get("order-7").get("status").s()).as("the application's update is kept").isEqualTo("shipped");
      assertThat(after.values().stream().filter(i -> !i.get("pk").s().equals("order-7"))
          .map(i -> i.get("status").s())).containsOnly("placed");
    }
  }

  @Test
  void theConditionLeavesWhatTheBadWindowDidNotTouch() {
    String live = table("window", false);
    seed(live, IntStream.range(0, 100).mapToObj(i -> with(order(i, "placed", 1), "lastModified", n(1))).toList());
    Instant restorePoint = tick();
    tick();
    IntStream.range(0, 20).forEach(i -> dynamo.putItem(r -> r.tableName(live)
        .item(with(order(i, "fixed-by-support", 2), "lastModified", n(5)))));
    IntStream.range(20, 50).forEach(i -> dynamo.putItem(r -> r.tableName(live)
        .item(with(order(i, "lost", 2), "lastModified", n(10)))));
    tick();
    String intermediate = restore(live, restorePoint);

    Tally.Counts counts = writeBack(plan(WriteBackMode.Revert, intermediate, live, new Selection.Everything(null),
        null, new Expression("#m >= :deploy", Map.of("#m", "lastModified"), Map.of(":deploy", n(10))), 0, 1));

    assertThat(counts.of(Outcome.Written)).isEqualTo(30);
    assertThat(counts.of(Outcome.SkippedByCondition)).isEqualTo(20);
    assertThat(items(live).get("order-3").get("status").s()).isEqualTo("fixed-by-support");
  }

  @Test
  void oneTenantGoesBackWhileEveryOtherStaysCurrent() {
    String live = table("tenants", true);
    List<Map<String, AttributeValue>> seeded = new ArrayList<>();
    for (String tenant : List.of("acme", "globex", "initech")) {
      IntStream.range(0, 50).forEach(i -> seeded.add(Map.of("pk", s(tenant), "sk", s("doc-" + i), "body", s("v1"))));
    }
    seed(live, seeded);
    Instant restorePoint = tick();
    tick();
    for (String tenant : List.of("acme", "globex")) {
      IntStream.range(0, 10).forEach(i -> dynamo.putItem(r -> r.tableName(live)
          .item(Map.of("pk", s(tenant), "sk", s("doc-" + i), "body", s("integration")))));
    }
    IntStream.range(10, 15).forEach(i -> dynamo.deleteItem(r -> r.tableName(live)
        .key(Map.of("pk", s("acme"), "sk", s("doc-" + i)))));
    IntStream.range(50, 55).forEach(i -> dynamo.putItem(r -> r.tableName(live)
        .item(Map.of("pk", s("acme"), "sk", s("doc-" + i), "body", s("integration")))));
    tick();
    String intermediate = restore(live, restorePoint);

    Tally.Counts counts = new Tally.Counts(Map.of(), Map.of());
    for (int shard = 0; shard < 2; shard++) {
      counts = counts.plus(writeBack(new ShardWriteBack.Plan(WriteBackMode.Revert, intermediate, live,
          List.of("pk", "sk"), new Selection.Partitions(List.of(s("acme"))), null, null, null, clock.instant(), 1000,
          1000, shard, 2, 4, false)));
    }

    assertThat(counts.of(Outcome.Written)).isEqualTo(15);
    assertThat(counts.of(Outcome.Deleted)).isEqualTo(5);
    assertThat(counts.of(Outcome.Unchanged)).isEqualTo(35);
    Map<String, Map<String, AttributeValue>> after = items(live);
    assertThat(after.entrySet().stream().filter(e -> e.getKey().startsWith("acme/"))
        .map(e -> e.getValue().get("body").s())).hasSize(50).containsOnly("v1");
    assertThat(after.get("globex/doc-3").get("body").s()).isEqualTo("integration");
  }

  @Test
  void aShardKilledMidPageResumesFromItsCheckpointWithExactCounts() {
    String live = table("resume", false);
    seed(live, IntStream.range(0, 1000).mapToObj(i -> order(i, "placed", 1)).toList());
    Instant restorePoint = tick();
    tick();
    IntStream.range(0, 500).forEach(i -> dynamo.deleteItem(r -> r.tableName(live).key(key("order-" + i))));
    tick();
    String intermediate = restore(live, restorePoint);
    ShardWriteBack.Plan plan = plan(WriteBackMode.MissingOnly, intermediate, live, new Selection.Everything(null),
        null, null, 0, 1);
    InMemoryCheckpoints killedOnThirdSave = new InMemoryCheckpoints(3);

    assertThatThrownBy(() -> new ShardWriteBack(dynamo, plan).run(killedOnThirdSave))
        .hasMessageContaining("killed");
    Tally.Counts counts = new ShardWriteBack(dynamo, plan).run(killedOnThirdSave);

    assertThat(counts.examined()).isEqualTo(1000);
    assertThat(counts.of(Outcome.AlreadyRestored)).as("the page in flight when it was killed, read again")
        .isEqualTo(100);
    assertThat(counts.of(Outcome.Unchanged) + counts.of(Outcome.AlreadyRestored) + counts.of(Outcome.Written))
        .isEqualTo(1000);
    assertThat(counts.of(Difference.MissingNow)).as("each deleted order counted once, in the run that wrote it")
        .isEqualTo(counts.of(Outcome.Written));
    assertThat(items(live)).hasSize(1000);
    assertThat(new ShardWriteBack(dynamo, plan).run(killedOnThirdSave)).as("a finished shard only reports")
        .isEqualTo(counts);
  }

  private Tally.Counts writeBack(ShardWriteBack.Plan plan) {
    return new ShardWriteBack(dynamo, plan).run(new InMemoryCheckpoints());
  }

  private ShardWriteBack.Plan plan(WriteBackMode mode, String intermediate, String live, Selection selection,
      String versionAttribute, Expression condition, int shard, int shards) {
    return new ShardWriteBack.Plan(mode, intermediate, live, List.of("pk"), selection, versionAttribute, condition,
        null, clock.instant(), 5000, 5000, shard, shards, 8, false);
  }

  private Instant tick() {
    return clock.advance(Duration.ofSeconds(60));
  }

  private String table(String name, boolean sortKey) {
    String table = name + "-" + tables.incrementAndGet();
    List<AttributeDefinition> attributes = new ArrayList<>(List.of(AttributeDefinition.builder().attributeName("pk")
        .attributeType(ScalarAttributeType.S).build()));
    List<KeySchemaElement> keys = new ArrayList<>(List.of(KeySchemaElement.builder().attributeName("pk")
        .keyType(KeyType.HASH).build()));
    if (sortKey) {
      attributes.add(AttributeDefinition.builder().attributeName("sk").attributeType(ScalarAttributeType.S).build());
      keys.add(KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build());
    }
    dynamo.createTable(r -> r.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(attributes).keySchema(keys));
    dynamo.updateContinuousBackups(r -> r.tableName(table)
        .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
    tick();
    return table;
  }

  private String restore(String live, Instant restorePoint) {
    String intermediate = live + "-restore-point";
    dynamo.restoreTableToPointInTime(r -> r.sourceTableName(live).targetTableName(intermediate)
        .restoreDateTime(restorePoint));
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() ->
        "ACTIVE".equals(dynamo.describeTable(r -> r.tableName(intermediate)).table().tableStatusAsString()));
    return intermediate;
  }

  private void seed(String table, List<Map<String, AttributeValue>> items) {
    for (int i = 0; i < items.size(); i += 25) {
      List<WriteRequest> batch = items.subList(i, Math.min(items.size(), i + 25)).stream()
          .map(item -> WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build()).toList();
      dynamo.batchWriteItem(r -> r.requestItems(Map.of(table, batch)));
    }
  }

  private void delete(String table, List<Map<String, AttributeValue>> keys) {
    for (int i = 0; i < keys.size(); i += 25) {
      List<WriteRequest> batch = keys.subList(i, Math.min(keys.size(), i + 25)).stream()
          .map(k -> WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(k).build()).build()).toList();
      dynamo.batchWriteItem(r -> r.requestItems(Map.of(table, batch)));
    }
  }

  /** Every live item, by "pk" or "pk/sk". */
  private Map<String, Map<String, AttributeValue>> items(String table) {
    Map<String, Map<String, AttributeValue>> items = new HashMap<>();
    dynamo.scanPaginator(r -> r.tableName(table).consistentRead(true)).items().forEach(item -> items.put(
        item.containsKey("sk") ? item.get("pk").s() + "/" + item.get("sk").s() : item.get("pk").s(), item));
    return items;
  }

  private static Map<String, AttributeValue> order(int i, String status, int version) {
    return Map.of("pk", s("order-" + i), "status", s(status), "version", n(version), "total", n("12.50"));
  }

  private static Map<String, AttributeValue> with(Map<String, AttributeValue> item, String name, AttributeValue v) {
    Map<String, AttributeValue> copy = new HashMap<>(item);
    copy.put(name, v);
    return copy;
  }

  private static Map<String, AttributeValue> key(String pk) {
    return Map.of("pk", s(pk));
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  private static AttributeValue n(Object value) {
    return AttributeValue.fromN(value.toString());
  }
}
