package io.tableguard.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tableguard.TableguardOperator;
import io.tableguard.aws.AwsClients;
import io.tableguard.config.ChangeEventSettings;
import io.tableguard.config.OperatorSettings;
import io.tableguard.emulator.PitrEmulator;
import io.tableguard.kube.Conditions;
import io.tableguard.model.protection.ProtectedTable;
import io.tableguard.testsupport.AwsFaultProxy;
import io.tableguard.testsupport.CloudTrailEvents;
import io.tableguard.testsupport.DynamoTables;
import io.tableguard.testsupport.KubeApi;
import io.tableguard.testsupport.MotoServer;
import io.tableguard.testsupport.OperatorTestBase;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * TABLEGUARD_EVENT_QUEUE_URLS: DynamoDB's CloudTrail events on an SQS queue wake the resources whose verified table
 * changed, so drift is put back in seconds even with checkInterval: 1h. The PITR emulator publishes an event for
 * each control-plane write it serves, as CloudTrail and an EventBridge rule would, to a queue on moto; the operator
 * reads it through a recording proxy, so its SQS calls count for IamPolicyTest.
 */
class ChangeEventsTest extends OperatorTestBase {
  private static final String OTHER_ACCOUNT = "111122223333";
  private static final StaticCredentialsProvider TEST_CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RULE = "tableguard-dynamodb-changes";

  /** The routing test has the emulator publish to a queue of its own, and routes its events by the example rule. */
  private final boolean routedByRule;
  /** The leader test's operators share a Lease. */
  private final boolean leaderTest;
  /** In front of moto's SQS: the operator's queue calls are recorded like its DynamoDB calls. */
  private AwsFaultProxy sqsProxy;
  /** The test's own SQS client, straight to moto. */
  private SqsClient sqs;
  /** The queue the operator reads. */
  private String queueUrl;
  /** Where the emulator publishes in the routing test; null otherwise. */
  private String emulatorQueueUrl;
  private String intruder;

  ChangeEventsTest(TestInfo test) {
    String name = test.getTestMethod().map(m -> m.getName()).orElse("");
    routedByRule = name.startsWith("theExampleRule");
    leaderTest = name.equals("onlyTheLeaderReadsTheQueue");
  }

  @Override
  protected boolean timeFaithfulAws() {
    return true;
  }

  /** Called first, when the emulator is made: the queues exist before it publishes. */
  @Override
  protected PitrEmulator.Options emulatorOptions() {
    URI moto = MotoServer.shared().endpoint();
    sqsProxy = AwsFaultProxy.start(moto);
    sqs = SqsClient.builder().endpointOverride(moto).region(Region.of(REGION))
        .credentialsProvider(TEST_CREDENTIALS).build();
    String name = "tableguard-events-" + UUID.randomUUID().toString().substring(0, 8);
    queueUrl = sqs.createQueue(r -> r.queueName(name)).queueUrl();
    if (routedByRule) {
      emulatorQueueUrl = sqs.createQueue(r -> r.queueName(name + "-cloudtrail")).queueUrl();
    }
    return super.emulatorOptions().withEventQueue(URI.create(routedByRule ? emulatorQueueUrl : queueUrl));
  }

  /** The operator reads the queue through the proxy; in the leader test it holds a Lease. */
  @Override
  protected TableguardOperator startOperator() {
    OperatorSettings settings = leaderTest ? settings().withLeaderElection(lease()) : settings();
    operator = new TableguardOperator(settings, ChangeEventSettings.forQueues(List.of(throughProxy(sqsProxy))),
        operatorClient()).start();
    return operator;
  }

  private URI throughProxy(AwsFaultProxy proxy) {
    return URI.create(proxy.endpoint() + URI.create(queueUrl).getRawPath());
  }

  private OperatorSettings.LeaderElection lease() {
    return new OperatorSettings.LeaderElection(true, namespace, "tableguard-events");
  }

