package io.tableguard.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Restore counts by outcome, their durations, how many run now and since when, and restored tables nobody can
 * claim.
 */
public class RestoreMetrics {
  private static final List<String> OUTCOMES = List.of("completed", "completed_with_warnings", "ownership_unproven",
      "failed");

  private final MeterRegistry registry;
  private final Set<String> inProgress = ConcurrentHashMap.newKeySet();
  private final DistributionSummary durations;
  /** One series per TableRestore whose table the operator cannot prove it created, keyed namespace/name. */
  private final Map<String, Gauge> unowned = new ConcurrentHashMap<>();
  /** One series per running TableRestore, keyed namespace/name. */
  private final Map<String, Gauge> started = new ConcurrentHashMap<>();
  /**
   * The TableRestores (by uid) already counted as ended: a reconcile whose terminal status write was refused (409)
   * runs again and ends the restore again, which must not count twice.
   */
  private final Set<String> ended = ConcurrentHashMap.newKeySet();

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
    // Every outcome starts at 0: increase() in an alert misses a series born at 1, such as the first failure.
    OUTCOMES.forEach(this::outcome);
  }

  /**
   * A restore runs (Restoring or ApplyingSettings), since the status's startTime when it has one; safe to call
   * again at every reconcile, which is how the series comes back after a restart.
   */
  public void running(String uid, String namespace, String name, Optional<Instant> since) {
    inProgress.add(uid);
    since.ifPresent(at -> started.computeIfAbsent(namespace + "/" + name, k -> Gauge.builder(
            "tableguard.restore.started.timestamp", () -> at.getEpochSecond())
        .description("When a running TableRestore started, as Unix time; only while it restores or applies "
            + "settings")
        .baseUnit("seconds")
        .tags("namespace", namespace, "name", name)
        .register(registry)));
  }

  /** The restore waits (Pending, Queued) or ended: it neither counts as running nor has a start gauge. */
  public void notRunning(String uid, String namespace, String name) {
    inProgress.remove(uid);
    remove(started, namespace, name);
  }

  public void finished(String uid, String namespace, String name, String outcome, Duration took) {
    notRunning(uid, namespace, name);
    if (!ended.add(uid)) {
      return;
    }
    outcome(outcome).increment();
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

  /** The restored table it reported as unproven is no longer there to report. */
  public void forgetUnowned(String namespace, String name) {
    remove(unowned, namespace, name);
  }

  /** The TableRestore is gone: its series go too. */
  public void forget(String uid, String namespace, String name) {
    notRunning(uid, namespace, name);
    ended.remove(uid);
    forgetUnowned(namespace, name);
  }

  /**
   * Items of finished write-backs (item-level restores), by what happened to each: tableguard_writeback_items_total
   * {outcome="Written"|"Deleted"|"SkippedChanged"|...}. Per outcome, not per resource, so it stays small.
   */
  public void itemsWrittenBack(String outcome, long count) {
    if (count > 0) {
      Counter.builder("tableguard.writeback.items").description("Items of finished item-level restores, by outcome")
          .tag("outcome", outcome).register(registry).increment(count);
    }
  }

  private Counter outcome(String outcome) {
    return Counter.builder("tableguard.restores").description("TableRestores that ended, by outcome")
        .tag("outcome", outcome).register(registry);
  }

  private void remove(Map<String, Gauge> series, String namespace, String name) {
    Gauge gauge = series.remove(namespace + "/" + name);
    if (gauge != null) {
      registry.remove(gauge);
    }
  }
}
