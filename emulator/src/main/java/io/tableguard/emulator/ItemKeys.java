package io.tableguard.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Which items a write request touches, by table: the keys of PutItem, UpdateItem, DeleteItem,
 * BatchWriteItem and TransactWriteItems. PartiQL statements are not parsed; the caller compares whole
 * tables for those instead.
 */
final class ItemKeys {
  private ItemKeys() {}

  /** The tables and keys written, or null when the operation is a write this class cannot read keys from. */
  static Map<String, List<ObjectNode>> written(String operation, JsonNode request,
      Function<String, List<String>> keyAttributesOf) {
    Map<String, List<ObjectNode>> keys = new LinkedHashMap<>();
    switch (operation) {
      case "PutItem" -> add(keys, request.path("TableName").asText(),
          keyOf(request.path("Item"), keyAttributesOf.apply(request.path("TableName").asText())));
      case "UpdateItem", "DeleteItem" -> add(keys, request.path("TableName").asText(),
          (ObjectNode) request.path("Key"));
      case "BatchWriteItem" -> request.path("RequestItems").fields().forEachRemaining(e -> e.getValue().forEach(w -> {
        if (w.has("PutRequest")) {
          add(keys, e.getKey(), keyOf(w.path("PutRequest").path("Item"), keyAttributesOf.apply(e.getKey())));
        } else {
          add(keys, e.getKey(), (ObjectNode) w.path("DeleteRequest").path("Key"));
        }
      }));
      case "TransactWriteItems" -> request.path("TransactItems").forEach(t -> {
        if (t.has("Put")) {
          String table = t.path("Put").path("TableName").asText();
          add(keys, table, keyOf(t.path("Put").path("Item"), keyAttributesOf.apply(table)));
        } else if (t.has("Update")) {
          add(keys, t.path("Update").path("TableName").asText(), (ObjectNode) t.path("Update").path("Key"));
        } else if (t.has("Delete")) {
          add(keys, t.path("Delete").path("TableName").asText(), (ObjectNode) t.path("Delete").path("Key"));
        }
      });
      case "ExecuteStatement", "BatchExecuteStatement", "ExecuteTransaction" -> {
        return null;
      }
      default -> {
        return Map.of();
      }
    }
    return keys;
  }

  static boolean isWrite(String operation) {
    return switch (operation) {
      case "PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems", "ExecuteStatement",
          "BatchExecuteStatement", "ExecuteTransaction" -> true;
      default -> false;
    };
  }

  static ObjectNode keyOf(JsonNode item, List<String> keyAttributes) {
    ObjectNode key = JsonNodeFactory.instance.objectNode();
    keyAttributes.forEach(a -> key.set(a, item.get(a)));
    return key;
  }

  /** One string per key, the same whatever the order of its attributes. */
  static String canonical(JsonNode key) {
    Map<String, String> sorted = new TreeMap<>();
    key.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue().toString()));
    return sorted.toString();
  }

  private static void add(Map<String, List<ObjectNode>> keys, String table, ObjectNode key) {
    keys.computeIfAbsent(table, t -> new ArrayList<>()).add(key);
  }
}
