package io.tableguard.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The events EventBridge receives from CloudTrail for DynamoDB's control-plane writes: detail-type "AWS API Call
 * via CloudTrail", source aws.dynamodb, and in detail the CloudTrail record of the call. Shaped as AWS shapes
 * them: the envelope's own resources list is empty (EventBridge leaves it so for CloudTrail events; the tables
 * are in detail.resources); request and response are DynamoDB's JSON with each key's first letter lower-cased
 * and times written as CloudTrail writes DynamoDB's ("May 3, 2015 11:34:14 PM"); an empty response is null.
 */
final class CloudTrailEvents {
  /** The calls that change a table or its settings; reads are management events too, but nobody watches them. */
  static final Set<String> RECORDED = Set.of("CreateTable", "DeleteTable", "UpdateTable", "UpdateTimeToLive",
      "UpdateContinuousBackups", "RestoreTableToPointInTime", "RestoreTableFromBackup", "TagResource",
      "UntagResource");
  private static final DateTimeFormatter EVENT_TIME = DateTimeFormatter.ISO_INSTANT;
  private static final DateTimeFormatter CLOUDTRAIL_DATE =
      DateTimeFormatter.ofPattern("MMM d, yyyy h:mm:ss a", Locale.US).withZone(ZoneOffset.UTC);
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** Who called, from where: the Region and access key of the request's SigV4 credential scope. */
  record Caller(String region, String accessKeyId, String sourceIp, String userAgent) {
    static Caller of(HttpExchange exchange) {
      CredentialScope scope = CredentialScope.of(exchange.getRequestHeaders().getFirst("Authorization"));
      String userAgent = exchange.getRequestHeaders().getFirst("User-Agent");
      return new Caller(scope.region(), scope.accessKeyId(),
          exchange.getRemoteAddress().getAddress().getHostAddress(), userAgent == null ? "" : userAgent);
    }
  }

  /** One call the emulator served successfully. */
  record Call(String operation, JsonNode request, JsonNode response, String requestId, Instant at, Caller caller) {}

  private final Function<String, Optional<String>> tableArn;

  /** @param tableArn a table's ARN by name, for the calls whose request and answer do not carry it */
  CloudTrailEvents(Function<String, Optional<String>> tableArn) {
    this.tableArn = tableArn;
  }

  ObjectNode event(Call call) {
    String time = EVENT_TIME.format(call.at().truncatedTo(ChronoUnit.SECONDS));
    ObjectNode event = JSON.objectNode();
    event.put("version", "0");
    event.put("id", UUID.randomUUID().toString());
    event.put("detail-type", "AWS API Call via CloudTrail");
    event.put("source", "aws.dynamodb");
    event.put("account", SideServices.ACCOUNT);
    event.put("time", time);
    event.put("region", call.caller().region());
    event.putArray("resources");
    ObjectNode detail = event.putObject("detail");
    detail.put("eventVersion", "1.09");
    detail.set("userIdentity", identity(call.caller()));
    detail.put("eventTime", time);
    detail.put("eventSource", "dynamodb.amazonaws.com");
    detail.put("eventName", call.operation());
    detail.put("awsRegion", call.caller().region());
    detail.put("sourceIPAddress", call.caller().sourceIp());
    detail.put("userAgent", call.caller().userAgent());
    detail.set("requestParameters", cloudTrailShape(call.request(), ""));
    detail.set("responseElements", call.response().isEmpty() ? NullNode.instance
        : cloudTrailShape(call.response(), ""));
    detail.put("requestID", call.requestId());
    detail.put("eventID", UUID.randomUUID().toString());
    detail.put("readOnly", false);
    ArrayNode resources = detail.putArray("resources");
    tableArns(call).forEach(arn -> resources.addObject().put("accountId", SideServices.ACCOUNT)
        .put("type", "AWS::DynamoDB::Table").put("ARN", arn));
    detail.put("eventType", "AwsApiCall");
    detail.put("apiVersion", "2012-08-10");
    detail.put("managementEvent", true);
    detail.put("recipientAccountId", SideServices.ACCOUNT);
    detail.put("eventCategory", "Management");
    return event;
  }

  private static ObjectNode identity(Caller caller) {
    return JSON.objectNode().put("type", "IAMUser").put("principalId", SideServices.USER_ID)
        .put("arn", SideServices.USER_ARN).put("accountId", SideServices.ACCOUNT)
        .put("accessKeyId", caller.accessKeyId()).put("userName", SideServices.USER_NAME);
  }

  /** The tables a call touched: the one it created, changed or deleted, and a restore's source. */
  private Set<String> tableArns(Call call) {
    Set<String> arns = new LinkedHashSet<>();
    JsonNode table = call.response().path("TableDescription");
    addText(arns, table.path("TableArn"));
    addText(arns, table.path("RestoreSummary").path("SourceTableArn"));
    addText(arns, call.request().path("ResourceArn"));
    if (arns.isEmpty() && call.request().hasNonNull("TableName")) {
      tableArn.apply(call.request().get("TableName").asText()).ifPresent(arns::add);
    }
    return arns;
  }

  private static void addText(Set<String> arns, JsonNode value) {
    if (value.isTextual()) {
      arns.add(value.asText());
    }
  }

  /** DynamoDB's JSON as CloudTrail records it: keys lowerCamelCase, DynamoDB's epoch-second times as dates. */
  private static JsonNode cloudTrailShape(JsonNode node, String key) {
    if (node.isObject()) {
      ObjectNode shaped = JSON.objectNode();
      for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
        Map.Entry<String, JsonNode> field = fields.next();
        shaped.set(lowerFirst(field.getKey()), cloudTrailShape(field.getValue(), field.getKey()));
      }
      return shaped;
    }
    if (node.isArray()) {
      ArrayNode shaped = JSON.arrayNode();
      node.forEach(element -> shaped.add(cloudTrailShape(element, key)));
      return shaped;
    }
    if (node.isNumber() && key.endsWith("DateTime")) {
      return JSON.textNode(CLOUDTRAIL_DATE.format(Wire.instant(node)));
    }
    return node.deepCopy();
  }

  /** CloudTrail lower-cases only the first letter: SSESpecification becomes sSESpecification. */
  private static String lowerFirst(String key) {
    return key.isEmpty() ? key : Character.toLowerCase(key.charAt(0)) + key.substring(1);
  }
}
