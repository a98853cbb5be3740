package io.tableguard.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * tableguard_build_info{version}, always 1: the one series every running operator exports from its start,
 * whatever resources exist, so that an alert can tell "no operator" by its absence and dashboards can show
 * which version runs.
 */
public final class BuildInfo {
  private BuildInfo() {}

  public static void register(MeterRegistry registry) {
    String version = BuildInfo.class.getPackage().getImplementationVersion();
    Gauge.builder("tableguard.build.info", () -> 1)
        .description("Always 1; the version label says which tableguard runs")
        .tag("version", version == null ? "unknown" : version)
        .register(registry);
  }
}
