package io.tableguard.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * On-demand backups by outcome, and when each protected table last got an available backup: what the "backup
 * missed" and "backup failing" alerts read.
 */
public class BackupMetrics {
  /**
   * Every outcome a TableBackup can end with, its AWS backup meet when it is deleted, or a schedule's retention
   * meet when it prunes one.
   */
  public enum Outcome { available, failed, deleted, retained, pruned, prune_failed }

  private final MeterRegistry registry;
  /** By namespace/name/table of the ProtectedTable: the newest creation time of an available backup. */
  private final Map<String, AtomicLong> lastSuccess = new ConcurrentHashMap<>();
  /** By namespace/name of the schedule: its next scheduled instant. */
  private final Map<String, AtomicLong> nextRuns = new ConcurrentHashMap<>();

  public BackupMetrics(MeterRegistry registry) {
    this.registry = registry;
    // Every outcome starts at 0: increase() in an alert misses a series born at 1, such as the first failure.
    List.of(Outcome.values()).forEach(o -> counter(o));
  }

  public void ended(Outcome outcome) {
    counter(outcome).increment();
  }

  /** A backup of the ProtectedTable's table became (or was found) available; only a newer one moves the gauge. */
  public void available(String namespace, String protectedTable, String table, Instant createdAt) {
    lastSuccess.computeIfAbsent(namespace + "/" + protectedTable + "/" + table, key -> {
      AtomicLong value = new AtomicLong();
      Gauge.builder("tableguard.backup.last.success.timestamp", value, AtomicLong::get)
          .description("Creation time of the newest available backup tableguard made or adopted of a protected "
              + "table, as Unix time")
          .baseUnit("seconds")
          // The labels of the ProtectedTable's own series (tableguard_pitr_enabled), so that alerts can join them.
          .tags("namespace", namespace, "name", protectedTable, "table", table)
          .register(registry);
      return value;
    }).accumulateAndGet(createdAt.getEpochSecond(), Math::max);
  }

  /** When a schedule makes its next backup, as Unix time; no series while it is suspended or has no next run. */
  public void nextSchedule(String namespace, String schedule, Optional<Instant> next) {
    String key = namespace + "/" + schedule;
    if (next.isEmpty()) {
      AtomicLong gone = nextRuns.remove(key);
      if (gone != null) {
        registry.find("tableguard.backup.schedule.next.timestamp").tags("namespace", namespace, "name", schedule)
            .meters().forEach(registry::remove);
      }
      return;
    }
    nextRuns.computeIfAbsent(key, k -> {
      AtomicLong value = new AtomicLong();
      Gauge.builder("tableguard.backup.schedule.next.timestamp", value, AtomicLong::get)
          .description("When a TableBackupSchedule makes its next backup, as Unix time")
          .baseUnit("seconds")
          .tags("namespace", namespace, "name", schedule)
          .register(registry);
      return value;
    }).set(next.get().getEpochSecond());
  }

  /** The schedule is gone: its series goes. */
  public void forgetSchedule(String namespace, String schedule) {
    nextSchedule(namespace, schedule, Optional.empty());
  }

  private Counter counter(Outcome outcome) {
    return Counter.builder("tableguard.backups").description("TableBackups ended, and AWS backups deleted or kept "
        + "when their TableBackup was deleted, by outcome").tags("outcome", outcome.name()).register(registry);
  }
}
