package io.tableguard.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * TagResource, UntagResource and ListTagsOfResource for tables, which DynamoDB Local does not keep.
 *
 * <p>Tag writes are eventually consistent on AWS: ListTagsOfResource may show the tags from before a recent
 * write for a few seconds. With a propagation delay d, it shows each table's tags as they were before every
 * tag write younger than d; writes themselves always build on the latest tags, as AWS checks its limits on them.
 */
class Tags {
  private final DynamoLocalBackend backend;
  private final Tables tables;
  private final Clock clock;
  private final Duration propagationDelay;
  private final Map<String, History> byArn = new ConcurrentHashMap<>();

  Tags(DynamoLocalBackend backend, Tables tables, Clock clock, Duration propagationDelay) {
    this.backend = backend;
    this.tables = tables;
    this.clock = clock;
    this.propagationDelay = propagationDelay;
  }

  /** All or nothing, as on AWS: a call that breaks a limit leaves the table's tags as they were. */
  JsonNode tag(JsonNode request) {
    JsonNode requested = request.path("Tags");
    TagLimits.checkRequest(requested);
    History history = historyOf(existing(request));
    synchronized (history) {
      Map<String, String> after = new LinkedHashMap<>(history.latest());
      requested.forEach(t -> after.put(t.path("Key").asText(), t.path("Value").asText()));
      TagLimits.checkCount(after.size());
      history.write(clock.instant(), after, cutoff());
    }
    return backend.object();
  }

  JsonNode untag(JsonNode request) {
    History history = historyOf(existing(request));
    synchronized (history) {
      Map<String, String> after = new LinkedHashMap<>(history.latest());
      request.path("TagKeys").forEach(k -> after.remove(k.asText()));
      history.write(clock.instant(), after, cutoff());
    }
    return backend.object();
  }

  JsonNode list(JsonNode request) {
    History history = historyOf(existing(request));
    ObjectNode answer = backend.object();
    ArrayNode list = answer.putArray("Tags");
    synchronized (history) {
      history.visibleAt(cutoff())
          .forEach((k, v) -> list.addObject().put("Key", k).put("Value", v));
    }
    return answer;
  }

  /**
   * The Resource Groups Tagging API's GetResources for tables: every table tagged now or before (as AWS lists
   * them), filtered by resource type and tag filters (a key, and one of its values when values are given), in ARN
   * order, a page at a time. Eventually consistent like ListTagsOfResource.
   */
  JsonNode resources(JsonNode request) {
    JsonNode types = request.path("ResourceTypeFilters");
    boolean tables = types.isEmpty() || texts(types).anyMatch(t -> t.equals("dynamodb") || t.equals("dynamodb:table"));
    int perPage = request.path("ResourcesPerPage").asInt(50);
    if (perPage < 1 || perPage > 100) {
      throw AwsError.validation("ResourcesPerPage must be between 1 and 100, got " + perPage);
    }
    int from = request.path("PaginationToken").asText("").isEmpty() ? 0 : Integer.parseInt(
        request.path("PaginationToken").asText());
    List<Map.Entry<String, Map<String, String>>> matching = new ArrayList<>();
    if (tables) {
      new TreeMap<>(byArn).forEach((arn, history) -> {
        Map<String, String> visible;
        synchronized (history) {
          visible = history.visibleAt(cutoff());
        }
        if (matches(visible, request.path("TagFilters"))) {
          matching.add(Map.entry(arn, visible));
        }
      });
    }
    ObjectNode answer = backend.object();
    ArrayNode list = answer.putArray("ResourceTagMappingList");
    matching.subList(Math.min(from, matching.size()), Math.min(from + perPage, matching.size())).forEach(m -> {
      ObjectNode mapping = list.addObject().put("ResourceARN", m.getKey());
      ArrayNode tags = mapping.putArray("Tags");
      m.getValue().forEach((k, v) -> tags.addObject().put("Key", k).put("Value", v));
    });
    answer.put("PaginationToken", from + perPage < matching.size() ? String.valueOf(from + perPage) : "");
    return answer;
  }

  private static boolean matches(Map<String, String> tags, JsonNode filters) {
    for (JsonNode filter : filters) {
      String value = tags.get(filter.path("Key").asText());
      if (value == null) {
        return false;
      }
      JsonNode values = filter.path("Values");
      if (!values.isEmpty() && texts(values).noneMatch(value::equals)) {
        return false;
      }
    }
    return true;
  }

  private static Stream<String> texts(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText);
  }

  /** Writes made after this are not seen yet. */
  private Instant cutoff() {
    return clock.instant().minus(propagationDelay);
  }

  void forget(String tableArn) {
    byArn.remove(tableArn);
  }

  private History historyOf(String arn) {
    return byArn.computeIfAbsent(arn, a -> new History());
  }

  private String existing(JsonNode request) {
    String arn = request.path("ResourceArn").asText();
    String table = arn.substring(arn.lastIndexOf('/') + 1);
    JsonNode description = tables.describe(table).orElse(null);
    if (description == null || !arn.equals(description.path("TableArn").asText())) {
      throw AwsError.dynamo("ResourceNotFoundException", "Requested resource not found: ResourceArn: " + arn
          + " not found");
    }
    return arn;
  }

  /** A table's tag sets, oldest first, each from the write that made it; callers synchronize on it. */
  private static final class History {
    private record Version(Instant at, Map<String, String> tags) {}

    private final Deque<Version> versions = new ArrayDeque<>();

    Map<String, String> latest() {
      return versions.isEmpty() ? Map.of() : versions.getLast().tags();
    }

    /** Records a write, and forgets the versions no reader can see any more. */
    void write(Instant at, Map<String, String> tags, Instant cutoff) {
      versions.addLast(new Version(at, tags));
      forgetBefore(cutoff);
    }

    /** The tags after every write made at or before the cutoff. */
    Map<String, String> visibleAt(Instant cutoff) {
      forgetBefore(cutoff);
      Version oldest = versions.peekFirst();
      return oldest == null || oldest.at().isAfter(cutoff) ? Map.of() : oldest.tags();
    }

    /** Keeps the newest version at or before the cutoff and all later ones: the cutoff only moves on. */
    private void forgetBefore(Instant cutoff) {
      while (versions.size() > 1) {
        Version oldest = versions.removeFirst();
        if (versions.getFirst().at().isAfter(cutoff)) {
          versions.addFirst(oldest);
          return;
        }
      }
    }
  }
}
