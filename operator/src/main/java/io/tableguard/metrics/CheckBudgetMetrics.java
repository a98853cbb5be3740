package io.tableguard.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;

/**
 * {@code tableguard_check_budget_utilization{account_region}}: DescribeContinuousBackups calls per second the
 * ProtectedTables' intervals need, over the budget. Above 1 the checks cannot keep their intervals.
 */
public class CheckBudgetMetrics {
  private final MeterRegistry registry;
  private final Map<String, Gauge> gauges = new ConcurrentHashMap<>();

  public CheckBudgetMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Publishes the account and region's utilization, read from the supplier at each scrape. */
  public void track(String accountRegion, DoubleSupplier utilization) {
    gauges.computeIfAbsent(accountRegion, k -> Gauge.builder("tableguard.check.budget.utilization",
            utilization::getAsDouble)
        .description("DescribeContinuousBackups calls per second the checkIntervals need, over the budget")
        .tag("account_region", accountRegion)
        .register(registry));
  }

  /** No ProtectedTable checks this account and region any more: its series goes. */
  public void untrack(String accountRegion) {
    Gauge gauge = gauges.remove(accountRegion);
    if (gauge != null) {
      registry.remove(gauge);
    }
  }
}
