package io.tableguard.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Restore counts by outcome, their durations, and how many run now. */
public class RestoreMetrics {
  private final MeterRegistry registry;
  private final Set<String> inProgress = ConcurrentHashMap.newKeySet();
  private final DistributionSummary durations;

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
}
