package io.tableguard.reconciler;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.tableguard.model.TableRestore;

/**
 * Writes a TableRestore's status in the middle of a reconcile, before an AWS call whose effect the status must
 * already explain (the request before the restore call, the answer before the tag calls), and updates the cache
 * so the next reconcile starts from it.
 */
final class StatusCheckpoint {
  private StatusCheckpoint() {}

  static void write(TableRestore restore, Context<TableRestore> context) {
    TableRestore statusOnly = new TableRestore();
    statusOnly.getMetadata().setName(restore.getMetadata().getName());
    statusOnly.getMetadata().setNamespace(restore.getMetadata().getNamespace());
    statusOnly.setStatus(restore.getStatus());
    TableRestore written = PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(restore, statusOnly, context);
    restore.getMetadata().setResourceVersion(written.getMetadata().getResourceVersion());
  }
}
