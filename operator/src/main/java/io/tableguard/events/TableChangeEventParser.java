package io.tableguard.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tableguard.aws.TableTarget;
import io.tableguard.events.TableChangeEvent.Change;
import io.tableguard.events.TableChangeEvent.Ignored;
import io.tableguard.events.TableChangeEvent.Malformed;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads one queue message as {@link TableChangeEvent#parse} promises. */
final class TableChangeEventParser {
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final Pattern TABLE_ARN =
      Pattern.compile("^arn:aws[a-zA-Z-]*:dynamodb:([a-z0-9-]+):([0-9]{12}):table/([a-zA-Z0-9_.-]{3,255})$");
  private static final Pattern TABLE_NAME = Pattern.compile("^[a-zA-Z0-9_.-]{3,255}$");
  private static final Pattern ACCOUNT = Pattern.compile("^[0-9]{12}$");
  private static final Pattern REGION = Pattern.compile("^[a-z]{2}(-[a-z]+)+-[0-9]+$");

  private TableChangeEventParser() {}

  static TableChangeEvent parse(String body, Predicate<String> ownCaller) {
    if (body == null || body.isBlank()) {
      return new Malformed("empty message");
    }
    JsonNode event;
    try {
      event = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      return new Malformed("not JSON");
    }
    if (event == null || !event.isObject()) {
      return new Malformed("not a JSON object");
    }
    if (!event.path("source").isTextual() || !event.path("detail-type").isTextual()) {
      return new Malformed("not an EventBridge event (no source or detail-type)");
    }
    String source = event.get("source").asText();
    String detailType = event.get("detail-type").asText();
    if (!TableChangeEvent.SOURCE.equals(source) || !TableChangeEvent.DETAIL_TYPE.equals(detailType)) {
      return new Ignored("an event of " + shown(source) + " of type " + shown(detailType));
    }
    JsonNode detail = event.path("detail");
    if (!detail.isObject() || !detail.path("eventName").isTextual()) {
      return new Malformed("a CloudTrail event without detail.eventName");
    }
    String eventName = detail.get("eventName").asText();
    if (detail.hasNonNull("eventSource")
        && !TableChangeEvent.EVENT_SOURCE.equals(detail.path("eventSource").asText())) {
      return new Ignored("an event of " + shown(detail.path("eventSource").asText()));
    }
    if (!TableChangeEvent.TABLE_PARAMETER.containsKey(eventName)) {
      return new Ignored(shown(eventName) + " changes nothing the operator reads");
    }
    if (detail.path("readOnly").asBoolean(false)) {
      return new Ignored(eventName + " marked read-only");
    }
    if (detail.hasNonNull("errorCode")) {
      // A refused or failed call changed nothing.
      return new Ignored(eventName + " failed with " + shown(detail.path("errorCode").asText()));
    }
    if (ownCaller.test(detail.path("userIdentity").path("arn").asText(""))) {
      // The operator's own write (by who made it, never by the User-Agent anyone can send): the resource that
      // made it has already seen its result.
      return new Ignored(eventName + " made by tableguard");
    }
    // CloudTrail's record says where the call was served; the envelope, where the event was put on a bus.
    Optional<String> account = text(detail, "recipientAccountId").or(() -> text(event, "account"))
        .filter(a -> ACCOUNT.matcher(a).matches());
    Optional<String> region = text(detail, "awsRegion").or(() -> text(event, "region"))
        .filter(r -> REGION.matcher(r).matches());
    List<TableTarget> tables = tables(eventName, detail, account, region);
    if (tables.isEmpty()) {
      return new Malformed(eventName + " without a table, account and region");
    }
    return new Change(eventName, tables);
  }

  /** The table the request names; else the table ARNs in CloudTrail's resources. */
  private static List<TableTarget> tables(String eventName, JsonNode detail, Optional<String> account,
      Optional<String> region) {
    Map<String, TableTarget> found = new LinkedHashMap<>();
    JsonNode parameter = detail.path("requestParameters");
    for (String field : TableChangeEvent.TABLE_PARAMETER.get(eventName).split("\\.")) {
      parameter = parameter.path(field);
    }
    if (parameter.isTextual()) {
      table(parameter.asText(), account, region).ifPresent(t -> found.put(t.key(), t));
    }
    if (found.isEmpty()) {
      for (JsonNode resource : detail.path("resources")) {
        JsonNode arn = resource.isTextual() ? resource : resource.path("ARN");
        if (arn.isTextual()) {
          fromArn(arn.asText()).ifPresent(t -> found.put(t.key(), t));
        }
      }
    }
    return new ArrayList<>(found.values());
  }

  /** A name in the event's account and region, or an ARN, which names both itself. */
  private static Optional<TableTarget> table(String nameOrArn, Optional<String> account, Optional<String> region) {
    if (nameOrArn.startsWith("arn:")) {
      return fromArn(nameOrArn);
    }
    if (!TABLE_NAME.matcher(nameOrArn).matches() || account.isEmpty() || region.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new TableTarget(account.get(), region.get(), nameOrArn, Optional.empty()));
  }

  private static Optional<TableTarget> fromArn(String arn) {
    Matcher m = TABLE_ARN.matcher(arn);
    return m.matches() ? Optional.of(new TableTarget(m.group(2), m.group(1), m.group(3), Optional.empty()))
        : Optional.empty();
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isTextual() && !value.asText().isBlank() ? Optional.of(value.asText()) : Optional.empty();
  }

  /**
   * A field of the message as the logs may show it: anyone allowed to send to the queue writes these, so they are
   * cut short and kept to printable characters (no forged log lines).
   */
  private static String shown(String value) {
    String printable = value.replaceAll("[^\\x20-\\x7E]", "?");
    return printable.length() > 64 ? printable.substring(0, 64) + "..." : printable;
  }
}
