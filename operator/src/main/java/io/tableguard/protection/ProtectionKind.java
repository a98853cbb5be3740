package io.tableguard.protection;

import io.tableguard.kind.Floors;
import io.tableguard.kind.Kind;
import io.tableguard.kube.RetryBackoff;
import io.tableguard.metrics.CheckBudgetMetrics;
import io.tableguard.metrics.ProtectionMetrics;
import java.time.Duration;

/** ProtectedTable: keeps a table's PITR on as declared. */
public final class ProtectionKind implements Kind {
  @Override
  public void register(Floors floors, Controllers controllers) {
    ProtectionMetrics metrics = new ProtectionMetrics(floors.registry());
    controllers.register(new ProtectedTableReconciler(floors.resolver(), floors.pitr(),
        new ProtectionStatusRecorder(floors.events(), metrics, floors.clock(), floors.settings().installId()),
        floors.events(), metrics, new RetryBackoff(Duration.ofSeconds(2)), floors.cluster(), floors.installs(),
        new CheckLoad(floors.settings().awsBudget().describeContinuousBackupsPerSecond(),
            new CheckBudgetMetrics(floors.registry())),
        floors.clock()).wakingOn(floors.changes().orElse(null)));
  }
}
