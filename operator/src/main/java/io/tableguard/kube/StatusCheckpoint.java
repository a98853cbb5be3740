package io.tableguard.kube;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

/**
 * Writes a resource's status in the middle of a reconcile, before an AWS call whose effect the status must
 * already explain (a restore's request before the restore call, the answer before the tag calls), and updates the
 * cache so the next reconcile starts from it. Any kind whose status is its memory uses it the same way.
 *
 * <p>The apply carries the resourceVersion the reconcile decided on, so the API server refuses it (409 Conflict)
 * when anyone wrote the resource since: a writer with a stale view (an old leader still running for a moment, a
 * reconcile on a cache that lags) must not set an older phase over a newer one. The conflict ends the reconcile
 * before the AWS call; JOSDK runs it again on the newer resource, which decides afresh. (JOSDK's
 * PrimaryUpdateAndCacheUtils would apply the same stale status again on the newer resourceVersion.)
 */
public final class StatusCheckpoint {
  private StatusCheckpoint() {}

  public static <S, R extends CustomResource<?, S>> void write(R resource, Context<R> context) {
    R statusOnly = emptyLike(resource);
    statusOnly.getMetadata().setName(resource.getMetadata().getName());
    statusOnly.getMetadata().setNamespace(resource.getMetadata().getNamespace());
    statusOnly.getMetadata().setResourceVersion(resource.getMetadata().getResourceVersion());
    statusOnly.setStatus(resource.getStatus());
    R written = context.getClient().resource(statusOnly).subresource("status")
        .patch(new PatchContext.Builder().withPatchType(PatchType.SERVER_SIDE_APPLY).withForce(true)
            .withFieldManager(context.getControllerConfiguration().fieldManager()).build());
    context.eventSourceRetriever().getControllerEventSource()
        .handleRecentResourceUpdate(ResourceID.fromResource(resource), written, resource);
    resource.getMetadata().setResourceVersion(written.getMetadata().getResourceVersion());
  }

  /** A new resource of the same kind: the apply carries name, namespace, resourceVersion and status only. */
  @SuppressWarnings("unchecked")
  private static <R extends CustomResource<?, ?>> R emptyLike(R resource) {
    try {
      return (R) resource.getClass().getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("a custom resource class has a public no-argument constructor", e);
    }
  }
}