  @AfterEach
  void removeQueuesAndIntruder() {
    stopOperator();
    if (intruder != null) {
      kube.deleteTableguardResources(intruder);
    }
    for (String url : new String[] {queueUrl, emulatorQueueUrl}) {
      if (url != null) {
        sqs.deleteQueue(r -> r.queueUrl(url));
      }
    }
    sqs.close();
    sqsProxy.close();
  }

  @Test
  void driftIsPutBackWithinSecondsOfItsEventDespiteAnHourlyCheck() throws Exception {
    String table = protectHourly("orders");
    Counts before = settled();
    long writesBefore = aws.count("UpdateContinuousBackups");

    Instant drift = Instant.now();
    changePitrOutsideOperator(table, false, null);

    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
        .until(() -> pitrOf(table).pointInTimeRecoveryStatus() == PointInTimeRecoveryStatus.ENABLED);
    Duration took = Duration.between(drift, Instant.now());
    assertThat(took).as("from the change to PITR on again, with checkInterval 1h").isLessThan(Duration.ofSeconds(15));
    ProtectedTable corrected = awaitStatus("orders", pt -> pt.getStatus().getDriftCount() == 1);
    assertThat(Conditions.reason(corrected.getStatus().getConditions(), "Drifted")).hasValue("DriftCorrected");
    assertThat(aws.count("UpdateContinuousBackups")).as("one correction").isEqualTo(writesBefore + 1);
    // The person's write woke the resource; the operator's own correction, an event too, woke nothing.
    Counts after = settled();
    assertThat(after.minus(before)).isEqualTo(new Counts(1, 1, 0));
  }

