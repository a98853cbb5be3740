package io.tableguard.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Item writes on their way to DynamoDB Local, and the PITR history they leave. A write is applied, then what it
 * touched is read back and logged at one instant, so the history holds what took effect, not what was asked: a
 * conditional write whose condition failed, a cancelled transaction, the UnprocessedItems of a batch and the
 * failed statements of a PartiQL batch leave the items as they were, and the history says so. Writes to tables
 * with PITR on hold their tables' locks from the write to the log ({@link WriteLocks}), so writes to other tables
 * go on meanwhile.
 */
final class WriteLog {
  /** BatchGetItem reads at most this many keys. */
  private static final int READ_BATCH = 100;

  private final DynamoLocalBackend backend;
  private final Tables tables;
  private final PitrLedger ledger;
  private final Clock clock;
  private final WriteLocks locks;
  private final RaceHooks hooks;

  WriteLog(DynamoLocalBackend backend, Tables tables, PitrLedger ledger, Clock clock, WriteLocks locks,
      RaceHooks hooks) {
    this.backend = backend;
    this.tables = tables;
    this.ledger = ledger;
    this.clock = clock;
    this.locks = locks;
    this.hooks = hooks;
  }

  /** Applies a client's write as it was sent and logs its effect on tables with PITR on. */
  HttpResponse<byte[]> write(String operation, JsonNode request, Map<String, List<String>> headers, byte[] body) {
    Map<String, List<ObjectNode>> written = ItemKeys.written(operation, request, this::keyAttributesOrNone);
    hooks.beforeWrite(written);
    try (WriteLocks.Held held = written == null ? locks.everything() : locks.tables(written.keySet())) {
      HttpResponse<byte[]> response = backend.send(operation, headers, body);
      if (response.statusCode() < 300 && (written == null || written.keySet().stream().anyMatch(ledger::tracks))) {
        log(written);
      }
      return response;
    }
  }

  /** Key attributes of a table, or none for a table that does not exist (DynamoDB Local will say so). */
  List<String> keyAttributesOrNone(String table) {
    try {
      return tables.keyAttributes(table);
    } catch (AwsError missing) {
      return List.of();
    }
  }

  /** Reads back each written item (or finds it gone) and logs its new state at one instant. */
  private void log(Map<String, List<ObjectNode>> written) {
    Instant now = clock.instant();
    if (written == null) {
      logWholeTables(now);
      return;
    }
    written.forEach((table, keys) -> {
      if (!ledger.tracks(table)) {
        return;
      }
      List<String> keyAttributes = keyAttributesOrNone(table);
      Map<String, ObjectNode> distinct = new LinkedHashMap<>();
      keys.forEach(k -> distinct.put(ItemKeys.canonical(k), k));
      Map<String, ObjectNode> found = readBack(table, new ArrayList<>(distinct.values()), keyAttributes);
      distinct.keySet().forEach(key -> ledger.record(table, key, found.get(key), now));
    });
  }

  /** The items of these keys as they are now, by canonical key (absent: deleted, or never written). */
  private Map<String, ObjectNode> readBack(String table, List<ObjectNode> keys, List<String> keyAttributes) {
    Map<String, ObjectNode> found = new LinkedHashMap<>();
    for (int from = 0; from < keys.size(); from += READ_BATCH) {
      ObjectNode request = backend.object();
      ObjectNode read = request.putObject("RequestItems").putObject(table).put("ConsistentRead", true);
      ArrayNode batch = read.putArray("Keys");
      keys.subList(from, Math.min(keys.size(), from + READ_BATCH)).forEach(batch::add);
      JsonNode pending = request.path("RequestItems");
      while (pending != null && !pending.isEmpty()) {
        ObjectNode call = backend.object();
        call.set("RequestItems", pending);
        JsonNode answer = backend.call("BatchGetItem", call);
        answer.path("Responses").path(table).forEach(item ->
            found.put(ItemKeys.canonical(ItemKeys.keyOf(item, keyAttributes)), (ObjectNode) item));
        pending = answer.get("UnprocessedKeys");
      }
    }
    return found;
  }

  /** PartiQL: compare each logged table with what the log says it holds now. */
  private void logWholeTables(Instant now) {
    for (String table : trackedTables()) {
      var expected = ledger.itemsAt(table, now);
      var keyAttributes = tables.keyAttributes(table);
      Map<String, ObjectNode> actual = new LinkedHashMap<>();
      backend.scanAll(table).forEach(i -> actual.put(ItemKeys.canonical(ItemKeys.keyOf(i, keyAttributes)), i));
      expected.forEach((key, item) -> {
        if (!actual.containsKey(key)) {
          ledger.record(table, key, null, now);
        }
      });
      actual.forEach((key, item) -> {
        if (!item.equals(expected.get(key))) {
          ledger.record(table, key, item, now);
        }
      });
    }
  }

  private List<String> trackedTables() {
    List<String> names = new ArrayList<>();
    backend.call("ListTables", backend.object()).path("TableNames").forEach(n -> {
      if (ledger.tracks(n.asText())) {
        names.add(n.asText());
      }
    });
    return names;
  }

  /** An item write (a PartiQL call only when one of its statements is not a SELECT). */
  static boolean isWrite(String operation, JsonNode request) {
    if (!ItemKeys.isWrite(operation)) {
      return false;
    }
    return switch (operation) {
      case "ExecuteStatement" -> !isSelect(request.path("Statement").asText());
      case "BatchExecuteStatement" -> anyNonSelect(request.path("Statements"));
      case "ExecuteTransaction" -> anyNonSelect(request.path("TransactStatements"));
      default -> true;
    };
  }

  private static boolean anyNonSelect(JsonNode statements) {
    for (JsonNode s : statements) {
      if (!isSelect(s.path("Statement").asText())) {
        return true;
      }
    }
    return false;
  }

  private static boolean isSelect(String statement) {
    return statement.trim().toUpperCase(Locale.ROOT).startsWith("SELECT");
  }
}
