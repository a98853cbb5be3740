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
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The events EventBridge receives from CloudTrail for DynamoDB's control-plane writes the emulator serves (their
 * shape: {@link CloudTrailRecord}); request and response are DynamoDB's JSON with each key's first letter lower-cased
 * and times written as CloudTrail writes DynamoDB's ("May 3, 2015 11:34:14 PM"); an empty response is null.
 */
final class CloudTrailEvents {
  /** The calls that change a table or its settings; reads are management events too, but nobody watches them. */
  static final Set<String> RECORDED = Set.of("CreateTable", "DeleteTable", "UpdateTable", "UpdateTimeToLive",
      "UpdateContinuousBackups", "RestoreTableToPointInTime", "RestoreTableFromBackup", "TagResource",
      "UntagResource");
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

  private final String account;
  private final Function<String, Optional<String>> tableArn;
  private final Function<String, ObjectNode> identity;

  /**
   * @param account the account whose tables' calls these are, which the events name
   * @param tableArn a table's ARN by name, for the calls whose request and answer do not carry it
   * @param identity CloudTrail's userIdentity of an access key (an IAM user, or an assumed-role session)
   */
  CloudTrailEvents(String account, Function<String, Optional<String>> tableArn, Function<String, ObjectNode> identity) {
    this.account = account;
    this.tableArn = tableArn;
    this.identity = identity;
  }

  ObjectNode event(Call call) {
    return new CloudTrailRecord(account, call.caller().region(), call.at(), call.operation(),
        identity.apply(call.caller().accessKeyId()), call.caller().sourceIp(), call.caller().userAgent(),
        cloudTrailShape(call.request(), ""),
        call.response().isEmpty() ? NullNode.instance : cloudTrailShape(call.response(), ""),
        call.requestId(), false, tableArns(call)).toEvent();
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
