package io.tableguard.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tableguard.testsupport.MotoServer;
import io.tableguard.testsupport.MutableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.TableNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The emulator's CloudTrail events as a consumer reads them: from an SQS queue (moto's), one per control-plane
 * write, shaped as EventBridge delivers "AWS API Call via CloudTrail" events from DynamoDB.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CloudTrailEventsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private SqsClient sqs;
  private URI queue;
  private PitrEmulator emulator;
  private DynamoDbClient dynamo;
  private long publishedBefore;

  @BeforeAll
  void start() throws Exception {
    sqs = SqsClient.builder().endpointOverride(MotoServer.shared().endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .build();
    queue = URI.create(sqs.createQueue(r -> r.queueName("tableguard-events")).queueUrl());
    emulator = new PitrEmulator(PitrEmulator.Options.defaults().withRestoreDelay(Duration.ZERO)
        .withClock(new MutableClock(EmulatorTestBase.START)).withEventQueue(queue).withAccount("ireland", "111122223333"));
    dynamo = EmulatorClients.dynamo(emulator);
  }

  @AfterAll
  void stop() {
    dynamo.close();
    emulator.close();
    sqs.close();
  }

  @BeforeEach
  void countFromHere() {
    publishedBefore = emulator.eventsPublished();
  }

  @Test
  void aControlPlaneWriteSendsOneEventShapedAsAwsSendsIt() throws Exception {
    String arn = EmulatorClients.createTable(dynamo, "orders").tableArn();
    events(1);

    var answer = dynamo.updateContinuousBackups(r -> r.tableName("orders")
        .pointInTimeRecoverySpecification(s -> s.pointInTimeRecoveryEnabled(true).recoveryPeriodInDays(7)));

    JsonNode event = events(1).get(0);
    System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(event));
    assertThat(fieldNames(event)).containsExactly("version", "id", "detail-type", "source", "account", "time",
        "region", "resources", "detail");
    assertThat(event.path("version").asText()).isEqualTo("0");
    assertUuid(event.path("id").asText());
    assertThat(event.path("detail-type").asText()).isEqualTo("AWS API Call via CloudTrail");
    assertThat(event.path("source").asText()).isEqualTo("aws.dynamodb");
    assertThat(event.path("account").asText()).isEqualTo("000000000000");
    assertThat(event.path("time").asText()).isEqualTo("2025-03-01T09:00:00Z");
    assertThat(event.path("region").asText()).isEqualTo("us-east-1");
    assertThat(event.path("resources")).as("EventBridge leaves it empty for CloudTrail events").isEmpty();

    JsonNode detail = event.path("detail");
    assertThat(fieldNames(detail)).containsExactly("eventVersion", "userIdentity", "eventTime", "eventSource",
        "eventName", "awsRegion", "sourceIPAddress", "userAgent", "requestParameters", "responseElements",
        "requestID", "eventID", "readOnly", "resources", "eventType", "apiVersion", "managementEvent",
        "recipientAccountId", "eventCategory");
    assertThat(detail.path("userIdentity")).isEqualTo(JSON.readTree("{\"type\":\"IAMUser\",\"principalId\":"
        + "\"" + SideServices.User.of("testing", AccountRegion.DEFAULT_ACCOUNT).id() + "\",\"arn\":\"arn:aws:iam::000000000000:user/testing\","
        + "\"accountId\":\"000000000000\",\"accessKeyId\":\"testing\",\"userName\":\"testing\"}"));
    assertThat(detail.path("eventTime").asText()).isEqualTo("2025-03-01T09:00:00Z");
    assertThat(detail.path("eventSource").asText()).isEqualTo("dynamodb.amazonaws.com");
    assertThat(detail.path("eventName").asText()).isEqualTo("UpdateContinuousBackups");
    assertThat(detail.path("awsRegion").asText()).isEqualTo("us-east-1");
    assertThat(detail.path("sourceIPAddress").asText()).isEqualTo("127.0.0.1");
    assertThat(detail.path("userAgent").asText()).startsWith("aws-sdk-java/2.");
    assertThat(detail.path("requestParameters")).isEqualTo(JSON.readTree("{\"tableName\":\"orders\","
        + "\"pointInTimeRecoverySpecification\":{\"pointInTimeRecoveryEnabled\":true,\"recoveryPeriodInDays\":7}}"));
    assertThat(detail.path("responseElements")).isEqualTo(JSON.readTree("{\"continuousBackupsDescription\":"
        + "{\"continuousBackupsStatus\":\"ENABLED\",\"pointInTimeRecoveryDescription\":{\"pointInTimeRecoveryStatus\":"
        + "\"ENABLED\",\"recoveryPeriodInDays\":7,\"earliestRestorableDateTime\":\"Mar 1, 2025 9:00:00 AM\","
        + "\"latestRestorableDateTime\":\"Mar 1, 2025 9:00:00 AM\"}}}"));
    assertThat(detail.path("requestID").asText()).isEqualTo(answer.responseMetadata().requestId());
    assertUuid(detail.path("eventID").asText());
    assertThat(detail.path("readOnly").asBoolean(true)).isFalse();
    assertThat(detail.path("resources")).isEqualTo(JSON.readTree("[{\"accountId\":\"000000000000\","
        + "\"type\":\"AWS::DynamoDB::Table\",\"ARN\":\"" + arn + "\"}]"));
    assertThat(detail.path("eventType").asText()).isEqualTo("AwsApiCall");
    assertThat(detail.path("apiVersion").asText()).isEqualTo("2012-08-10");
    assertThat(detail.path("managementEvent").asBoolean()).isTrue();
    assertThat(detail.path("recipientAccountId").asText()).isEqualTo("000000000000");
    assertThat(detail.path("eventCategory").asText()).isEqualTo("Management");
  }

  @Test
  void everyControlPlaneWriteAndNothingElseSendsAnEvent() {
    String arn = EmulatorClients.createTable(dynamo, "ledger").tableArn();
    dynamo.putItem(r -> r.tableName("ledger").item(Map.of("pk", AttributeValue.fromS("a"))));
    dynamo.describeTable(r -> r.tableName("ledger"));
    dynamo.updateTable(r -> r.tableName("ledger").billingMode(BillingMode.PROVISIONED)
        .provisionedThroughput(t -> t.readCapacityUnits(5L).writeCapacityUnits(5L)));
    dynamo.updateTimeToLive(r -> r.tableName("ledger")
        .timeToLiveSpecification(s -> s.attributeName("expires").enabled(true)));
    dynamo.describeTimeToLive(r -> r.tableName("ledger"));
    dynamo.tagResource(r -> r.resourceArn(arn).tags(Tag.builder().key("team").value("payments").build()));
    dynamo.untagResource(r -> r.resourceArn(arn).tagKeys("team"));
    dynamo.listTagsOfResource(r -> r.resourceArn(arn));
    dynamo.updateContinuousBackups(r -> r.tableName("ledger")
        .pointInTimeRecoverySpecification(s -> s.pointInTimeRecoveryEnabled(true)));
    dynamo.describeContinuousBackups(r -> r.tableName("ledger"));
    String copyArn = dynamo.restoreTableToPointInTime(r -> r.sourceTableName("ledger")
        .targetTableName("ledger-copy").useLatestRestorableTime(true)).tableDescription().tableArn();
    dynamo.deleteTable(r -> r.tableName("ledger"));
    try {
      dynamo.updateContinuousBackups(r -> r.tableName("ledger")
          .pointInTimeRecoverySpecification(s -> s.pointInTimeRecoveryEnabled(true)));
    } catch (TableNotFoundException expected) {
      // a failed write is no event
    }

    List<JsonNode> events = events(8);

    assertThat(events).extracting(e -> e.path("detail").path("eventName").asText()).containsExactlyInAnyOrder(
        "CreateTable", "UpdateTable", "UpdateTimeToLive", "TagResource", "UntagResource", "UpdateContinuousBackups",
        "RestoreTableToPointInTime", "DeleteTable");
    assertThat(events).allSatisfy(e -> assertThat(arns(e)).contains(arn));
    assertThat(events).allSatisfy(e -> assertThat(e.path("detail").path("requestID").asText()).isNotBlank());
    JsonNode create = named(events, "CreateTable");
    assertThat(create.path("requestParameters").path("tableName").asText()).isEqualTo("ledger");
    assertThat(create.path("requestParameters").path("keySchema").get(0).path("attributeName").asText())
        .isEqualTo("pk");
    assertThat(create.path("responseElements").path("tableDescription").path("tableArn").asText()).isEqualTo(arn);
    assertThat(create.path("responseElements").path("tableDescription").path("creationDateTime").asText())
        .matches("[A-Z][a-z]{2} \\d{1,2}, \\d{4} \\d{1,2}:\\d{2}:\\d{2} [AP]M");
    JsonNode restore = named(events, "RestoreTableToPointInTime");
    assertThat(arns(restore)).containsExactly(copyArn, arn);
    assertThat(restore.path("requestParameters").path("useLatestRestorableTime").asBoolean()).isTrue();
    assertThat(restore.path("responseElements").path("tableDescription").path("restoreSummary")
        .path("restoreDateTime").asText()).isEqualTo("Mar 1, 2025 9:00:00 AM");
    assertThat(named(events, "TagResource").path("requestParameters").path("tags").get(0))
        .hasToString("{\"key\":\"team\",\"value\":\"payments\"}");
    assertThat(named(events, "UntagResource").path("responseElements").isNull()).isTrue();
    assertThat(named(events, "DeleteTable").path("responseElements").path("tableDescription")
        .path("tableName").asText()).isEqualTo("ledger");
  }

  @Test
  void theAccountAndRegionAreTheCallersAndTheSignatures() {
    String arn;
    try (DynamoDbClient ireland = DynamoDbClient.builder().endpointOverride(emulator.endpoint())
        .region(Region.EU_WEST_1).credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create("ireland", "testing"))).build()) {
      EmulatorClients.createTable(ireland, "abroad");
      events(1);
      // As AWS does, the emulator answers ARNs in the caller's account and the Region the request was signed for.
      arn = ireland.describeTable(r -> r.tableName("abroad")).table().tableArn();
      assertThat(arn).isEqualTo("arn:aws:dynamodb:eu-west-1:111122223333:table/abroad");
      String tagged = arn;
      ireland.tagResource(r -> r.resourceArn(tagged).tags(Tag.builder().key("env").value("prod").build()));
    }

    JsonNode event = events(1).get(0);

    assertThat(event.path("account").asText()).isEqualTo("111122223333");
    assertThat(event.path("region").asText()).isEqualTo("eu-west-1");
    assertThat(event.path("detail").path("awsRegion").asText()).isEqualTo("eu-west-1");
    assertThat(event.path("detail").path("recipientAccountId").asText()).isEqualTo("111122223333");
    assertThat(event.path("detail").path("userIdentity").path("accessKeyId").asText()).isEqualTo("ireland");
    assertThat(event.path("detail").path("userIdentity").path("arn").asText())
        .isEqualTo("arn:aws:iam::111122223333:user/ireland");
    assertThat(event.path("detail").path("resources").get(0).path("ARN").asText()).isEqualTo(arn);
  }

  @Test
  void aRawEventArrivesAsItIs() {
    String body = "{\"detail-type\": \"not what anyone expects\", \"detail\": [";

    emulator.publishRawEvent(body).join();

    assertThat(receive(1)).extracting(Message::body).containsExactly(body);
  }

  @Test
  void aQueueThatNeverAnswersDoesNotSlowTheEmulator() throws Exception {
    try (ServerSocket silent = new ServerSocket(0);
        PitrEmulator stuck = new PitrEmulator(PitrEmulator.Options.defaults()
            .withEventQueue(URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/123456789012/q")));
        DynamoDbClient client = EmulatorClients.dynamo(stuck)) {
      List<Socket> accepted = acceptInBackground(silent);
      String arn = EmulatorClients.createTable(client, "busy").tableArn();

      long start = System.nanoTime();
      for (int i = 0; i < 5; i++) {
        String key = "k" + i;
        client.tagResource(r -> r.resourceArn(arn).tags(Tag.builder().key(key).value("v").build()));
      }
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(took).as("each event waits up to 5 s for the queue; the calls do not").isLessThan(Duration.ofSeconds(4));
      assertThat(client.listTagsOfResource(r -> r.resourceArn(arn)).tags()).hasSize(5);
      assertThat(stuck.eventsPublished()).isZero();
      accepted.forEach(CloudTrailEventsTest::closeQuietly);
    }
  }

  @Test
  void aQueueThatIsNotThereIsLoggedAndCounted() throws Exception {
    int nobody;
    try (ServerSocket free = new ServerSocket(0)) {
      nobody = free.getLocalPort();
    }
    try (PitrEmulator lonely = new PitrEmulator(PitrEmulator.Options.defaults()
            .withEventQueue(URI.create("http://127.0.0.1:" + nobody + "/123456789012/q")));
        DynamoDbClient client = EmulatorClients.dynamo(lonely)) {
      EmulatorClients.createTable(client, "unheard");
      client.updateContinuousBackups(r -> r.tableName("unheard")
          .pointInTimeRecoverySpecification(s -> s.pointInTimeRecoveryEnabled(true)));

      await().atMost(Duration.ofSeconds(30)).until(() -> lonely.eventPublishFailures() == 2);
      assertThat(lonely.publishRawEvent("{}")).failsWithin(Duration.ofSeconds(30))
          .withThrowableOfType(ExecutionException.class);
      assertThat(lonely.eventPublishFailures()).isEqualTo(3);
      assertThat(lonely.eventsPublished()).isZero();
      assertThat(client.describeContinuousBackups(r -> r.tableName("unheard")).continuousBackupsDescription()
          .pointInTimeRecoveryDescription().pointInTimeRecoveryStatusAsString()).isEqualTo("ENABLED");
    }
  }

  /** The next n events the emulator sent, once it says SQS took them. */
  /** A write made with credentials AssumeRole handed out names the session and its role, as CloudTrail does. */
  @Test
  void aWriteMadeInARoleSessionNamesTheSessionAndItsRole() {
    software.amazon.awssdk.services.sts.model.Credentials session;
    try (var sts = EmulatorClients.client(software.amazon.awssdk.services.sts.StsClient.builder(), emulator)) {
      session = sts.assumeRole(r -> r.roleArn("arn:aws:iam::111122223333:role/tableguard-team")
          .roleSessionName("tableguard-team-a")).credentials();
    }
    try (var asSession = software.amazon.awssdk.services.dynamodb.DynamoDbClient.builder()
        .endpointOverride(emulator.endpoint()).region(software.amazon.awssdk.regions.Region.US_EAST_1)
        .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
            software.amazon.awssdk.auth.credentials.AwsSessionCredentials.create(session.accessKeyId(),
                session.secretAccessKey(), session.sessionToken())))
        .build()) {
      EmulatorClients.createTable(asSession, "session-orders");
    }

    JsonNode identity = events(1).get(0).path("detail").path("userIdentity");
    assertThat(identity.path("type").asText()).isEqualTo("AssumedRole");
    assertThat(identity.path("arn").asText())
        .isEqualTo("arn:aws:sts::111122223333:assumed-role/tableguard-team/tableguard-team-a");
    assertThat(identity.path("accessKeyId").asText()).isEqualTo(session.accessKeyId());
    assertThat(identity.path("sessionContext").path("sessionIssuer").path("arn").asText())
        .isEqualTo("arn:aws:iam::111122223333:role/tableguard-team");
  }

  private List<JsonNode> events(int n) {
    await().atMost(Duration.ofSeconds(30)).until(() -> emulator.eventsPublished() >= publishedBefore + n);
    publishedBefore += n;
    return receive(n).stream().map(m -> parse(m.body())).toList();
  }

  private List<Message> receive(int n) {
    List<Message> messages = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (messages.size() < n && System.nanoTime() < deadline) {
      for (Message m : sqs.receiveMessage(r -> r.queueUrl(queue.toString()).maxNumberOfMessages(10)
          .waitTimeSeconds(1)).messages()) {
        messages.add(m);
        sqs.deleteMessage(r -> r.queueUrl(queue.toString()).receiptHandle(m.receiptHandle()));
      }
    }
    assertThat(messages).hasSize(n);
    return messages;
  }

  private static JsonNode named(List<JsonNode> events, String name) {
    return events.stream().map(e -> e.path("detail")).filter(d -> d.path("eventName").asText().equals(name))
        .findFirst().orElseThrow();
  }

  private static List<String> arns(JsonNode eventOrDetail) {
    JsonNode detail = eventOrDetail.has("detail") ? eventOrDetail.path("detail") : eventOrDetail;
    List<String> arns = new ArrayList<>();
    detail.path("resources").forEach(r -> arns.add(r.path("ARN").asText()));
    return arns;
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }

  private static void assertUuid(String id) {
    assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(body, e);
    }
  }

  /** Accepts connections and never answers them, as a queue that hangs would. */
  private static List<Socket> acceptInBackground(ServerSocket server) {
    List<Socket> accepted = Collections.synchronizedList(new ArrayList<>());
    Thread acceptor = new Thread(() -> {
      try {
        while (!server.isClosed()) {
          accepted.add(server.accept());
        }
      } catch (IOException closed) {
        // the test is over
      }
    }, "silent-queue");
    acceptor.setDaemon(true);
    acceptor.start();
    return accepted;
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // nothing to do
    }
  }
}
