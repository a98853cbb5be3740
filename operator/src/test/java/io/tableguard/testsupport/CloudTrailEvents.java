package io.tableguard.testsupport;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tableguard.emulator.CloudTrailRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * EventBridge events of type "AWS API Call via CloudTrail" from aws.dynamodb for calls the emulator did not serve
 * (a person in another account, a read, a refused call), in the emulator's shape ({@link CloudTrailRecord}), as
 * CloudTrail sends them through an EventBridge rule to SQS.
 */
public final class CloudTrailEvents {
  private static final ObjectMapper JSON = new ObjectMapper();

  private CloudTrailEvents() {
  }

  /** One DynamoDB API call by a person with the AWS CLI; {@code requestParameters} as the call sent them. */
  public static ObjectNode call(String account, String region, String eventName, Map<String, ?> requestParameters) {
    ObjectNode identity = JSON.createObjectNode()
        .put("type", "AssumedRole")
        .put("principalId", "AROAEXAMPLEEXAMPLE:oncall")
        .put("arn", "arn:aws:sts::" + account + ":assumed-role/admin/oncall")
        .put("accountId", account);
    List<String> tables = requestParameters.get("tableName") instanceof String name
        ? List.of("arn:aws:dynamodb:" + region + ":" + account + ":table/" + name) : List.of();
    return new CloudTrailRecord(account, region, Instant.now(), eventName, identity, "192.0.2.10",
        "aws-cli/2.22.0 md/awscrt#0.23.4 ua/2.1 os/linux", JSON.valueToTree(requestParameters), NullNode.instance,
        UUID.randomUUID().toString(), eventName.startsWith("Describe") || eventName.startsWith("List"), tables)
        .toEvent();
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
