package io.tableguard.reconciler;

import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.tableguard.model.TableRestore;

/**
 * Writes a TableRestore's status in the middle of a reconcile, before an AWS call whose effect the status must
 * already explain (the request before the restore call, the answer before the tag calls), and updates the cache
 * so the next reconcile starts from it.
 *
 * <p>The apply carries the resourceVersion the reconcile decided on, so the API server refuses it (409 Conflict)
 * when anyone wrote the resource since: a writer with a stale view (an old leader still running for a moment, a
 * reconcile on a cache that lags) must not set an older phase over a newer one. The conflict ends the reconcile
 * before the AWS call; JOSDK runs it again on the newer resource, which decides afresh. (JOSDK's
 * PrimaryUpdateAndCacheUtils would apply the same stale status again on the newer resourceVersion.)
 */
final class StatusCheckpoint {
  private StatusCheckpoint() {}

  static void write(TableRestore restore, Context<TableRestore> context) {
    TableRestore statusOnly = new TableRestore();
    statusOnly.getMetadata().setName(restore.getMetadata().getName());
    statusOnly.getMetadata().setNamespace(restore.getMetadata().getNamespace());
    statusOnly.getMetadata().setResourceVersion(restore.getMetadata().getResourceVersion());
    statusOnly.setStatus(restore.getStatus());
    TableRestore written = context.getClient().resource(statusOnly).subresource("status")
        .patch(new PatchContext.Builder().withPatchType(PatchType.SERVER_SIDE_APPLY).withForce(true)
            .withFieldManager(context.getControllerConfiguration().fieldManager()).build());
    context.eventSourceRetriever().getControllerEventSource()
        .handleRecentResourceUpdate(ResourceID.fromResource(restore), written, restore);
    restore.getMetadata().setResourceVersion(written.getMetadata().getResourceVersion());
  }
}
