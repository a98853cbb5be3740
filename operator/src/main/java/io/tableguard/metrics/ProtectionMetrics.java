package io.tableguard.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-ProtectedTable metrics. Labels are namespace, name and table: one series per resource, removed when
 * the resource goes, so cardinality follows the number of resources and never the number of requests.
 */
public class ProtectionMetrics {
  private static final String DRIFT_DETECTED = "tableguard.drift.detected";
  private static final String DRIFT_CORRECTED = "tableguard.drift.corrected";
  private static final String HISTORY_LOST = "tableguard.pitr.history.lost";

  private final MeterRegistry registry;
  private final Map<String, ResourceGauges> gauges = new ConcurrentHashMap<>();

  public ProtectionMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * Publishes what the last check saw and how often the resource is checked. A missing time is exported as
   * NaN rather than a stale value.
   */
  public void observed(String namespace, String name, String table, Duration checkInterval, boolean enabled,
      Optional<Instant> earliest, Optional<Instant> latest) {
    ResourceGauges g = gauges.computeIfAbsent(namespace + "/" + name, k -> new ResourceGauges(namespace, name, table));
    g.checkInterval = checkInterval.toMillis() / 1000.0;
    g.enabled = enabled ? 1 : 0;
    g.earliest = earliest.map(i -> (double) i.getEpochSecond()).orElse(Double.NaN);
    g.latest = latest.map(i -> (double) i.getEpochSecond()).orElse(Double.NaN);
  }

  public void driftDetected(String namespace, String name, String table) {
    counter(DRIFT_DETECTED, namespace, name, table).increment();
  }

  public void driftCorrected(String namespace, String name, String table) {
    counter(DRIFT_CORRECTED, namespace, name, table).increment();
  }

  public void historyLost(String namespace, String name, String table) {
    counter(HISTORY_LOST, namespace, name, table).increment();
  }

  /** Drops every series of a deleted resource. */
  public void forget(String namespace, String name) {
    ResourceGauges g = gauges.remove(namespace + "/" + name);
    if (g != null) {
      g.meters.forEach(registry::remove);
    }
    // A table renamed in the spec leaves counters under its old table label: those go too.
    registry.getMeters().stream()
        .filter(m -> List.of(DRIFT_DETECTED, DRIFT_CORRECTED, HISTORY_LOST).contains(m.getId().getName()))
        .filter(m -> namespace.equals(m.getId().getTag("namespace")) && name.equals(m.getId().getTag("name")))
        .forEach(registry::remove);
  }

  private Counter counter(String metric, String namespace, String name, String table) {
    Counter.Builder builder = Counter.builder(metric).tags(tags(namespace, name, table));
    return (switch (metric) {
      case DRIFT_DETECTED -> builder.description("PITR found changed outside the operator");
      case DRIFT_CORRECTED -> builder.description("PITR drift the operator put back");
      default -> builder.description("Times the table's restorable window was found restarted: the history "
          + "before the new earliest restorable time is gone");
    }).register(registry);
  }

  private static Tags tags(String namespace, String name, String table) {
    return Tags.of("namespace", namespace, "name", name, "table", table);
  }

  private final class ResourceGauges {
    volatile double checkInterval = Double.NaN;
    volatile double enabled;
    volatile double earliest = Double.NaN;
    volatile double latest = Double.NaN;
    final List<Meter> meters = new ArrayList<>();

    ResourceGauges(String namespace, String name, String table) {
      Tags tags = tags(namespace, name, table);
      meters.add(Gauge.builder("tableguard.pitr.enabled", this, g -> g.enabled)
          .description("1 while the table's point-in-time recovery is on, 0 while it is off")
          .tags(tags).register(registry));
      meters.add(Gauge.builder("tableguard.pitr.earliest.restorable.timestamp", this, g -> g.earliest)
          .description("Earliest second the table can be restored to, as Unix time")
          .baseUnit("seconds").tags(tags).register(registry));
      meters.add(Gauge.builder("tableguard.pitr.latest.restorable.timestamp", this, g -> g.latest)
          .description("Latest second the table can be restored to, as Unix time")
          .baseUnit("seconds").tags(tags).register(registry));
      meters.add(Gauge.builder("tableguard.check.interval", this, g -> g.checkInterval)
          .description("The resource's spec.checkInterval: alerts derive from it how old the last check and the "
              + "latest restorable time may be")
          .baseUnit("seconds").tags(tags).register(registry));
      // Counters start at 0 with the resource: increase() in an alert misses a series born at 1.
      for (String counter : List.of(DRIFT_DETECTED, DRIFT_CORRECTED, HISTORY_LOST)) {
        meters.add(counter(counter, namespace, name, table));
      }
    }
  }
}
