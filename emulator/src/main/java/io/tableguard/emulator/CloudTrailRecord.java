package io.tableguard.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.UUID;

/**
 * One CloudTrail record of a DynamoDB call, and the EventBridge event "AWS API Call via CloudTrail" that carries
 * it: the envelope (version, id, detail-type, source, account, time, region, an empty resources list, as
 * EventBridge leaves it for CloudTrail events) around the record in {@code detail}, the tables in
 * {@code detail.resources}. The emulator writes one for each write it serves; tests write the calls of other
 * people and accounts with it.
 */
public record CloudTrailRecord(String account, String region, Instant at, String eventName, ObjectNode userIdentity,
    String sourceIp, String userAgent, JsonNode requestParameters, JsonNode responseElements, String requestId,
    boolean readOnly, Collection<String> tableArns) {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** The event as EventBridge delivers it to an SQS target. */
  public ObjectNode toEvent() {
    String time = DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(ChronoUnit.SECONDS));
    ObjectNode event = JSON.objectNode();
    event.put("version", "0");
    event.put("id", UUID.randomUUID().toString());
    event.put("detail-type", "AWS API Call via CloudTrail");
    event.put("source", "aws.dynamodb");
    event.put("account", account);
    event.put("time", time);
    event.put("region", region);
    event.putArray("resources");
    ObjectNode detail = event.putObject("detail");
    detail.put("eventVersion", "1.09");
    detail.set("userIdentity", userIdentity);
    detail.put("eventTime", time);
    detail.put("eventSource", "dynamodb.amazonaws.com");
    detail.put("eventName", eventName);
    detail.put("awsRegion", region);
    detail.put("sourceIPAddress", sourceIp);
    detail.put("userAgent", userAgent);
    detail.set("requestParameters", requestParameters);
    detail.set("responseElements", responseElements);
    detail.put("requestID", requestId);
    detail.put("eventID", UUID.randomUUID().toString());
    detail.put("readOnly", readOnly);
    ArrayNode resources = detail.putArray("resources");
    tableArns.forEach(arn -> resources.addObject().put("accountId", account)
        .put("type", "AWS::DynamoDB::Table").put("ARN", arn));
    detail.put("eventType", "AwsApiCall");
    detail.put("apiVersion", "2012-08-10");
    detail.put("managementEvent", true);
    detail.put("recipientAccountId", account);
    detail.put("eventCategory", "Management");
    return event;
  }
}
