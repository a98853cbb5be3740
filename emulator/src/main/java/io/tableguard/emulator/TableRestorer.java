package io.tableguard.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds restored tables: the source's key schema and indexes (with the request's overrides), then the
 * items, in the background. Until the items are in and the configured delay has passed, DescribeTable
 * says CREATING; its RestoreSummary says what was restored, as on AWS.
 */
class TableRestorer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TableRestorer.class);

  private record Restoring(ObjectNode summary, Instant readyAt, boolean loaded) {}

  private final DynamoLocalBackend backend;
  private final Tables tables;
  private final Clock clock;
  private final Duration delay;
  private final Map<String, Restoring> restored = new ConcurrentHashMap<>();
  private final ExecutorService loaders = Executors.newFixedThreadPool(2, r -> {
    Thread t = new Thread(r, "emulator-restore");
    t.setDaemon(true);
    return t;
  });

  TableRestorer(DynamoLocalBackend backend, Tables tables, Clock clock, Duration delay) {
    this.backend = backend;
    this.tables = tables;
    this.clock = clock;
    this.delay = delay;
  }

  /** Creates the target table now and loads the items in the background; returns its description. */
  JsonNode restore(JsonNode request, JsonNode sourceTable, Collection<ObjectNode> items, ObjectNode summary) {
    String target = request.path("TargetTableName").asText();
    // Known as restoring before it exists, so no DescribeTable ever shows it ACTIVE without its summary.
    restored.put(target, new Restoring(summary, clock.instant().plus(delay), false));
    JsonNode created;
    try {
      created = backend.call("CreateTable", createRequest(target, request, sourceTable)).path("TableDescription");
    } catch (AwsError e) {
      restored.remove(target);
      throw e;
    }
    List<ObjectNode> copy = new ArrayList<>(items);
    loaders.submit(() -> load(target, copy));
    // A restored table is a new table: its own TableId, not its source's.
    return overlay(tables.identify((ObjectNode) created.deepCopy()));
  }

  /** Applies what AWS would show for a restored table on top of DynamoDB Local's description. */
  ObjectNode overlay(ObjectNode table) {
    Restoring restoring = restored.get(table.path("TableName").asText());
    if (restoring == null) {
      return table;
    }
    boolean inProgress = inProgress(restoring, clock.instant());
    ObjectNode summary = restoring.summary().deepCopy();
    summary.put("RestoreInProgress", inProgress);
    table.set("RestoreSummary", summary);
    if (inProgress) {
      table.put("TableStatus", "CREATING");
    }
    return table;
  }

  void forget(String table) {
    restored.remove(table);
  }

  /** How many restored tables are still CREATING. */
  int inProgress() {
    Instant now = clock.instant();
    return (int) restored.values().stream().filter(r -> inProgress(r, now)).count();
  }

  private static boolean inProgress(Restoring restoring, Instant now) {
    return !restoring.loaded() || now.isBefore(restoring.readyAt());
  }

  private void load(String target, List<ObjectNode> items) {
    try {
      for (int from = 0; from < items.size(); from += 25) {
        ArrayNode writes = backend.object().arrayNode();
        items.subList(from, Math.min(items.size(), from + 25))
            .forEach(item -> writes.addObject().putObject("PutRequest").set("Item", item));
        JsonNode pending = writes;
        while (pending != null && !pending.isEmpty()) {
          ObjectNode request = backend.object();
          request.putObject("RequestItems").set(target, pending);
          pending = backend.call("BatchWriteItem", request).path("UnprocessedItems").get(target);
        }
      }
      restored.computeIfPresent(target, (t, r) -> new Restoring(r.summary(), r.readyAt(), true));
      log.info("restored table {} with {} items", target, items.size());
    } catch (RuntimeException e) {
      log.error("loading restored table {} failed", target, e);
    }
  }

  private ObjectNode createRequest(String target, JsonNode request, JsonNode source) {
    ObjectNode create = backend.object();
    create.put("TableName", target);
    create.set("KeySchema", source.path("KeySchema"));
    String billing = request.path("BillingModeOverride").asText(
        source.path("BillingModeSummary").path("BillingMode").asText(
            source.path("ProvisionedThroughput").path("ReadCapacityUnits").asLong(0) > 0
                ? "PROVISIONED" : "PAY_PER_REQUEST"));
    create.put("BillingMode", billing);
    boolean provisioned = "PROVISIONED".equals(billing);
    if (provisioned) {
      create.set("ProvisionedThroughput", request.has("ProvisionedThroughputOverride")
          ? request.get("ProvisionedThroughputOverride") : throughput(source.path("ProvisionedThroughput")));
    }
    ArrayNode gsis = indexes(request.has("GlobalSecondaryIndexOverride") ? request.get("GlobalSecondaryIndexOverride")
        : source.path("GlobalSecondaryIndexes"), provisioned);
    ArrayNode lsis = indexes(request.has("LocalSecondaryIndexOverride") ? request.get("LocalSecondaryIndexOverride")
        : source.path("LocalSecondaryIndexes"), false);
    if (!gsis.isEmpty()) {
      create.set("GlobalSecondaryIndexes", gsis);
    }
    if (!lsis.isEmpty()) {
      create.set("LocalSecondaryIndexes", lsis);
    }
    create.set("AttributeDefinitions", usedAttributes(source.path("AttributeDefinitions"), create));
    return create;
  }

  /** Index definitions as CreateTable takes them: the descriptive fields of DescribeTable left out. */
  private ArrayNode indexes(JsonNode described, boolean provisioned) {
    ArrayNode out = backend.object().arrayNode();
    described.forEach(i -> {
      ObjectNode index = out.addObject();
      index.set("IndexName", i.path("IndexName"));
      index.set("KeySchema", i.path("KeySchema"));
      index.set("Projection", i.path("Projection"));
      if (provisioned && i.has("ProvisionedThroughput")) {
        index.set("ProvisionedThroughput", throughput(i.path("ProvisionedThroughput")));
      }
    });
    return out;
  }

  private ObjectNode throughput(JsonNode described) {
    return backend.object()
        .put("ReadCapacityUnits", Math.max(1, described.path("ReadCapacityUnits").asLong(1)))
        .put("WriteCapacityUnits", Math.max(1, described.path("WriteCapacityUnits").asLong(1)));
  }

  /** DynamoDB refuses attribute definitions no key uses, which dropping an index can leave behind. */
  private ArrayNode usedAttributes(JsonNode definitions, ObjectNode create) {
    Set<String> used = new HashSet<>();
    create.path("KeySchema").forEach(k -> used.add(k.path("AttributeName").asText()));
    for (String kind : List.of("GlobalSecondaryIndexes", "LocalSecondaryIndexes")) {
      create.path(kind).forEach(i -> i.path("KeySchema").forEach(k -> used.add(k.path("AttributeName").asText())));
    }
    ArrayNode out = backend.object().arrayNode();
    definitions.forEach(d -> {
      if (used.contains(d.path("AttributeName").asText())) {
        out.add(d);
      }
    });
    return out;
  }

  @Override
  public void close() {
    loaders.shutdownNow();
  }
}
