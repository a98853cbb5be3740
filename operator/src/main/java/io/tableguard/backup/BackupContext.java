package io.tableguard.backup;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.tableguard.kube.StatusCheckpoint;
import io.tableguard.model.backup.TableBackup;
import io.tableguard.model.backup.TableBackupStatus;
import java.util.function.Supplier;

/** One reconcile of one TableBackup, handed to the handler of its phase. */
record BackupContext(TableBackup backup, Context<TableBackup> kube) {

  TableBackupStatus status() {
    return backup.getStatus();
  }

  String namespace() {
    return backup.getMetadata().getNamespace();
  }

  String name() {
    return backup.getMetadata().getName();
  }

  /**
   * The exactly-once rule: the status, with the backup's name and when it was asked for, is written before
   * CreateBackup; a restart finds the record and looks for the backup by that name before it ever asks again.
   */
  <T> T checkpointThen(Supplier<T> irreversibleCall) {
    StatusCheckpoint.write(backup, kube);
    return irreversibleCall.get();
  }
}
