package io.tableguard.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * On-demand backups as AWS keeps them: a copy of the items when CreateBackup was called (taken under the table's
 * write lock, so no write is half in), {@code CREATING} for {@link BackupTiming#creation()} and then
 * {@code AVAILABLE}, listed by ListBackups only after {@link BackupTiming#listingLag()}, restorable into a new table
 * once available. Backup names are not unique: AWS makes a second backup under a name already used.
 */
class Backups {
  private static final int LIST_PAGE = 100;

  private record Backup(String arn, String name, String tableName, JsonNode table, List<ObjectNode> items,
      Instant createdAt) {}

  private final DynamoLocalBackend backend;
  private final Tables tables;
  private final TableRestorer restorer;
  private final Clock clock;
  private final BackupTiming timing;
  private final WriteLocks writes;
  private final Map<String, Backup> backups = new ConcurrentHashMap<>();

  Backups(DynamoLocalBackend backend, Tables tables, TableRestorer restorer, Clock clock, BackupTiming timing,
      WriteLocks writes) {
    this.writes = writes;
    this.backend = backend;
    this.tables = tables;
    this.restorer = restorer;
    this.clock = clock;
    this.timing = timing;
  }

  synchronized JsonNode create(JsonNode request) {
    String table = request.path("TableName").asText();
    String name = request.path("BackupName").asText();
    if (!name.matches("[a-zA-Z0-9_.-]{3,255}")) {
      throw AwsError.validation("1 validation error detected: Value '" + name + "' at 'backupName' failed to "
          + "satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+ (3 to 255)");
    }
    JsonNode description = tables.describe(table).orElseThrow(() -> ContinuousBackups.tableNotFound(table));
    Instant now = clock.instant();
    if (backups.values().stream().anyMatch(b -> b.tableName().equals(table) && creating(b, now))) {
      throw inUse(table);
    }
    // As AWS writes them: the creation time in milliseconds, then 8 hex digits.
    String arn = description.path("TableArn").asText() + "/backup/" + String.format("%017d", now.toEpochMilli())
        + "-" + String.format("%08x", ThreadLocalRandom.current().nextInt());
    List<ObjectNode> items;
    try (WriteLocks.Held held = writes.tables(List.of(table))) {
      items = backend.scanAll(table);
    }
    Backup backup = new Backup(arn, name, table, description, items, now);
    backups.put(arn, backup);
    ObjectNode answer = backend.object();
    answer.set("BackupDetails", details(backup, now));
    return answer;
  }

  JsonNode describe(JsonNode request) {
    ObjectNode answer = backend.object();
    answer.set("BackupDescription", description(find(request.path("BackupArn").asText()), clock.instant()));
    return answer;
  }

  /**
   * TableName, TimeRangeLowerBound (inclusive), TimeRangeUpperBound (exclusive), BackupType, Limit and
   * ExclusiveStartBackupArn, oldest first; a backup younger than the listing lag is not listed yet.
   */
  JsonNode list(JsonNode request) {
    Instant now = clock.instant();
    String type = request.path("BackupType").asText("USER");
    Instant from = request.has("TimeRangeLowerBound") ? Wire.instant(request.get("TimeRangeLowerBound")) : null;
    Instant to = request.has("TimeRangeUpperBound") ? Wire.instant(request.get("TimeRangeUpperBound")) : null;
    int limit = request.has("Limit") ? request.get("Limit").asInt() : LIST_PAGE;
    if (limit < 1 || limit > LIST_PAGE) {
      throw AwsError.validation("Limit must be between 1 and " + LIST_PAGE);
    }
    String after = request.path("ExclusiveStartBackupArn").asText(null);
    List<Backup> listed = backups.values().stream()
        .filter(b -> "USER".equals(type) || "ALL".equals(type))
        .filter(b -> !request.has("TableName") || b.tableName().equals(request.path("TableName").asText()))
        .filter(b -> from == null || !b.createdAt().isBefore(from))
        .filter(b -> to == null || b.createdAt().isBefore(to))
        .filter(b -> !now.isBefore(b.createdAt().plus(timing.listingLag())))
        .sorted(Comparator.comparing(Backup::createdAt).thenComparing(Backup::arn))
        .toList();
    int start = 0;
    if (after != null) {
      for (int i = 0; i < listed.size(); i++) {
        if (listed.get(i).arn().equals(after)) {
          start = i + 1;
        }
      }
    }
    ObjectNode answer = backend.object();
    ArrayNode summaries = answer.putArray("BackupSummaries");
    List<Backup> page = listed.subList(start, Math.min(listed.size(), start + limit));
    page.forEach(b -> {
      ObjectNode s = details(b, now);
      s.put("TableName", b.tableName());
      s.put("TableArn", b.table().path("TableArn").asText());
      s.put("TableId", b.table().path("TableId").asText());
      summaries.add(s);
    });
    if (start + limit < listed.size()) {
      answer.put("LastEvaluatedBackupArn", page.get(page.size() - 1).arn());
    }
    return answer;
  }

  synchronized JsonNode delete(JsonNode request) {
    Backup backup = find(request.path("BackupArn").asText());
    Instant now = clock.instant();
    if (creating(backup, now)) {
      throw inUse(backup.tableName());
    }
    backups.remove(backup.arn());
    ObjectNode answer = backend.object();
    ObjectNode description = description(backup, now);
    ((ObjectNode) description.get("BackupDetails")).put("BackupStatus", "DELETED");
    answer.set("BackupDescription", description);
    return answer;
  }

  JsonNode restore(JsonNode request) {
    Backup backup = find(request.path("BackupArn").asText());
    if (creating(backup, clock.instant())) {
      throw inUse(backup.tableName());
    }
    String target = request.path("TargetTableName").asText();
    if (tables.describe(target).isPresent()) {
      throw AwsError.dynamo("TableAlreadyExistsException", "Table already exists: " + target);
    }
    ObjectNode summary = backend.object();
    summary.put("SourceBackupArn", backup.arn());
    summary.put("SourceTableArn", backup.table().path("TableArn").asText());
    summary.put("RestoreDateTime", Wire.seconds(backup.createdAt()));
    ObjectNode answer = backend.object();
    answer.set("TableDescription", restorer.restore(request, backup.table(), backup.items(), summary));
    return answer;
  }

  private boolean creating(Backup backup, Instant now) {
    return now.isBefore(backup.createdAt().plus(timing.creation()));
  }

  private static AwsError inUse(String table) {
    return AwsError.dynamo("BackupInUseException", "There is another ongoing conflicting backup control plane "
        + "operation on the table " + table + ". The backup is either being created, deleted or restored to a table.");
  }

  private Backup find(String arn) {
    Backup backup = backups.get(arn);
    if (backup == null) {
      throw AwsError.dynamo("BackupNotFoundException", "Backup not found: " + arn);
    }
    return backup;
  }

  private ObjectNode details(Backup b, Instant now) {
    ObjectNode d = backend.object();
    d.put("BackupArn", b.arn());
    d.put("BackupName", b.name());
    d.put("BackupSizeBytes", b.items().stream().mapToLong(i -> i.toString().length()).sum());
    d.put("BackupStatus", creating(b, now) ? "CREATING" : "AVAILABLE");
    d.put("BackupType", "USER");
    d.put("BackupCreationDateTime", Wire.seconds(b.createdAt()));
    return d;
  }

  private ObjectNode description(Backup b, Instant now) {
    ObjectNode d = backend.object();
    d.set("BackupDetails", details(b, now));
    ObjectNode source = d.putObject("SourceTableDetails");
    source.put("TableName", b.tableName());
    source.set("TableId", b.table().path("TableId"));
    source.set("TableArn", b.table().path("TableArn"));
    source.set("KeySchema", b.table().path("KeySchema"));
    source.set("TableCreationDateTime", b.table().path("CreationDateTime"));
    source.set("ProvisionedThroughput", b.table().path("ProvisionedThroughput"));
    source.put("ItemCount", b.items().size());
    source.put("BillingMode", b.table().path("BillingModeSummary").path("BillingMode").asText("PROVISIONED"));
    d.putObject("SourceTableFeatureDetails");
    return d;
  }
}
