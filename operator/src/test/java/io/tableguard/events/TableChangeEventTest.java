package io.tableguard.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tableguard.aws.AwsClients;
import io.tableguard.aws.TableTarget;
import io.tableguard.config.ChangeEventSettings;
import io.tableguard.testsupport.CloudTrailEvents;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How a queue message is read: which tables a DynamoDB write names, and what is ignored or unreadable. */
class TableChangeEventTest {
  private static final String ACCOUNT = "123456789012";
  private static final String OPERATOR = "arn:aws:sts::" + ACCOUNT + ":assumed-role/tableguard/i-0abc";

  @Test
  void aWriteNamesItsTableInTheEventsAccountAndRegion() {
    TableChangeEvent event = parse(CloudTrailEvents.updateContinuousBackups(ACCOUNT, "eu-west-1", "orders", false));

    assertThat(event).isEqualTo(new TableChangeEvent.Change("UpdateContinuousBackups",
        List.of(new TableTarget(ACCOUNT, "eu-west-1", "orders", Optional.empty()))));
  }

  @Test
  void cloudTrailsRecordSaysWhereTheCallWasServedNotTheBusThatForwardedIt() {
    ObjectNode forwarded = CloudTrailEvents.updateContinuousBackups(ACCOUNT, "eu-west-1", "orders", false);
    forwarded.put("account", "444455556666");
    forwarded.put("region", "us-east-1");

    assertThat(tables(forwarded)).containsExactly("123456789012/eu-west-1/orders");
  }

  @Test
  void eachWriteNamesItsTableWhereItsRequestDoes() {
    assertThat(tables(CloudTrailEvents.call(ACCOUNT, "us-east-1", "RestoreTableToPointInTime",
        Map.of("sourceTableName", "orders", "targetTableName", "orders-restored", "useLatestRestorableTime", true))))
        .containsExactly("123456789012/us-east-1/orders-restored");
    assertThat(tables(CloudTrailEvents.call(ACCOUNT, "us-east-1", "TagResource",
        Map.of("resourceArn", "arn:aws:dynamodb:us-east-1:123456789012:table/orders", "tags", List.of()))))
        .containsExactly("123456789012/us-east-1/orders");
    assertThat(tables(CloudTrailEvents.call(ACCOUNT, "us-east-1", "ImportTable",
        Map.of("tableCreationParameters", Map.of("tableName", "imported")))))
        .containsExactly("123456789012/us-east-1/imported");
    // DynamoDB takes an ARN as TableName: the ARN's account and region are the table's.
    assertThat(tables(CloudTrailEvents.call(ACCOUNT, "us-east-1", "DeleteTable",
        Map.of("tableName", "arn:aws:dynamodb:eu-west-1:111122223333:table/shared"))))
        .containsExactly("111122223333/eu-west-1/shared");
  }

  @Test
  void readsFailedCallsTheOperatorsOwnWritesAndOtherEventsAreIgnored() {
    assertThat(parse(CloudTrailEvents.describeTable(ACCOUNT, "us-east-1", "orders")))
        .isInstanceOf(TableChangeEvent.Ignored.class);
    assertThat(parse(CloudTrailEvents.failed(CloudTrailEvents.updateContinuousBackups(ACCOUNT, "us-east-1", "orders",
        false), "AccessDenied"))).isInstanceOf(TableChangeEvent.Ignored.class);
    ObjectNode own = CloudTrailEvents.updateContinuousBackups(ACCOUNT, "us-east-1", "orders", true);
    ((ObjectNode) own.get("detail").get("userIdentity")).put("arn", OPERATOR);
    assertThat(parse(own)).isInstanceOf(TableChangeEvent.Ignored.class);
    assertThat(parse("{\"source\":\"aws.s3\",\"detail-type\":\"Object Created\",\"detail\":{}}"))
        .isInstanceOf(TableChangeEvent.Ignored.class);
  }

