package io.tableguard.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** TagResource, UntagResource and ListTagsOfResource for tables, which DynamoDB Local does not keep. */
class Tags {
  private final DynamoLocalBackend backend;
  private final Tables tables;
  private final Map<String, Map<String, String>> byArn = new ConcurrentHashMap<>();

  Tags(DynamoLocalBackend backend, Tables tables) {
    this.backend = backend;
    this.tables = tables;
  }

  /** All or nothing, as on AWS: a call that breaks a limit leaves the table's tags as they were. */
  JsonNode tag(JsonNode request) {
    JsonNode requested = request.path("Tags");
    TagLimits.checkRequest(requested);
    String arn = existing(request);
    Map<String, String> tags = byArn.computeIfAbsent(arn, a -> new LinkedHashMap<>());
    synchronized (tags) {
      Map<String, String> after = new LinkedHashMap<>(tags);
      requested.forEach(t -> after.put(t.path("Key").asText(), t.path("Value").asText()));
      TagLimits.checkCount(after.size());
      tags.putAll(after);
    }
    return backend.object();
  }

  JsonNode untag(JsonNode request) {
    String arn = existing(request);
    Map<String, String> tags = byArn.getOrDefault(arn, new LinkedHashMap<>());
    synchronized (tags) {
      request.path("TagKeys").forEach(k -> tags.remove(k.asText()));
    }
    return backend.object();
  }

  JsonNode list(JsonNode request) {
    String arn = existing(request);
    ObjectNode answer = backend.object();
    ArrayNode list = answer.putArray("Tags");
    Map<String, String> tags = byArn.getOrDefault(arn, Map.of());
    synchronized (tags) {
      tags.forEach((k, v) -> list.addObject().put("Key", k).put("Value", v));
    }
    return answer;
  }

  void forget(String tableArn) {
    byArn.remove(tableArn);
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
}
