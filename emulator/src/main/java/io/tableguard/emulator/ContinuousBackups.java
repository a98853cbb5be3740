package io.tableguard.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** UpdateContinuousBackups, DescribeContinuousBackups and RestoreTableToPointInTime, time-faithful. */
class ContinuousBackups {
  private final DynamoLocalBackend backend;
  private final PitrLedger ledger;
  private final TableRestorer restorer;
  private final Tables tables;
  private final Clock clock;
  private final Duration latestLag;
  private final WriteLocks writes;

  ContinuousBackups(DynamoLocalBackend backend, PitrLedger ledger, TableRestorer restorer, Tables tables, Clock clock,
      Duration latestLag, WriteLocks writes) {
    this.backend = backend;
    this.ledger = ledger;
    this.restorer = restorer;
    this.tables = tables;
    this.clock = clock;
    this.latestLag = latestLag;
    this.writes = writes;
  }

  JsonNode update(JsonNode request) {
    String table = request.path("TableName").asText();
    tables.describe(table).orElseThrow(() -> tableNotFound(table));
    JsonNode spec = request.path("PointInTimeRecoverySpecification");
    if (!spec.has("PointInTimeRecoveryEnabled")) {
      throw AwsError.validation("1 validation error detected: Value null at 'pointInTimeRecoverySpecification."
          + "pointInTimeRecoveryEnabled' failed to satisfy constraint: Member must not be null");
    }
    if (spec.path("PointInTimeRecoveryEnabled").asBoolean()) {
      int period = spec.path("RecoveryPeriodInDays").asInt(ledger.log(table).map(l -> l.periodDays).orElse(35));
      if (period < 1 || period > 35) {
        throw AwsError.validation("RecoveryPeriodInDays must be between 1 and 35, got " + period);
      }
      try (WriteLocks.Held held = writes.tables(List.of(table))) {
        if (ledger.log(table).isPresent()) {
          ledger.log(table).get().periodDays = period;
        } else {
          Map<String, ObjectNode> snapshot = new LinkedHashMap<>();
          var keyAttributes = tables.keyAttributes(table);
          backend.scanAll(table).forEach(item -> snapshot.put(ItemKeys.canonical(ItemKeys.keyOf(item, keyAttributes)),
              item));
          ledger.enable(table, period, snapshot, clock.instant());
        }
      }
    } else {
      ledger.disable(table);
    }
    return describe(table);
  }

  JsonNode describe(JsonNode request) {
    String table = request.path("TableName").asText();
    tables.describe(table).orElseThrow(() -> tableNotFound(table));
    return describe(table);
  }

  private JsonNode describe(String table) {
    ObjectNode answer = backend.object();
    ObjectNode description = answer.putObject("ContinuousBackupsDescription");
    description.put("ContinuousBackupsStatus", "ENABLED");
    ObjectNode pitr = description.putObject("PointInTimeRecoveryDescription");
    ledger.log(table).ifPresentOrElse(log -> {
      Instant now = clock.instant();
      pitr.put("PointInTimeRecoveryStatus", "ENABLED");
      pitr.put("RecoveryPeriodInDays", log.periodDays);
      pitr.put("EarliestRestorableDateTime", Wire.seconds(PitrLedger.earliest(log, now)));
      pitr.put("LatestRestorableDateTime", Wire.seconds(latest(log, now)));
    }, () -> pitr.put("PointInTimeRecoveryStatus", "DISABLED"));
    return answer;
  }

  JsonNode restore(JsonNode request) {
    String source = Wire.tableName(request, "SourceTableName", "SourceTableArn");
    String target = request.path("TargetTableName").asText();
    JsonNode sourceTable = tables.describe(source).orElseThrow(() -> tableNotFound(source));
    PitrLedger.TableLog log = ledger.log(source).orElseThrow(() -> AwsError.dynamo(
        "PointInTimeRecoveryUnavailableException", "Point in time recovery is not enabled for table '" + source + "'"));
    if (tables.describe(target).isPresent()) {
      throw AwsError.dynamo("TableAlreadyExistsException", "Table already exists: " + target);
    }
    Instant now = clock.instant();
    Instant earliest = PitrLedger.earliest(log, now);
    Instant latest = latest(log, now);
    Instant at;
    if (request.path("UseLatestRestorableTime").asBoolean(false)) {
      at = latest;
    } else if (request.has("RestoreDateTime")) {
      at = Wire.instant(request.get("RestoreDateTime"));
      if (at.isBefore(earliest) || at.isAfter(latest)) {
        throw AwsError.dynamo("InvalidRestoreTimeException", "Restore time " + at + " is not within the restorable "
            + "window " + earliest + " to " + latest + " of table " + source);
      }
    } else {
      throw AwsError.validation("Either RestoreDateTime or UseLatestRestorableTime must be given");
    }
    ObjectNode summary = backend.object();
    summary.put("SourceTableArn", sourceTable.path("TableArn").asText());
    summary.put("RestoreDateTime", Wire.seconds(at));
    ObjectNode answer = backend.object();
    answer.set("TableDescription", restorer.restore(request, sourceTable, ledger.itemsAt(source, at).values(), summary));
    return answer;
  }

  private Instant latest(PitrLedger.TableLog log, Instant now) {
    Instant latest = now.minus(latestLag);
    return latest.isBefore(log.enabledAt) ? log.enabledAt : latest;
  }

  static AwsError tableNotFound(String table) {
    return AwsError.dynamo("TableNotFoundException", "Table not found: " + table);
  }
}
