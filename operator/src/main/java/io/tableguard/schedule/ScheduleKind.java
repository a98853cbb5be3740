package io.tableguard.schedule;

import io.tableguard.aws.BackupGateway;
import io.tableguard.kind.Floors;
import io.tableguard.kind.Kind;
import io.tableguard.metrics.BackupMetrics;

/** TableBackupSchedule: TableBackups on a cron schedule in a time zone, with grandfather-father-son retention. */
public final class ScheduleKind implements Kind {
  @Override
  public void register(Floors floors, Controllers controllers) {
    BackupMetrics metrics = new BackupMetrics(floors.registry());
    controllers.register(new TableBackupScheduleReconciler(floors.clock(), floors.settings().scheduleRecheck(),
        new Pruning(floors.resolver(), new BackupGateway(floors.aws(), floors.calls()), floors.events(), metrics),
        floors.events(), metrics));
  }
}
