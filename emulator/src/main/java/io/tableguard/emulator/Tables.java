package io.tableguard.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Table descriptions from DynamoDB Local with the TableId AWS adds, and their key attributes, cached until a
 * table is dropped.
 */
class Tables {
  private final DynamoLocalBackend backend;
  private final Map<String, List<String>> keyAttributes = new ConcurrentHashMap<>();
  /** AWS's TableId of each table, which DynamoDB Local lacks; a table re-created under its name gets a new one. */
  private final Map<String, String> ids = new ConcurrentHashMap<>();

  Tables(DynamoLocalBackend backend) {
    this.backend = backend;
  }

  Optional<JsonNode> describe(String table) {
    try {
      return Optional.of(identify((ObjectNode) backend.call("DescribeTable", backend.object().put("TableName", table))
          .path("Table")));
    } catch (AwsError e) {
      if (e.shortType().equals("ResourceNotFoundException")) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** A table's ARN as DescribeTable shows it, empty when there is no such table; an ARN is its own. */
  Optional<String> arn(String nameOrArn) {
    if (nameOrArn.startsWith("arn:")) {
      return Optional.of(nameOrArn);
    }
    return describe(nameOrArn).map(d -> d.path("TableArn").asText());
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

  /**
   * Adds AWS's TableId to a description DynamoDB Local gave. A table's id is drawn when it is first described,
   * in the answer of the CreateTable or restore that made it, and kept until {@link #dropped}: drawn on first
   * sight rather than set by CreateTable, so a DescribeTable racing CreateTable's answer cannot see another one.
   */
  ObjectNode identify(ObjectNode table) {
    return table.put("TableId", ids.computeIfAbsent(table.path("TableName").asText(),
        t -> UUID.randomUUID().toString()));
  }

  void forget(String table) {
    keyAttributes.remove(table);
  }

  /** Drops all that was known of a deleted table, its TableId too: one re-created under its name is another. */
  void dropped(String table) {
    forget(table);
    ids.remove(table);
  }
}
