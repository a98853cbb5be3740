package io.tableguard.restore;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.tableguard.kube.StatusCheckpoint;
import io.tableguard.model.restore.TableRestore;
import io.tableguard.model.restore.TableRestoreStatus;
import java.util.function.Supplier;

/**
 * One reconcile of one TableRestore, handed to the handler of its phase: the resource (whose status the handler
 * changes) and JOSDK's context (its client and caches).
 */
record RestoreContext(TableRestore restore, Context<TableRestore> kube) {

  TableRestoreStatus status() {
    return restore.getStatus();
  }

  /**
   * The exactly-once rule: the status, with what the call is about to do on record, is written before a call that
   * cannot be undone (a restore request, a write whose answer must be kept). A restart from any point then finds
   * the record and looks for the call's effect instead of calling again; a stale writer's checkpoint is refused
   * (409) before the call.
   */
  <T> T checkpointThen(Supplier<T> irreversibleCall) {
    checkpoint();
    return irreversibleCall.get();
  }

  /** Writes the status now (see {@link #checkpointThen}); the cache sees it at once. */
  void checkpoint() {
    StatusCheckpoint.write(restore, kube);
  }
}
