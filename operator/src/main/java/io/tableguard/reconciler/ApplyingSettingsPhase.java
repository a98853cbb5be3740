package io.tableguard.reconciler;

import io.tableguard.aws.RestoreGateway;
import io.tableguard.aws.TableTarget;
import io.tableguard.model.TableRestore;
import io.tableguard.status.RestoreStatusRecorder;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/** ApplyingSettings: copies the settings a restore drops onto the new table, if it is still ours, then completes. */
class ApplyingSettingsPhase {
  /** How soon to try again when AWS asked to come back later. */
  private static final Duration RETRY = Duration.ofSeconds(5);

  private final RestoreGateway restores;
  private final RestoreTables tables;
  private final TableOwnership ownership;
  private final SettingsCopier copier;
  private final RestoreStatusRecorder recorder;

  ApplyingSettingsPhase(RestoreGateway restores, RestoreTables tables, TableOwnership ownership,
      SettingsCopier copier, RestoreStatusRecorder recorder) {
    this.restores = restores;
    this.tables = tables;
    this.ownership = ownership;
    this.copier = copier;
    this.recorder = recorder;
  }

  /** Empty once Completed; otherwise when to try again. */
  Optional<Duration> apply(TableRestore restore) {
    TableTarget target = tables.target(restore);
    TableDescription table = restores.describe(target).orElseThrow(() -> new RestoreFailure("TargetTableDeleted",
        "table " + target.tableName() + " was deleted before its settings were copied"));
    // The name may now belong to another table: settings go only onto the one this restore created.
    ownership.requireSameTable(restore, target, table);
    if (!copier.copyAll(restore, target, table)) {
      return Optional.of(RETRY);
    }
    TableDescription after = restores.describe(target).orElse(table);
    restore.getStatus().setItemCount(after.itemCount());
    restore.getStatus().setTableSizeBytes(after.tableSizeBytes());
    recorder.complete(restore);
    return Optional.empty();
  }
}
