package io.tableguard.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tableguard.config.CopyJobSettings;
import io.tableguard.config.OperatorSettings;
import io.tableguard.model.restore.ItemExpression;
import io.tableguard.model.restore.ItemRestoreStatus;
import io.tableguard.model.restore.ItemValue;
import io.tableguard.model.restore.RestoreItems;
import io.tableguard.model.restore.RestorePhase;
import io.tableguard.model.restore.TableRestore;
import io.tableguard.model.restore.WriteBack;
import io.tableguard.model.restore.WriteBackMode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tableguard.packaging.ChartServiceAccount;
import io.tableguard.testsupport.AwsFaultProxy;
import io.tableguard.testsupport.CopyJobKubelet;
import io.tableguard.testsupport.KubeApi;
import io.tableguard.testsupport.OperatorTestBase;
import io.tableguard.testsupport.TableguardResources;
import io.tableguard.TableguardOperator;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Item-level restore through the public surface: a TableRestore with spec.items is applied, the operator restores
 * into an intermediate table, runs the copy Job (its pods played by {@link CopyJobKubelet}, processes of the same
 * jar, on the bare API server), reports the counts on status, and the live table holds what it should.
 */
class ItemRestoreTest extends OperatorTestBase {
  private static final String COPY_ROLE = "arn:aws:iam::000000000000:role/tableguard-copy";
  private String copyNamespace;
  private CopyJobKubelet kubelet;

  @Override
  protected boolean timeFaithfulAws() {
    return true;
  }

  /** The copy Jobs go to the operator's namespace: here the test's, where the chart's Role is. */
  @Override
  protected OperatorSettings settings() {
    copyNamespace = namespace;
    return super.settings().withCopyJobs(CopyJobSettings.of(copyNamespace, COPY_ROLE))
        .withLeaderElection(new OperatorSettings.LeaderElection(true, namespace, "tableguard-operator"));
  }

  /** The operator can do exactly what the chart grants its ServiceAccount: the copy Jobs' parts included. */
  @Override
  protected KubernetesClient operatorClient() {
    return new ChartServiceAccount(kube, namespace, List.of()).client();
  }

  @Override
  protected TableguardOperator startOperator() {
    TableguardOperator started = super.startOperator();
    if (kubelet == null) {
      kubelet = new CopyJobKubelet(kube.kubeconfig(), kube.client(), copyNamespace);
    }
    return started;
  }

  @AfterEach
  void stopKubelet() {
    if (kubelet != null) {
      kubelet.close();
    }
  }

