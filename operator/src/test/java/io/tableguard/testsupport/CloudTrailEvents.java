package io.tableguard.testsupport;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

/**
 * EventBridge events of type "AWS API Call via CloudTrail" from aws.dynamodb, in the shape AWS documents (the
 * EventBridge envelope: version, id, detail-type, source, account, time, region, resources, detail; CloudTrail's
 * record in detail: eventVersion, userIdentity, eventTime, eventSource, eventName, awsRegion, userAgent,
 * requestParameters, responseElements, readOnly, resources, eventType, managementEvent, recipientAccountId), as
 * CloudTrail sends them through an EventBridge rule to SQS.
 */
public final class CloudTrailEvents {
  private static final ObjectMapper JSON = new ObjectMapper();

  private CloudTrailEvents() {
  }

  /** One DynamoDB API call by a person with the AWS CLI; {@code requestParameters} as the call sent them. */
  public static ObjectNode call(String account, String region, String eventName, Map<String, ?> requestParameters) {
    String time = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    ObjectNode event = JSON.createObjectNode();
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
    ObjectNode identity = detail.putObject("userIdentity");
    identity.put("type", "AssumedRole");
    identity.put("principalId", "AROAEXAMPLEEXAMPLE:oncall");
    identity.put("arn", "arn:aws:sts::" + account + ":assumed-role/admin/oncall");
    identity.put("accountId", account);
    detail.put("eventTime", time);
    detail.put("eventSource", "dynamodb.amazonaws.com");
    detail.put("eventName", eventName);
    detail.put("awsRegion", region);
    detail.put("sourceIPAddress", "192.0.2.10");
    detail.put("userAgent", "aws-cli/2.22.0 md/awscrt#0.23.4 ua/2.1 os/linux");
    detail.set("requestParameters", JSON.valueToTree(requestParameters));
    detail.putNull("responseElements");
    detail.put("requestID", UUID.randomUUID().toString());
    detail.put("eventID", UUID.randomUUID().toString());
    detail.put("readOnly", eventName.startsWith("Describe") || eventName.startsWith("List"));
    Object table = requestParameters.get("tableName");
    if (table instanceof String name) {
      ObjectNode resource = detail.putArray("resources").addObject();
      resource.put("accountId", account);
      resource.put("type", "AWS::DynamoDB::Table");
      resource.put("ARN", "arn:aws:dynamodb:" + region + ":" + account + ":table/" + name);
    }
    detail.put("eventType", "AwsApiCall");
    detail.put("apiVersion", "2012-08-10");
    detail.put("managementEvent", true);
    detail.put("recipientAccountId", account);
    detail.put("eventCategory", "Management");
    return event;
  }

  /** PITR turned off (or on) from the console or CLI. */
  public static ObjectNode updateContinuousBackups(String account, String region, String table, boolean enabled) {
    return call(account, region, "UpdateContinuousBackups", Map.of("tableName", table,
        "pointInTimeRecoverySpecification", Map.of("pointInTimeRecoveryEnabled", enabled)));
  }

  /** A read: CloudTrail records it, and no rule for changes should route it. */
  public static ObjectNode describeTable(String account, String region, String table) {
    return call(account, region, "DescribeTable", Map.of("tableName", table));
  }

  /** The call was refused: CloudTrail records it with the error, and it changed nothing. */
  public static ObjectNode failed(ObjectNode event, String errorCode) {
    ObjectNode copy = event.deepCopy();
    ((ObjectNode) copy.get("detail")).put("errorCode", errorCode);
    ((ObjectNode) copy.get("detail")).put("errorMessage", "User is not authorized to perform this action");
    return copy;
  }

  public static String json(ObjectNode event) {
    return event.toString();
  }
}
