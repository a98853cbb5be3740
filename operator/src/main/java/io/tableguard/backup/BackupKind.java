package io.tableguard.backup;

import io.tableguard.aws.BackupGateway;
import io.tableguard.aws.RestoreGateway;
import io.tableguard.kind.Floors;
import io.tableguard.kind.Kind;
import io.tableguard.kube.AwsFailureHandling;
import io.tableguard.kube.RetryBackoff;
import io.tableguard.metrics.BackupMetrics;
import java.time.Duration;
import java.util.List;

/** TableBackup: one on-demand backup of a protected table, made exactly once, kept beyond PITR's 35 days. */
public final class BackupKind implements Kind {
  @Override
  public void register(Floors floors, Controllers controllers) {
    BackupStatusRecorder recorder = new BackupStatusRecorder(floors.events(), new BackupMetrics(floors.registry()),
        floors.clock());
    BackupGateway backups = new BackupGateway(floors.aws(), floors.calls());
    BackupSource source = new BackupSource(floors.resolver(), floors.cluster(), recorder);
    BackupRequest request = new BackupRequest(backups, recorder, floors.clock());
    AwsFailureHandling failures = new AwsFailureHandling(new RetryBackoff(Duration.ofSeconds(2)));
    controllers.register(new TableBackupReconciler(source, floors.installs(), recorder, failures, List.of(
        new PendingPhase(source, floors.pitr(), new RestoreGateway(floors.aws(), floors.calls()), backups, request,
            recorder),
        new CreatingPhase(source, backups, request, recorder, floors.clock(),
            floors.settings().backupListingWindow())),
        new BackupCleanup(source, backups, recorder, failures)));
  }
}