  /**
   * Anyone may send tableguard's User-Agent (a script copying it, or a tenant hoping a write goes unseen): the
   * operator tells its own writes by who made them, so a person's write in its clothes is put back in seconds.
   */
  @Test
  void aPersonsWriteWithTheOperatorsUserAgentIsPutBackWithinSeconds() throws Exception {
    String table = protectHourly("orders");
    Counts before = settled();

    try (DynamoDbClient disguised = DynamoDbClient.builder().endpointOverride(emulator().endpoint())
        .region(Region.of(REGION))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(DynamoTables.PERSON,
            DynamoTables.PERSON)))
        .overrideConfiguration(o -> o.putAdvancedOption(SdkAdvancedClientOption.USER_AGENT_SUFFIX,
            AwsClients.USER_AGENT))
        .build()) {
      disguised.updateContinuousBackups(r -> r.tableName(table).pointInTimeRecoverySpecification(
          p -> p.pointInTimeRecoveryEnabled(false)));
    }

    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
        .until(() -> pitrOf(table).pointInTimeRecoveryStatus() == PointInTimeRecoveryStatus.ENABLED);
    // The disguised write woke the resource; the operator's correction, made as the operator, woke nothing.
    assertThat(settled().minus(before)).isEqualTo(new Counts(1, 1, 0));
  }

  @Test
  void malformedAndUnknownMessagesAndSqsFailuresNeverStopThePolling() throws Exception {
    String table = protectHourly("ledger");
    String account = accountOf("ledger");
    Counts before = settled();

    for (String body : List.of(
        "{\"source\": \"aws.dynamodb\", \"detail-type\": ",
        "twelve bytes",
        "{\"source\":\"aws.dynamodb\",\"detail-type\":\"AWS API Call via CloudTrail\",\"detail\":{\"eventName\":"
            + "\"DeleteTable\",\"requestParameters\":{}}}",
        CloudTrailEvents.describeTable(account, REGION, table).toString(),
        CloudTrailEvents.failed(CloudTrailEvents.updateContinuousBackups(account, REGION, table, false),
            "AccessDenied").toString(),
        "{\"version\":\"0\",\"source\":\"aws.s3\",\"detail-type\":\"Object Created\",\"detail\":{}}")) {
      emulator().publishRawEvent(body).join();
    }
    assertThat(settled().minus(before)).isEqualTo(new Counts(0, 3, 3));

    // SQS fails: the operator backs off and reads again. (A message first ends the long poll already waiting.)
    sqsProxy.failNext("ReceiveMessage", 4, AwsFaultProxy.Fault.serverError());
    emulator().publishRawEvent("{\"source\":\"aws.ec2\",\"detail-type\":\"EC2 Instance State-change "
        + "Notification\",\"detail\":{}}").join();
    await().atMost(Duration.ofSeconds(30)).until(() -> sqsProxy.calls().stream()
        .filter(c -> c.operation().equals("ReceiveMessage") && c.status() == 500).count() == 4);

    // Polling goes on: a change later still has its drift put back at once.
    changePitrOutsideOperator(table, false, null);
    await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
        .until(() -> pitrOf(table).pointInTimeRecoveryStatus() == PointInTimeRecoveryStatus.ENABLED);
    assertThat(settled().minus(before)).isEqualTo(new Counts(1, 5, 3));
  }

  @Test
  void anEventForATableOnlyAHostileSpecClaimsWakesNothingForIt() throws Exception {
    String table = protectHourly("payments");
    String account = accountOf("payments");
    intruder = kube.createNamespace("intruder");
    // Names the same table: loses the claim (Conflict), so its status never holds the table's ARN.
    ProtectedTable grab = protectedTable("grab", table);
    grab.getSpec().setCheckInterval("1h");
    // Claims a table of another account by ARN: refused before any call (AccountMismatch).
    ProtectedTable foreign = protectedTable("foreign", null);
    foreign.getSpec().setTableArn("arn:aws:dynamodb:" + REGION + ":" + OTHER_ACCOUNT + ":table/" + table);
    foreign.getSpec().setCheckInterval("1h");
    for (ProtectedTable pt : List.of(grab, foreign)) {
      pt.getMetadata().setNamespace(intruder);
      client.resource(pt).create();
    }
    String grabVersion = settledVersion("grab", "Conflict");
    String foreignVersion = settledVersion("foreign", "AccountMismatch");
    Counts before = settled();
    String victimCheck = get("payments").getStatus().getLastCheckTime();
    pause(Duration.ofMillis(1100));

    // A change of the table both intruders name, in the operator's account, and one in the other account.
    dynamo.updateTimeToLive(r -> r.tableName(table).timeToLiveSpecification(s -> s.enabled(true)
        .attributeName("expiresAt")));
    emulator().publishRawEvent(CloudTrailEvents.updateContinuousBackups(OTHER_ACCOUNT, REGION, table, false)
        .toString()).join();

    assertThat(settled().minus(before)).isEqualTo(new Counts(1, 1, 0));
    // The resource that verified the table was checked at once; the intruder's were not touched.
    await().atMost(Duration.ofSeconds(10))
        .until(() -> !victimCheck.equals(get("payments").getStatus().getLastCheckTime()));
    pause(Duration.ofSeconds(3));
    assertThat(intruderPt("grab").getMetadata().getResourceVersion()).isEqualTo(grabVersion);
    assertThat(intruderPt("foreign").getMetadata().getResourceVersion()).isEqualTo(foreignVersion);
    assertThat(account).isNotEqualTo(OTHER_ACCOUNT);
  }

  /**
   * JOSDK starts event sources on a standby too; the queue is read by the Lease's holder only, so a standby never
   * takes a message that it would not act on. (This test's operator, the first, holds the Lease.)
   */
  @Test
  void onlyTheLeaderReadsTheQueue() throws Exception {
    try (AwsFaultProxy standbyProxy = AwsFaultProxy.start(MotoServer.shared().endpoint())) {
      // Caught the moment it arrives, were it to come: a long poll is recorded only when it ends.
      AwsFaultProxy.Hold standbyPoll =
          standbyProxy.holdNext("ReceiveMessage", AwsFaultProxy.HoldPoint.BEFORE_FORWARD);
      try (TableguardOperator standby = new TableguardOperator(settings().withLeaderElection(lease()),
          ChangeEventSettings.forQueues(List.of(throughProxy(standbyProxy))), operatorClient()).start()) {
        driftPutBackByTheLeader();
        assertThatThrownBy(() -> standbyPoll.awaitHeld(Duration.ofSeconds(2))).as("the standby read the queue")
            .isInstanceOf(AssertionError.class);
      } finally {
        standbyPoll.drop();
      }
    }
  }

  private void driftPutBackByTheLeader() throws Exception {
    String table = protectHourly("orders");
    Counts before = settled();

    changePitrOutsideOperator(table, false, null);
    await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
        .until(() -> pitrOf(table).pointInTimeRecoveryStatus() == PointInTimeRecoveryStatus.ENABLED);

    assertThat(settled().minus(before)).as("counted by the leader").isEqualTo(new Counts(1, 1, 0));
  }

  /**
   * examples/eventbridge-rule.json, put on moto's EventBridge with the operator's queue as target, routes the
   * event the emulator published for a person's write, and no read nor refused call; examples/sqs-queue-policy.json
   * is the queue's policy. The operator then puts PITR back.
   */
  @Test
  void theExampleRuleRoutesTheEmulatorsEventToTheQueueTheExamplePolicyOpens() throws Exception {
    JsonNode pattern = JSON.readTree(Files.readString(KubeApi.repoRoot().resolve("examples/eventbridge-rule.json")));
    Set<String> routed = new HashSet<>();
    pattern.path("detail").path("eventName").forEach(name -> routed.add(name.asText()));
    assertThat(routed).as("the rule routes exactly the events the operator acts on")
        .isEqualTo(TableChangeEvent.TABLE_PARAMETER.keySet());

    String table = protectHourly("invoices");
    String account = accountOf("invoices");
    String queueArn = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
        .attributes().get(QueueAttributeName.QUEUE_ARN);
    try (EventBridgeClient events = EventBridgeClient.builder().endpointOverride(MotoServer.shared().endpoint())
        .region(Region.of(REGION)).credentialsProvider(TEST_CREDENTIALS).build()) {
      String ruleArn = events.putRule(r -> r.name(RULE).eventPattern(pattern.toString())).ruleArn();
      try {
        String policy = Files.readString(KubeApi.repoRoot().resolve("examples/sqs-queue-policy.json"))
            .replace("arn:aws:sqs:eu-west-1:111122223333:tableguard-events", queueArn)
            .replace("arn:aws:events:eu-west-1:111122223333:rule/" + RULE, ruleArn);
        sqs.setQueueAttributes(r -> r.queueUrl(queueUrl).attributes(Map.of(QueueAttributeName.POLICY, policy)));
        assertThat(JSON.readTree(sqs.getQueueAttributes(r -> r.queueUrl(queueUrl)
            .attributeNames(QueueAttributeName.POLICY)).attributes().get(QueueAttributeName.POLICY)))
            .isEqualTo(JSON.readTree(policy));
        events.putTargets(r -> r.rule(RULE).targets(t -> t.id("tableguard").arn(queueArn)));

        // Reads and refused calls never reach the queue.
        putEvent(events, CloudTrailEvents.describeTable(account, REGION, table));
        putEvent(events, CloudTrailEvents.failed(CloudTrailEvents.updateContinuousBackups(account, REGION, table,
            false), "AccessDenied"));
        // PITR turned off: the emulator's event for it goes through the rule, and the operator puts PITR back.
        changePitrOutsideOperator(table, false, null);
        putEvent(events, emulatorEvent("UpdateContinuousBackups", table));
      } finally {
        events.removeTargets(r -> r.rule(RULE).ids("tableguard"));
        events.deleteRule(r -> r.name(RULE));
      }
    }
    await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
        .until(() -> pitrOf(table).pointInTimeRecoveryStatus() == PointInTimeRecoveryStatus.ENABLED);
    await().atMost(Duration.ofSeconds(10)).until(() -> counts().handled() == 1);
    awaitQueueEmpty();
    assertThat(counts()).as("nothing but the write was routed").isEqualTo(new Counts(1, 0, 0));
  }

  /** The event the emulator published for a person's (not the operator's) call of this name on this table. */
  private JsonNode emulatorEvent(String eventName, String table) {
    return await().atMost(Duration.ofSeconds(20)).until(() -> {
      for (Message message : sqs.receiveMessage(r -> r.queueUrl(emulatorQueueUrl).waitTimeSeconds(1)
          .maxNumberOfMessages(10)).messages()) {
        JsonNode event = JSON.readTree(message.body());
        JsonNode detail = event.path("detail");
        if (eventName.equals(detail.path("eventName").asText())
            && table.equals(detail.path("requestParameters").path("tableName").asText())
            && DynamoTables.PERSON.equals(detail.path("userIdentity").path("userName").asText())) {
          return Optional.of(event);
        }
      }
      return Optional.<JsonNode>empty();
    }, Optional::isPresent).orElseThrow();
  }

  private static void putEvent(EventBridgeClient events, JsonNode event) {
    var answer = events.putEvents(r -> r.entries(e -> e.source(event.get("source").asText())
        .detailType(event.get("detail-type").asText())
        .detail(event.get("detail").toString())));
    assertThat(answer.failedEntryCount()).isZero();
  }

  /** A table and its ProtectedTable, checked every hour: only an event can bring its check forward. */
  private String protectHourly(String name) {
    String table = tableName(name);
    createTable(table);
    ProtectedTable pt = protectedTable(name, table);
    pt.getSpec().setCheckInterval("1h");
    create(pt);
    awaitReady(name, "Protected");
    return table;
  }

  /** The operator's account, as AWS answered for the resource's table. */
  private String accountOf(String name) {
    return get(name).getStatus().getTableArn().split(":")[4];
  }

  /** tableguard_change_events_total by outcome. */
  private record Counts(long handled, long ignored, long malformed) {
    long total() {
      return handled + ignored + malformed;
    }

    Counts minus(Counts earlier) {
      return new Counts(handled - earlier.handled, ignored - earlier.ignored, malformed - earlier.malformed);
    }
  }

  private Counts counts() throws IOException, InterruptedException {
    var metrics = scrapeMetrics();
    long[] values = new long[3];
    String[] outcomes = {"handled", "ignored", "malformed"};
    for (int i = 0; i < 3; i++) {
      String outcome = outcomes[i];
      values[i] = (long) metrics.value("tableguard_change_events_total", Map.of("outcome", outcome))
          .orElseThrow(() -> new AssertionError("no tableguard_change_events_total{outcome=" + outcome + "}"));
    }
    return new Counts(values[0], values[1], values[2]);
  }

  /**
   * Once every message the emulator published was counted and the queue is empty (each message is deleted after
   * it is handled); the counts then. Waits a little first: the emulator publishes in the background.
   */
  private Counts settled() throws IOException, InterruptedException {
    pause(Duration.ofMillis(500));
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
        .until(() -> counts().total() == emulator().eventsPublished() && queueEmpty());
    assertThat(emulator().eventPublishFailures()).isZero();
    return counts();
  }

  private void awaitQueueEmpty() {
    await().atMost(Duration.ofSeconds(30)).until(this::queueEmpty);
  }

  private boolean queueEmpty() {
    Map<QueueAttributeName, String> counts = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(
        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
    return counts.values().stream().allMatch("0"::equals);
  }

  private String settledVersion(String name, String reason) {
    await().atMost(STATUS_TIMEOUT).until(() -> {
      ProtectedTable pt = intruderPt(name);
      return pt.getStatus() != null
          && Conditions.reason(pt.getStatus().getConditions(), Conditions.READY).filter(reason::equals).isPresent();
    });
    // Settled: no reconcile for two seconds (each would write its check time).
    String version = intruderPt(name).getMetadata().getResourceVersion();
    pause(Duration.ofSeconds(2));
    String after = intruderPt(name).getMetadata().getResourceVersion();
    return after.equals(version) ? after : settledVersion(name, reason);
  }

  private ProtectedTable intruderPt(String name) {
    return client.resources(ProtectedTable.class).inNamespace(intruder).withName(name).get();
  }

  private static void pause(Duration duration) {
    await().pollDelay(duration).atMost(duration.plusSeconds(1)).until(() -> true);
  }
}
