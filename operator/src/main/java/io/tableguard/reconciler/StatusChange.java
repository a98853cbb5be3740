package io.tableguard.reconciler;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.tableguard.model.TableRestore;
import io.tableguard.model.TableRestoreStatus;

/**
 * A TableRestore's status is applied only when a reconcile changed it: one that waits (for its source, for a
 * slot) decides the same again each time it is looked at, and applying that again would cost the API server a
 * write for nothing. Compared as the API server stores it (JSON), so a field the model gains is compared too; a
 * condition's lastTransitionTime moves only when the condition flips, so a re-asserted condition is no change.
 */
final class StatusChange {
  private StatusChange() {}

  static UpdateControl<TableRestore> patchIfChanged(TableRestore restore, TableRestoreStatus before,
      Context<TableRestore> context) {
    KubernetesSerialization json = context.getClient().getKubernetesSerialization();
    boolean unchanged = before != null && json.asJson(before).equals(json.asJson(restore.getStatus()));
    return unchanged ? UpdateControl.noUpdate() : UpdateControl.patchStatus(restore);
  }
}
