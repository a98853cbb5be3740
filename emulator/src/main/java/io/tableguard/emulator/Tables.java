package io.tableguard.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Table descriptions from DynamoDB Local, and their key attributes, cached until a table is dropped. */
class Tables {
  private final DynamoLocalBackend backend;
  private final Map<String, List<String>> keyAttributes = new ConcurrentHashMap<>();

  Tables(DynamoLocalBackend backend) {
    this.backend = backend;
  }

  Optional<JsonNode> describe(String table) {
    try {
      return Optional.of(backend.call("DescribeTable", backend.object().put("TableName", table)).path("Table"));
    } catch (AwsError e) {
      if (e.shortType().equals("ResourceNotFoundException")) {
        return Optional.empty();
      }
      throw e;
    }
  }

  List<String> keyAttributes(String table) {
    return keyAttributes.computeIfAbsent(table, t -> {
      List<String> names = new ArrayList<>();
      describe(t).orElseThrow(() -> AwsError.dynamo("ResourceNotFoundException",
          "Requested resource not found: Table: " + t + " not found"))
          .path("KeySchema").forEach(k -> names.add(k.path("AttributeName").asText()));
      return names;
    });
  }

  void forget(String table) {
    keyAttributes.remove(table);
  }
}