  /**
   * The issue's own numbers: 10,000 orders, 5,000 deleted, 100 placed since, and 10 of the deleted re-created by
   * the application with new values before the write-back: MissingOnly puts back exactly 4,990.
   */
  @Test
  void deletedOrdersComeBackIntoTheLiveTableAndWhatTheApplicationWroteSinceIsKept() throws IOException {
    String orders = protectTable("orders");
    seed(orders, IntStream.range(0, 10_000).mapToObj(i -> order(i, "placed")).toList());
    Instant restorePoint = lastGoodSecond();
    delete(orders, IntStream.range(0, 5_000).mapToObj(i -> "order-" + i).toList());
    seed(orders, IntStream.range(10_000, 10_100).mapToObj(i -> order(i, "new")).toList());
    IntStream.range(0, 10).forEach(i -> dynamo.putItem(r -> r.tableName(orders).item(order(i, "re-created"))));
    aws.clearCalls();

    create(itemRestore("bring-back", restorePoint, tableName("orders-at-t"), WriteBackMode.MissingOnly, 2, 2));
    // 10,000 items restored and compared, 4,990 written at the default 1,000 writes a second: more than the usual
    // status timeout on a slow machine.
    await().atMost(Duration.ofMinutes(3)).until(() -> {
      TableRestore now = getRestore("bring-back");
      return now.getStatus() != null && now.getStatus().getPhase() != null && now.getStatus().getPhase().terminal();
    });
    TableRestore done = getRestore("bring-back");

    assertThat(done.getStatus().getPhase()).as(done.getStatus().getMessage()).isEqualTo(RestorePhase.Completed);
    ItemRestoreStatus items = done.getStatus().getItems();
    assertThat(items.getWritten()).isEqualTo(4_990);
    assertThat(items.getSkippedExisting()).as("re-created by the application").isEqualTo(10);
    assertThat(items.getUnchanged()).isEqualTo(5_000);
    assertThat(items.getScanned()).isEqualTo(10_000);
    assertThat(items.getMissingNow()).isEqualTo(4_990);
    assertThat(items.getShardsDone()).isEqualTo(2);
    assertThat(items.getIntermediateTableDeleted()).isTrue();
    Map<String, Map<String, AttributeValue>> live = items(orders);
    assertThat(live).hasSize(10_100);
    assertThat(IntStream.range(0, 10).mapToObj(i -> live.get("order-" + i).get("status").s()))
        .as("re-created by the application, untouched").containsOnly("re-created");
    assertThat(IntStream.range(10, 5_000).mapToObj(i -> live.get("order-" + i).get("status").s()))
        .containsOnly("placed");
    assertThat(IntStream.range(10_000, 10_100).mapToObj(i -> live.get("order-" + i).get("status").s()))
        .as("placed since the restore point, untouched").containsOnly("new");
    assertThat(dynamo.listTables().tableNames()).doesNotContain(tableName("orders-at-t"));
    assertThat(done.getStatus().getConditions()).anySatisfy(c -> assertThat(c.getReason()).isEqualTo("WriteBackCompleted"));
    awaitEvent("bring-back", "WriteBackStarted");
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(client.batch().v1().jobs()
        .inNamespace(copyNamespace).list().getItems()).as("the Job and its parts go with the write-back").isEmpty());
    assertThat(client.secrets().inNamespace(copyNamespace).withLabel("tableguard.io/restore-uid").list().getItems())
        .isEmpty();