  /** Anyone may send tableguard's User-Agent: a write is the operator's only if its identity is. */
  @Test
  void aPersonsWriteWithTheOperatorsUserAgentIsAChange() {
    ObjectNode disguised = CloudTrailEvents.updateContinuousBackups(ACCOUNT, "us-east-1", "orders", false);
    ((ObjectNode) disguised.get("detail")).put("userAgent", "aws-sdk-java/2.40.2 ... " + AwsClients.USER_AGENT);

    assertThat(parse(disguised)).isInstanceOf(TableChangeEvent.Change.class);
  }

  @Test
  void anythingElseIsMalformedNeverAnException() {
    for (String body : List.of("", "null", "[]", "{", "{} {}", "{\"source\":1}", "\u0000\u00ff",
        "{\"source\":\"aws.dynamodb\",\"detail-type\":\"AWS API Call via CloudTrail\"}",
        "{\"source\":\"aws.dynamodb\",\"detail-type\":\"AWS API Call via CloudTrail\",\"detail\":{\"eventName\":"
            + "\"DeleteTable\",\"requestParameters\":{\"tableName\":\"orders\"}}}",
        "{\"source\":\"aws.dynamodb\",\"detail-type\":\"AWS API Call via CloudTrail\",\"account\":\"123456789012\","
            + "\"region\":\"us-east-1\",\"detail\":{\"eventName\":\"DeleteTable\",\"requestParameters\":"
            + "{\"tableName\":\"../x\"}}}")) {
      assertThat(parse(body)).as(body).isInstanceOf(TableChangeEvent.Malformed.class);
    }
  }

  @Test
  void aQueueUrlNamesTheClientsRegionAndEndpoint() {
    URI aws = URI.create("https://sqs.eu-west-1.amazonaws.com/111122223333/tableguard-events");
    assertThat(ChangeEventQueue.region(aws, Optional.of("us-east-1"))).isEqualTo("eu-west-1");
    assertThat(ChangeEventQueue.endpoint(aws)).isEmpty();
    URI legacy = URI.create("https://ap-southeast-2.queue.amazonaws.com/111122223333/tableguard-events");
    assertThat(ChangeEventQueue.region(legacy, Optional.empty())).isEqualTo("ap-southeast-2");
    URI emulator = URI.create("http://127.0.0.1:4566/000000000000/tableguard-events");
    assertThat(ChangeEventQueue.region(emulator, Optional.of("us-east-1"))).isEqualTo("us-east-1");
    assertThat(ChangeEventQueue.endpoint(emulator)).contains(URI.create("http://127.0.0.1:4566"));
  }

  @Test
  void theSettingListsQueueUrlsAndRefusesAnythingElse() {
    assertThat(ChangeEventSettings.fromEnvironment(Map.of()).enabled()).isFalse();
    assertThat(ChangeEventSettings.fromEnvironment(Map.of("TABLEGUARD_EVENT_QUEUE_URLS",
        " https://sqs.eu-west-1.amazonaws.com/1/a , ,https://sqs.us-east-1.amazonaws.com/1/b")).queueUrls())
        .containsExactly(URI.create("https://sqs.eu-west-1.amazonaws.com/1/a"),
            URI.create("https://sqs.us-east-1.amazonaws.com/1/b"));
    assertThatThrownBy(() -> ChangeEventSettings.fromEnvironment(Map.of("TABLEGUARD_EVENT_QUEUE_URLS",
        "tableguard-events"))).hasMessageContaining("TABLEGUARD_EVENT_QUEUE_URLS");
  }

  private static TableChangeEvent parse(ObjectNode event) {
    return parse(event.toString());
  }

  private static TableChangeEvent parse(String body) {
    return TableChangeEvent.parse(body, OPERATOR::equals);
  }

  private static List<String> tables(ObjectNode event) {
    TableChangeEvent parsed = parse(event);
    assertThat(parsed).isInstanceOf(TableChangeEvent.Change.class);
    return ((TableChangeEvent.Change) parsed).tables().stream().map(TableTarget::key).toList();
  }
}
