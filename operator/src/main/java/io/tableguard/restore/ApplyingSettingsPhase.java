package io.tableguard.restore;

import io.tableguard.aws.RestoreGateway;
import io.tableguard.aws.TableTarget;
import io.tableguard.model.restore.RestorePhase;
import io.tableguard.model.restore.RestoreReason;
import io.tableguard.model.restore.TableRestore;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/** ApplyingSettings: copies the settings a restore drops onto the new table, if it is still ours, then completes. */
class ApplyingSettingsPhase implements PhaseHandler {
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

  @Override
  public Set<RestorePhase> phases() {
    return EnumSet.of(RestorePhase.ApplyingSettings);
  }

  /** Ended once Completed; otherwise when to try again. */
  @Override
  public Step run(RestoreContext run) {
    TableRestore restore = run.restore();
    TableTarget target = tables.target(restore);
    TableDescription table = restores.describe(target).orElseThrow(() -> new RestoreFailure(RestoreReason.TargetTableDeleted,
        "table " + target.tableName() + " was deleted before its settings were copied"));
    // The name may now belong to another table: settings go only onto the one this restore created.
    ownership.requireSameTable(restore, target, table);
    if (!copier.copyAll(restore, target, table)) {
      return Step.after(RETRY);
    }
    // The writes named the table by its name: described again, it must still be the table this restore created,
    // or a write may have landed on a table that replaced it meanwhile.
    TableDescription after = restores.describe(target).orElseThrow(() -> new RestoreFailure(RestoreReason.TargetTableDeleted,
        "table " + target.tableName() + " was deleted while its settings were copied"));
    ownership.requireSameTable(restore, target, after);
    restore.getStatus().setItemCount(after.itemCount());
    restore.getStatus().setTableSizeBytes(after.tableSizeBytes());
    recorder.complete(restore);
    return Step.of(Optional.empty());
  }
}
