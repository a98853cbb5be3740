package io.tableguard.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** On-demand backups: a copy of the items when CreateBackup was called, restorable into a new table. */
class Backups {
  private record Backup(String arn, String name, String tableName, JsonNode table, List<ObjectNode> items,
      Instant createdAt, String status) {
    Backup deleted() {
      return new Backup(arn, name, tableName, table, items, createdAt, "DELETED");
    }
  }

  private final DynamoLocalBackend backend;
  private final Tables tables;
  private final TableRestorer restorer;
  private final Clock clock;
  private final Map<String, Backup> backups = new ConcurrentHashMap<>();

  Backups(DynamoLocalBackend backend, Tables tables, TableRestorer restorer, Clock clock) {
    this.backend = backend;
    this.tables = tables;
    this.restorer = restorer;
    this.clock = clock;
  }

  JsonNode create(JsonNode request) {
    String table = request.path("TableName").asText();
    JsonNode description = tables.describe(table).orElseThrow(() -> ContinuousBackups.tableNotFound(table));
    Instant now = clock.instant();
    String arn = description.path("TableArn").asText() + "/backup/" + String.format("%013d", now.toEpochMilli())
        + "-" + Integer.toHexString(backups.size() + 1);
    Backup backup = new Backup(arn, request.path("BackupName").asText(), table, description,
        backend.scanAll(table), now, "AVAILABLE");
    backups.put(arn, backup);
    ObjectNode answer = backend.object();
    answer.set("BackupDetails", details(backup));
    return answer;
  }

  JsonNode describe(JsonNode request) {
    ObjectNode answer = backend.object();
    answer.set("BackupDescription", description(find(request.path("BackupArn").asText())));
    return answer;
  }

  JsonNode list(JsonNode request) {
    ObjectNode answer = backend.object();
    ArrayNode summaries = answer.putArray("BackupSummaries");
    backups.values().stream()
        .filter(b -> "AVAILABLE".equals(b.status()))
        .filter(b -> !request.has("TableName") || b.tableName().equals(request.path("TableName").asText()))
        .sorted((a, b) -> a.createdAt().compareTo(b.createdAt()))
        .forEach(b -> {
          ObjectNode s = details(b);
          s.put("TableName", b.tableName());
          s.put("TableArn", b.table().path("TableArn").asText());
          s.put("TableId", b.table().path("TableId").asText());
          summaries.add(s);
        });
    return answer;
  }

  JsonNode delete(JsonNode request) {
    Backup backup = find(request.path("BackupArn").asText());
    backups.remove(backup.arn());
    ObjectNode answer = backend.object();
    answer.set("BackupDescription", description(backup.deleted()));
    return answer;
  }

  JsonNode restore(JsonNode request) {
    Backup backup = find(request.path("BackupArn").asText());
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

  private Backup find(String arn) {
    Backup backup = backups.get(arn);
    if (backup == null) {
      throw AwsError.dynamo("BackupNotFoundException", "Backup not found: " + arn);
    }
    return backup;
  }

  private ObjectNode details(Backup b) {
    ObjectNode d = backend.object();
    d.put("BackupArn", b.arn());
    d.put("BackupName", b.name());
    d.put("BackupSizeBytes", b.items().stream().mapToLong(i -> i.toString().length()).sum());
    d.put("BackupStatus", b.status());
    d.put("BackupType", "USER");
    d.put("BackupCreationDateTime", Wire.seconds(b.createdAt()));
    return d;
  }

  private ObjectNode description(Backup b) {
    ObjectNode d = backend.object();
    d.set("BackupDetails", details(b));
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
