package io.tableguard.kube;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

/**
 * A status is applied only when a reconcile changed it: a resource that waits (for its source, for a slot)
 * decides the same again each time it is looked at, and applying that again would cost the API server a write
 * for nothing. Compared as the API server stores it (JSON), so a field the model gains is compared too; a
 * condition's lastTransitionTime moves only when the condition flips, so a re-asserted condition is no change.
 */
public final class StatusChange {
  private StatusChange() {}

  public static <S, R extends CustomResource<?, S>> UpdateControl<R> patchIfChanged(R resource, S before,
      Context<R> context) {
    KubernetesSerialization json = context.getClient().getKubernetesSerialization();
    boolean unchanged = before != null && json.asJson(before).equals(json.asJson(resource.getStatus()));
    return unchanged ? UpdateControl.noUpdate() : UpdateControl.patchStatus(resource);
  }
}
