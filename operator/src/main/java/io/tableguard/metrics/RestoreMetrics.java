package io.tableguard.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Restore counts by outcome, their durations, how many run now, and restored tables nobody can claim. */
public class RestoreMetrics {
  private final MeterRegistry registry;
  private final Set<String> inProgress = ConcurrentHashMap.newKeySet();
  private final DistributionSummary durations;
  /** One series per TableRestore whose table the operator cannot prove it created, keyed namespace/name. */
  private final Map<String, Gauge> unowned = new ConcurrentHashMap<>();

  public RestoreMetrics(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("tableguard.restores.in.progress", inProgress, Set::size)
        .description("TableRestores restoring or applying settings now").register(registry);
    // Restores take minutes to hours: buckets from 1 minute to 12 hours.
    durations = DistributionSummary.builder("tableguard.restore.duration")
        .description("Time from the restore request to the completed restore")
        .baseUnit("seconds")
        .serviceLevelObjectives(60, 300, 600, 1800, 3600, 7200, 14400, 43200)
        .register(registry);
  }

  public void running(String uid, boolean running) {
    if (running) {
      inProgress.add(uid);
    } else {
      inProgress.remove(uid);
    }
  }

  public void finished(String uid, String outcome, Duration took) {
    inProgress.remove(uid);
    Counter.builder("tableguard.restores").description("TableRestores that ended, by outcome")
        .tag("outcome", outcome).register(registry).increment();
    if (took != null) {
      durations.record(took.toMillis() / 1000.0);
    }
  }

  /**
   * 1 while the TableRestore exists whose restored table the operator could not prove it created: a person
   * must decide whether to keep, configure or delete it. Safe to call again (after a restart).
   */
  public void unownedTable(String namespace, String name, String table) {
    unowned.computeIfAbsent(namespace + "/" + name, k -> Gauge.builder("tableguard.unowned.restored.tables", () -> 1)
        .description("Restored tables that answer a TableRestore's request but that the operator cannot prove it "
            + "created, so it never changes or deletes them")
        .tags("namespace", namespace, "name", name, "table", table)
        .register(registry));
  }

  /** The TableRestore is gone: its series goes too. */
  public void forget(String namespace, String name) {
    Gauge gauge = unowned.remove(namespace + "/" + name);
    if (gauge != null) {
      registry.remove(gauge);
    }
  }
}