    List<AwsFaultProxy.RecordedCall> copyCalls = aws.calls().stream()
        .filter(c -> kubelet.accessKeys().contains(c.accessKeyId())).toList();
    assertThat(copyCalls).as("the copy pods' calls").isNotEmpty();
    assertThat(copyCalls.stream().flatMap(c -> tablesNamed(c.requestBody()).stream()).distinct())
        .as("the copy session reaches the two tables only").containsOnly(orders, tableName("orders-at-t"));
    assertThat(copyCalls.stream().map(c -> "dynamodb:" + c.operation()).collect(java.util.stream.Collectors.toSet()))
        .as("granted by examples/iam-policy-copy-jobs.json").isSubsetOf(copyJobActions());
  }

  @Test
  void aCopyPodKilledMidCopyResumesFromItsCheckpointAndTheCountsAddUp() {
    String orders = protectTable("orders");
    seed(orders, IntStream.range(0, 1500).mapToObj(i -> order(i, "placed")).toList());
    Instant restorePoint = lastGoodSecond();
    IntStream.range(0, 600).forEach(i -> dynamo.deleteItem(r -> r.tableName(orders).key(Map.of("pk", s("order-" + i)))));
    TableRestore restore = itemRestore("resume", restorePoint, tableName("orders-resume"), WriteBackMode.MissingOnly,
        1, 1);
    restore.getSpec().getItems().getWriteBack().setMaxWritesPerSecond(150);
    create(restore);
    String job = "tg-copy-" + awaitRestore("resume", r -> r.getStatus() != null && r.getStatus().getItems() != null
        && r.getStatus().getItems().getJobName() != null).getMetadata().getUid();
    // Killed once its checkpoint holds progress, mid-copy: 600 writes at 150/s take 4 s.
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> kubelet.isRunning(job, 0)
        && checkpointed(job + "-0"));
    assertThat(kubelet.kill(job, 0)).isTrue();

    TableRestore done = awaitRestore("resume", r -> r.getStatus().getPhase().terminal());

    assertThat(done.getStatus().getPhase()).as(done.getStatus().getMessage()).isEqualTo(RestorePhase.Completed);
    ItemRestoreStatus items = done.getStatus().getItems();
    assertThat(items.getScanned()).isEqualTo(1500);
    assertThat(items.getWritten() + items.getAlreadyRestored() + items.getUnchanged()).isEqualTo(1500);
    // A page the killed pod had begun is read again: what it wrote then is found restored now, not written twice.
    assertThat(items.getWritten()).as("each deleted order written once, by the run that found it missing")
        .isEqualTo(items.getMissingNow()).isLessThanOrEqualTo(600);
    assertThat(items.getWritten() + items.getAlreadyRestored()).isGreaterThanOrEqualTo(600);
    assertThat(items(orders)).hasSize(1500);
  }

  @Test
  void diffOnlyReportsTheBadDeployAndWritesNothing() {
    String orders = protectTable("orders");
    seed(orders, IntStream.range(0, 300).mapToObj(i -> order(i, "placed")).toList());
    Instant restorePoint = lastGoodSecond();
    IntStream.range(0, 30).forEach(i -> dynamo.putItem(r -> r.tableName(orders).item(order(i, "lost"))));
    seed(orders, IntStream.range(300, 305).mapToObj(i -> order(i, "bogus")).toList());
    IntStream.range(100, 102).forEach(i -> dynamo.deleteItem(r -> r.tableName(orders).key(Map.of("pk",
        s("order-" + i)))));

    TableRestore diffOnly = itemRestore("diff", restorePoint, tableName("orders-diff"), WriteBackMode.DiffOnly, 2, 1);
    diffOnly.getSpec().getItems().setReport(new RestoreItems.Report());
    diffOnly.getSpec().getItems().getReport().setSampleKeys(true);
    create(diffOnly);
    TableRestore done = awaitRestore("diff", r -> r.getStatus() != null && r.getStatus().getPhase() != null
        && r.getStatus().getPhase().terminal());

    ItemRestoreStatus items = done.getStatus().getItems();
    assertThat(done.getStatus().getPhase()).as(done.getStatus().getMessage()).isEqualTo(RestorePhase.Completed);
    assertThat(items.getChanged()).isEqualTo(30);
    assertThat(items.getAddedSince()).isEqualTo(5);
    assertThat(items.getMissingNow()).isEqualTo(2);
    assertThat(items.getReported()).isEqualTo(37);
    assertThat(items.getMatched()).isEqualTo(37);
    assertThat(items.getWritten() + items.getDeleted()).isZero();
    assertThat(items.getScanned()).isEqualTo(305);
    assertThat(items(orders)).hasSize(303);
    assertThat(items.getSampleKeys().get("changed")).hasSize(10)
        .allSatisfy(key -> assertThat(key).matches("\\{\"pk\":\\{\"S\":\"order-[0-9]+\"}}"));
    assertThat(items.getSampleKeys().get("missingNow")).containsExactlyInAnyOrder("{\"pk\":{\"S\":\"order-100\"}}",
        "{\"pk\":{\"S\":\"order-101\"}}");
    assertThat(items.getSampleKeys().get("addedSince")).hasSize(5);
    assertThat(items.getSampleKeys().toString()).as("keys only, never values").doesNotContain("lost", "bogus");
  }

  @Test
  void keysThatAreNotTheTablesKeyFailAtOnceNamingTheAttributes() {
    protectTable("orders");
    TableRestore restore = itemRestore("bad-keys", Instant.now().truncatedTo(ChronoUnit.SECONDS),
        tableName("orders-k"), WriteBackMode.MissingOnly, 1, 1);
    restore.getSpec().getRestorePoint().setTime(null);
    restore.getSpec().getRestorePoint().setLatest(true);
    restore.getSpec().getItems().setKeys(List.of(Map.of("orderId", ItemValue.ofS("o-1")),
        Map.of("pk", ItemValue.ofN("7"))));

    create(restore);
    TableRestore failed = awaitPhase("bad-keys", RestorePhase.Failed);

    assertThat(failed.getStatus().getConditions()).anySatisfy(c -> assertThat(c.getReason())
        .isEqualTo("InvalidItemKeys"));
    assertThat(failed.getStatus().getMessage()).contains("spec.items.keys[0] names [orderId], the table's key is [pk]")
        .contains("spec.items.keys[1].pk must be S");
    assertThat(aws.count("RestoreTableToPointInTime")).as("nothing restored").isZero();
  }

  @Test
  void underEnforcedPermissionsTheCopySessionReachesItsTwoTablesAndNoThird() throws IOException {
    emulator().defineRole(COPY_ROLE, Files.readString(KubeApi.repoRoot().resolve("examples/iam-policy-copy-jobs.json")),
        Set.of("arn:aws:iam::000000000000:user/testing"));
    emulator().enforcePermissions(true);
    String orders = protectTable("orders");
    String payroll = tableName("payroll");
    createTable(payroll);
    seed(orders, IntStream.range(0, 50).mapToObj(i -> order(i, "placed")).toList());
    Instant restorePoint = lastGoodSecond();
    IntStream.range(0, 10).forEach(i -> dynamo.deleteItem(r -> r.tableName(orders).key(Map.of("pk", s("order-" + i)))));

    create(itemRestore("scoped", restorePoint, tableName("orders-scoped"), WriteBackMode.MissingOnly, 1, 1));
    TableRestore done = awaitRestore("scoped", r -> r.getStatus() != null && r.getStatus().getPhase() != null
        && r.getStatus().getPhase().terminal());

    assertThat(done.getStatus().getPhase()).as(done.getStatus().getMessage()).isEqualTo(RestorePhase.Completed);
    assertThat(done.getStatus().getItems().getWritten()).isEqualTo(10);
    String file = kubelet.credentialFiles().get(kubelet.credentialFiles().size() - 1);
    try (DynamoDbClient copySession = DynamoDbClient.builder().endpointOverride(aws.endpoint())
        .region(software.amazon.awssdk.regions.Region.of(REGION))
        .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(field(file,
            "aws_access_key_id"), field(file, "aws_secret_access_key"), field(file, "aws_session_token")))).build()) {
      assertThat(copySession.getItem(r -> r.tableName(orders).key(Map.of("pk", s("order-1")))).hasItem()).isTrue();
      assertThatThrownBy(() -> copySession.putItem(r -> r.tableName(payroll).item(Map.of("pk", s("salary")))))
          .isInstanceOf(DynamoDbException.class)
          .hasMessageContaining("is not authorized to perform: dynamodb:PutItem on resource: ")
          .hasMessageContaining(":table/" + payroll + " because no session policy allows the dynamodb:PutItem action");
      assertThatThrownBy(() -> copySession.scan(r -> r.tableName(payroll)))
          .hasMessageContaining("because no session policy allows the dynamodb:Scan action");
    } finally {
      emulator().enforcePermissions(false);
    }
  }

  @Test
  void aHostileNamespaceCanNeitherWriteBackIntoNorReadAnotherNamespacesTables() {
    String orders = protectTable("orders");
    seed(orders, IntStream.range(0, 20).mapToObj(i -> order(i, "placed")).toList());
    String intruder = kube.createNamespace("intruder");
    TableguardResources hostile = new TableguardResources(client, intruder);
    try {
      // A ProtectedTable of the victim's table in another namespace is refused, and so is its write-back.
      hostile.create(protectedTable("orders", orders));
      hostile.awaitReady("orders", "Conflict");
      TableRestore revert = itemRestore("wipe", Instant.now().truncatedTo(ChronoUnit.SECONDS),
          tableName("stolen"), WriteBackMode.Revert, 1, 1);
      revert.getSpec().getRestorePoint().setTime(null);
      revert.getSpec().getRestorePoint().setLatest(true);
      hostile.create(revert);
      TableRestore refused = hostile.awaitPhase("wipe", RestorePhase.Failed);
      assertThat(refused.getStatus().getConditions()).anySatisfy(c -> assertThat(c.getReason())
          .isEqualTo("ProtectedTableNotReady"));
      // Restoring into the name of the victim's intermediate table (to read it) is refused as any claimed target.
      TableRestore mine = itemRestore("mine", Instant.now().truncatedTo(ChronoUnit.SECONDS), tableName("at-t"),
          WriteBackMode.DiffOnly, 1, 1);
      mine.getSpec().getRestorePoint().setTime(null);
      mine.getSpec().getRestorePoint().setLatest(true);
      mine.getSpec().getItems().setKeepIntermediateTable(true);
      create(mine);
      awaitPhase("mine", RestorePhase.Completed);
      createTable(tableName("intruder-own"));
      hostile.create(protectedTable("own", tableName("intruder-own")));
      hostile.awaitReady("own", "Protected");
      TableRestore peek = itemRestore("peek", Instant.now().truncatedTo(ChronoUnit.SECONDS), tableName("at-t"),
          WriteBackMode.DiffOnly, 1, 1);
      peek.getSpec().getSource().setProtectedTableRef("own");
      peek.getSpec().getRestorePoint().setTime(null);
      peek.getSpec().getRestorePoint().setLatest(true);
      hostile.create(peek);
      TableRestore claimed = hostile.awaitPhase("peek", RestorePhase.Failed);
      assertThat(claimed.getStatus().getConditions()).anySatisfy(c -> assertThat(c.getReason())
          .isIn("TargetClaimed", "TargetTableExists"));
      assertThat(items(orders)).as("the victim's table, untouched").hasSize(20);
    } finally {
      kube.deleteTableguardResources(intruder);
    }
  }

  @Test
  void aLiveTableCreatedAgainDuringTheRestoreIsNeverWrittenInto() {
    String orders = protectTable("orders");
    seed(orders, IntStream.range(0, 20).mapToObj(i -> order(i, "placed")).toList());
    Instant restorePoint = lastGoodSecond();
    keepCreating(tableName("orders-again"));
    create(itemRestore("again", restorePoint, tableName("orders-again"), WriteBackMode.Overwrite, 1, 1));
    awaitRestore("again", r -> r.getStatus() != null && r.getStatus().getPhase() == RestorePhase.Restoring
        && r.getStatus().getTargetTableArn() != null);
    // While AWS restores, someone deletes the live table and creates one of the same name.
    dynamo.deleteTable(r -> r.tableName(orders));
    createTable(orders);
    aws.clearRewrites();

    TableRestore failed = awaitPhase("again", RestorePhase.Failed);

    assertThat(failed.getStatus().getConditions()).anySatisfy(c -> assertThat(c.getReason())
        .isEqualTo("LiveTableReplaced"));
    assertThat(failed.getStatus().getMessage()).contains("was deleted and created again since the restore started");
    assertThat(items(orders)).as("the new table, untouched").isEmpty();
    assertThat(client.batch().v1().jobs().inNamespace(copyNamespace).list().getItems()).as("no copy Job").isEmpty();
  }

  @Test
  void aBadDeployIsRevertedWhereItWroteAndAnOrderTheApplicationUpdatesMeanwhileIsKept() {
    String orders = protectTable("orders");
    seed(orders, IntStream.range(0, 100).mapToObj(i -> versioned(i, "placed", 1, 100)).toList());
    Instant restorePoint = lastGoodSecond();
    // The bad window: 30 orders rewritten, 5 bogus ones created, all stamped lastModified 200.
    IntStream.range(0, 30).forEach(i -> dynamo.putItem(r -> r.tableName(orders).item(versioned(i, "lost", 2, 200))));
    seed(orders, IntStream.range(100, 105).mapToObj(i -> versioned(i, "bogus", 1, 200)).toList());
    // Support fixed order-50 by hand before the deploy's window: not the deploy's doing, so it stays.
    dynamo.putItem(r -> r.tableName(orders).item(versioned(50, "fixed", 2, 150)));
    // The application updates order-7 right after the copy read it: that update must survive.
    emulator().afterNextRead(orders, "{\"pk\": {\"S\": \"order-7\"}}", () -> dynamo.putItem(r -> r
        .tableName(orders).item(versioned(7, "shipped", 3, 300))));
    TableRestore restore = itemRestore("revert", restorePoint, tableName("orders-revert"), WriteBackMode.Revert, 2, 1);
    restore.getSpec().getItems().getWriteBack().setVersionAttribute("version");
    ItemExpression sinceDeploy = new ItemExpression();
    sinceDeploy.setExpression("#m >= :deploy");
    sinceDeploy.setNames(Map.of("#m", "lastModified"));
    sinceDeploy.setValues(Map.of(":deploy", ItemValue.ofN("200")));
    restore.getSpec().getItems().getWriteBack().setCondition(sinceDeploy);

    create(restore);
    TableRestore done = awaitRestore("revert", r -> r.getStatus() != null && r.getStatus().getPhase() != null
        && r.getStatus().getPhase().terminal());

    assertThat(done.getStatus().getPhase()).as(done.getStatus().getMessage()).isEqualTo(RestorePhase.Completed);
    ItemRestoreStatus items = done.getStatus().getItems();
    assertThat(items.getWritten()).as("the deploy's 30, but order-7").isEqualTo(29);
    assertThat(items.getSkippedChanged()).isEqualTo(1);
    assertThat(items.getSkippedByCondition()).as("order-50, fixed before the window").isEqualTo(1);
    assertThat(items.getDeleted()).isEqualTo(5);
    assertThat(items.getScanned()).isEqualTo(105);
    Map<String, Map<String, AttributeValue>> live = items(orders);
    assertThat(live).hasSize(100);
    assertThat(live.get("order-7").get("status").s()).isEqualTo("shipped");
    assertThat(live.get("order-50").get("status").s()).isEqualTo("fixed");
    assertThat(live.values().stream().filter(i -> !Set.of("order-7", "order-50").contains(i.get("pk").s()))
        .map(i -> i.get("status").s())).containsOnly("placed");
  }

  @Test
  void oneTenantGoesBackWhileEveryOtherStaysCurrent() {
    String orders = protectTable("orders");
    // The protected table's key is pk alone: one item per tenant here (the engine's tests cover tenants of many).
    seed(orders, IntStream.range(0, 3).mapToObj(i -> Map.of("pk", s("tenant-" + i), "status", s("v1"))).toList());
    Instant restorePoint = lastGoodSecond();
    dynamo.putItem(r -> r.tableName(orders).item(Map.of("pk", s("tenant-1"), "status", s("broken"))));
    dynamo.putItem(r -> r.tableName(orders).item(Map.of("pk", s("tenant-2"), "status", s("current"))));
    TableRestore restore = itemRestore("tenant", restorePoint, tableName("orders-tenant"), WriteBackMode.Revert, 2, 2);
    restore.getSpec().getItems().setPartitionKeys(List.of(ItemValue.ofS("tenant-1")));

    create(restore);
    TableRestore done = awaitRestore("tenant", r -> r.getStatus() != null && r.getStatus().getPhase() != null
        && r.getStatus().getPhase().terminal());

    assertThat(done.getStatus().getPhase()).as(done.getStatus().getMessage()).isEqualTo(RestorePhase.Completed);
    assertThat(done.getStatus().getItems().getWritten()).isEqualTo(1);
    assertThat(done.getStatus().getItems().getScanned()).isEqualTo(1);
    Map<String, Map<String, AttributeValue>> live = items(orders);
    assertThat(live.get("tenant-1").get("status").s()).isEqualTo("v1");
    assertThat(live.get("tenant-2").get("status").s()).as("another tenant, current").isEqualTo("current");
  }

  private static Map<String, AttributeValue> versioned(int i, String status, int version, int lastModified) {
    return Map.of("pk", s("order-" + i), "status", s(status), "version", AttributeValue.fromN(String.valueOf(version)),
        "lastModified", AttributeValue.fromN(String.valueOf(lastModified)));
  }

  private static String field(String credentialsFile, String name) {
    Matcher value = Pattern.compile(name + " = (\\S+)").matcher(credentialsFile);
    assertThat(value.find()).as(name).isTrue();
    return value.group(1);
  }

  /** Whether the shard's progress ConfigMap holds a checkpoint with writes in it. */
  private boolean checkpointed(String progress) {
    var map = client.configMaps().inNamespace(copyNamespace).withName(progress).get();
    return map != null && map.getData() != null && map.getData().getOrDefault("checkpoint", "")
        .matches(".*\"Written\":[1-9].*");
  }

  private TableRestore itemRestore(String name, Instant at, String intermediate, WriteBackMode mode, int shards,
      int pods) {
    TableRestore restore = tableRestore(name, "orders", intermediate);
    restore.getSpec().getRestorePoint().setLatest(null);
    restore.getSpec().getRestorePoint().setTime(at.toString());
    RestoreItems items = new RestoreItems();
    WriteBack writeBack = new WriteBack();
    writeBack.setMode(mode);
    writeBack.setShards(shards);
    writeBack.setParallelism(pods);
    items.setWriteBack(writeBack);
    restore.getSpec().setItems(items);
    return restore;
  }

  private static Set<String> copyJobActions() throws IOException {
    JsonNode policy = new ObjectMapper().readTree(KubeApi.repoRoot().resolve("examples/iam-policy-copy-jobs.json")
        .toFile());
    Set<String> actions = new TreeSet<>();
    policy.path("Statement").forEach(s -> s.path("Action").forEach(a -> actions.add(a.asText())));
    return actions;
  }

  /** Table names a DynamoDB request body names (TableName, or the keys of RequestItems). */
  private static Set<String> tablesNamed(String body) {
    Set<String> tables = new TreeSet<>();
    Matcher name = Pattern.compile("\"TableName\"\\s*:\\s*\"([^\"]+)\"").matcher(body);
    while (name.find()) {
      tables.add(name.group(1));
    }
    try {
      new ObjectMapper().readTree(body).path("RequestItems").fieldNames().forEachRemaining(tables::add);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return tables;
  }

  private void seed(String table, List<Map<String, AttributeValue>> items) {
    for (int i = 0; i < items.size(); i += 25) {
      List<WriteRequest> batch = new ArrayList<>();
      items.subList(i, Math.min(items.size(), i + 25)).forEach(item -> batch.add(WriteRequest.builder()
          .putRequest(PutRequest.builder().item(item).build()).build()));
      dynamo.batchWriteItem(r -> r.requestItems(Map.of(table, batch)));
    }
  }

  private void delete(String table, List<String> keys) {
    for (int i = 0; i < keys.size(); i += 25) {
      List<WriteRequest> batch = new ArrayList<>();
      keys.subList(i, Math.min(keys.size(), i + 25)).forEach(key -> batch.add(WriteRequest.builder()
          .deleteRequest(DeleteRequest.builder().key(Map.of("pk", s(key))).build()).build()));
      dynamo.batchWriteItem(r -> r.requestItems(Map.of(table, batch)));
    }
  }

  private Map<String, Map<String, AttributeValue>> items(String table) {
    Map<String, Map<String, AttributeValue>> items = new HashMap<>();
    dynamo.scanPaginator(r -> r.tableName(table).consistentRead(true)).items()
        .forEach(item -> items.put(item.get("pk").s(), item));
    return items;
  }

  private static Map<String, AttributeValue> order(int i, String status) {
    return Map.of("pk", s("order-" + i), "status", s(status), "total", AttributeValue.fromN("12.5"));
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }
}
