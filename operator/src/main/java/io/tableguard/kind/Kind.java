package io.tableguard.kind;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;

/**
 * A kind of resource the operator serves (ProtectedTable, TableRestore, ...): one package above the floors, which
 * registers its controllers itself. Adding a kind is its package and one entry in {@code TableguardOperator}'s list.
 */
public interface Kind {

  /** Registers the kind's controllers, built on the shared floors. */
  void register(Floors floors, Controllers controllers);

  /** Where a kind registers a controller; the operator applies what every controller shares (its namespaces). */
  @FunctionalInterface
  interface Controllers {
    <R extends HasMetadata> void register(Reconciler<R> reconciler);
  }
}
