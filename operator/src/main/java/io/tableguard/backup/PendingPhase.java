package io.tableguard.backup;

import io.tableguard.aws.AwsFailure;
import io.tableguard.aws.BackupGateway;
import io.tableguard.aws.PitrGateway;
import io.tableguard.aws.RestoreGateway;
import io.tableguard.aws.TableObservation;
import io.tableguard.aws.TableTarget;
import io.tableguard.aws.TableTargetResolver;
import io.tableguard.model.SharedReason;
import io.tableguard.model.backup.BackupPhase;
import io.tableguard.model.backup.BackupReason;
import io.tableguard.model.backup.TableBackup;
import io.tableguard.model.backup.TableBackupStatus;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.BackupDescription;

/**
 * Pending: the ProtectedTable's table is found and verified, what a restore will need that the backup does not
 * keep is read from it, then the backup is asked for ({@link BackupRequest}); or, with spec.backupArn, that backup
 * is checked to be of this table and adopted.
 */
class PendingPhase implements BackupPhaseHandler {
  /** A TableBackup waiting for its ProtectedTable is woken by its change; this is only a safety net. */
  private static final Duration WAIT_RECHECK = Duration.ofMinutes(5);

  private final BackupSource source;
  private final PitrGateway pitr;
  private final RestoreGateway settings;
  private final BackupGateway backups;
  private final BackupRequest request;
  private final BackupStatusRecorder recorder;

  PendingPhase(BackupSource source, PitrGateway pitr, RestoreGateway settings, BackupGateway backups,
      BackupRequest request, BackupStatusRecorder recorder) {
    this.source = source;
    this.pitr = pitr;
    this.settings = settings;
    this.backups = backups;
    this.request = request;
    this.recorder = recorder;
  }

  @Override
  public Set<BackupPhase> phases() {
    return EnumSet.of(BackupPhase.Pending);
  }

  @Override
  public Step run(BackupContext run) {
    Optional<BackupSource.Located> located = source.locate(run);
    if (located.isEmpty()) {
      return Step.after(WAIT_RECHECK);
    }
    TableTarget table = located.get().table();
    TableBackupStatus status = run.status();
    status.setTableName(table.tableName());
    status.setRoleArn(table.roleArn().orElse(null));
    if (run.backup().getSpec().getBackupArn() != null) {
      return adopt(run, table);
    }
    TableObservation observed = observe(table);
    TableTargetResolver.verifyAnswer(table, observed.tableArn());
    status.setTableArn(observed.tableArn());
    status.setTableId(observed.table().tableId());
    status.setItemCount(observed.table().itemCount());
    status.setSettings(settings.capture(table, observed.table(), observed.pitr().recoveryPeriodDays()));
    return request.ask(run, table);
  }

  private TableObservation observe(TableTarget table) {
    try {
      return pitr.observe(table);
    } catch (AwsFailure failure) {
      if (failure.kind() == AwsFailure.Kind.TABLE_NOT_FOUND) {
        throw new BackupFailure(SharedReason.TableNotFound, table + " does not exist, so there is nothing to back "
            + "up; check the ProtectedTable");
      }
      throw failure;
    }
  }

  /** spec.backupArn: only a backup of this ProtectedTable's own table, as AWS describes it. */
  private Step adopt(BackupContext run, TableTarget table) {
    TableBackup backup = run.backup();
    String arn = backup.getSpec().getBackupArn();
    String ofTable = arn.substring(0, arn.indexOf("/backup/"));
    String ref = run.namespace() + "/" + backup.getSpec().getProtectedTableRef();
    if (!ofTable.equals(table.arn())) {
      throw new BackupFailure(BackupReason.BackupNotOfThisTable, "spec.backupArn is a backup of " + ofTable
          + ", but ProtectedTable " + ref + " protects " + table.arn() + ": a TableBackup adopts only backups of "
          + "its own ProtectedTable's table. Nothing was read; name the right ProtectedTable or backup");
    }
    BackupDescription described = backups.describe(table, arn).orElseThrow(() -> new BackupFailure(
        SharedReason.BackupNotFound, "AWS has no backup " + arn + ": check spec.backupArn"));
    String answered = described.sourceTableDetails().tableArn();
    if (!table.arn().equals(answered)) {
      throw new BackupFailure(BackupReason.BackupNotOfThisTable, "AWS says backup " + arn + " is of " + answered
          + ", not of " + table.arn() + " which ProtectedTable " + ref + " protects; it is not adopted");
    }
    TableBackupStatus status = run.status();
    status.setAdopted(true);
    status.setTableArn(answered);
    status.setTableId(described.sourceTableDetails().tableId());
    status.setItemCount(described.sourceTableDetails().itemCount());
    status.setBackupName(described.backupDetails().backupName());
    BackupRequest.record(status, arn, described.backupDetails().backupCreationDateTime(),
        described.backupDetails().backupSizeBytes());
    recorder.progress(backup, BackupPhase.Creating, BackupReason.BackupRequested, "adopting backup " + arn);
    return Step.nextPhaseNow();
  }
}
