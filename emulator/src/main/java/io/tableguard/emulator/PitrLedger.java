package io.tableguard.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The continuous change log of every table with PITR on: the items when PITR was turned on, then each
 * item's new state (or its deletion) with the time it was written. Turning PITR off discards it, as AWS does.
 */
class PitrLedger {
  record Change(Instant at, String key, ObjectNode item) {}

  static final class TableLog {
    final Instant enabledAt;
    volatile int periodDays;
    private final Map<String, ObjectNode> base;
    private final List<Change> changes = new ArrayList<>();

    TableLog(Instant enabledAt, int periodDays, Map<String, ObjectNode> base) {
      this.enabledAt = enabledAt;
      this.periodDays = periodDays;
      this.base = base;
    }
  }

  private final Map<String, TableLog> logs = new HashMap<>();

  synchronized void enable(String table, int periodDays, Map<String, ObjectNode> snapshot, Instant now) {
    logs.put(table, new TableLog(now, periodDays, new LinkedHashMap<>(snapshot)));
  }

  synchronized void disable(String table) {
    logs.remove(table);
  }

  synchronized Optional<TableLog> log(String table) {
    return Optional.ofNullable(logs.get(table));
  }

  synchronized boolean tracks(String table) {
    return logs.containsKey(table);
  }

  synchronized void record(String table, String key, ObjectNode item, Instant at) {
    TableLog log = logs.get(table);
    if (log != null) {
      log.changes.add(new Change(at, key, item == null ? null : item.deepCopy()));
    }
  }

  /** The table's items as they were at the given instant (every change written at or before it). */
  synchronized Map<String, ObjectNode> itemsAt(String table, Instant at) {
    TableLog log = logs.get(table);
    Map<String, ObjectNode> items = new LinkedHashMap<>(log.base);
    for (Change change : log.changes) {
      if (change.at().isAfter(at)) {
        continue;
      }
      if (change.item() == null) {
        items.remove(change.key());
      } else {
        items.put(change.key(), change.item());
      }
    }
    return items;
  }

  /** When PITR was turned on, or the start of the recovery period, whichever is later. */
  static Instant earliest(TableLog log, Instant now) {
    Instant periodStart = now.minus(Duration.ofDays(log.periodDays));
    return log.enabledAt.isAfter(periodStart) ? log.enabledAt : periodStart;
  }
}
