package io.tableguard.sandbox;

import io.tableguard.sandbox.IncidentScenario.Result;
import java.io.IOException;
import java.io.PrintStream;

/** The short report the sandbox ends with. */
final class Report {
  private final Timeline timeline;
  private final Result result;
  private final LocalCluster cluster;
  private final int metricsPort;
  private final int probePort;

  Report(Timeline timeline, Result result, LocalCluster cluster, int metricsPort, int probePort) {
    this.timeline = timeline;
    this.result = result;
    this.cluster = cluster;
    this.metricsPort = metricsPort;
    this.probePort = probePort;
  }

  void print(PrintStream out) throws IOException, InterruptedException {
    out.println();
    out.println("== tableguard sandbox: an accidental delete, undone to the second, then repaired in place ==");
    out.println();
    out.println("Timeline");
    timeline.print(out);
    out.println();
    out.println("kubectl get protectedtables,tablerestores");
    cluster.kubectl("get", "protectedtables,tablerestores", "-n", IncidentScenario.NAMESPACE).lines()
        .forEach(l -> out.println("  " + l));
    out.println();
    out.println("Items");
    out.printf("  %-16s %6d  (%d written, %d deleted by the incident)%n", IncidentScenario.TABLE,
        result.sourceCount(), result.ordersWritten(), result.ordersDeleted());
    out.printf("  %-16s %6d  (restored to %s, the second before the incident)%n", IncidentScenario.RESTORED,
        result.restoredCount(), result.goodSecond());
    var items = result.repair().getStatus().getItems();
    out.printf("  %-16s %6d  after the repair in place: %d orders back in %s itself, %d new orders kept%n",
        IncidentScenario.TABLE, result.repairedCount(), items == null ? 0 : items.getWritten(),
        IncidentScenario.TABLE, IncidentScenario.PLACED_SINCE);
    if (items != null) {
      out.printf("Repair %s: phase %s; %d examined: %d written, %d unchanged, %d left as the application wrote them,"
          + " %d skipped as changed meanwhile; %d shards by copy Job %s%n", IncidentScenario.REPAIR_NAME,
          result.repair().getStatus().getPhase(), items.getScanned(), items.getWritten(), items.getUnchanged(),
          items.getSkippedExisting(), items.getSkippedChanged(), items.getShards(), items.getJobName());
    }
    var status = result.restore().getStatus();
    out.println();
    out.printf("Restore %s: phase %s in %ss; settings: %s%n", IncidentScenario.RESTORE_NAME, status.getPhase(),
        status.getDurationSeconds(), status.getAppliedSettings().stream()
            .map(a -> a.getName() + "=" + a.getResult()).toList());
    out.printf("Metrics: http://127.0.0.1:%d/metrics   probes: http://127.0.0.1:%d/healthz /readyz   total time "
        + "%.1fs%n", metricsPort, probePort, timeline.elapsed().toMillis() / 1000.0);
  }
}
