package io.tableguard.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
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
  private final MeterRegistry registry;
  private final Map<String, ResourceGauges> gauges = new ConcurrentHashMap<>();

  public ProtectionMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Publishes what the last check saw. A missing time is exported as NaN rather than a stale value. */
  public void observed(String namespace, String name, String table, boolean enabled, Optional<Instant> earliest,
      Optional<Instant> latest) {
    ResourceGauges g = gauges.computeIfAbsent(namespace + "/" + name, k -> new ResourceGauges(namespace, name, table));
    g.enabled = enabled ? 1 : 0;
    g.earliest = earliest.map(i -> (double) i.getEpochSecond()).orElse(Double.NaN);
    g.latest = latest.map(i -> (double) i.getEpochSecond()).orElse(Double.NaN);
  }

  public void driftDetected(String namespace, String name, String table) {
    counter("tableguard.drift.detected", "PITR found changed outside the operator", namespace, name, table)
        .increment();
  }

  public void driftCorrected(String namespace, String name, String table) {
    counter("tableguard.drift.corrected", "PITR drift the operator put back", namespace, name, table).increment();
  }

  /** Drops every series of a deleted resource. */
  public void forget(String namespace, String name) {
    ResourceGauges g = gauges.remove(namespace + "/" + name);
    if (g != null) {
      g.meters.forEach(registry::remove);
    }
    registry.getMeters().stream()
        .filter(m -> m.getId().getName().startsWith("tableguard.drift."))
        .filter(m -> namespace.equals(m.getId().getTag("namespace")) && name.equals(m.getId().getTag("name")))
        .forEach(registry::remove);
  }

  private Counter counter(String metric, String help, String namespace, String name, String table) {
    return Counter.builder(metric).description(help).tags(tags(namespace, name, table)).register(registry);
  }

  private static Tags tags(String namespace, String name, String table) {
    return Tags.of("namespace", namespace, "name", name, "table", table);
  }

  private final class ResourceGauges {
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
    }
  }
}
