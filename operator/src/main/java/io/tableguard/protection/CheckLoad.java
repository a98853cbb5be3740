package io.tableguard.protection;

import io.tableguard.metrics.CheckBudgetMetrics;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the ProtectedTables of each account and region ask of AWS's DescribeContinuousBackups budget: one call per
 * resource per checkInterval. When that is more than the budget, checks cannot keep their intervals; rather than
 * lag silently the operator says so (a gauge, and one log line each time an account goes over) with the interval
 * that would fit.
 */
public class CheckLoad {
  private static final Logger log = LoggerFactory.getLogger(CheckLoad.class);

  private record Demand(String accountRegion, double callsPerSecond) {}

  private final double budgetPerSecond;
  private final CheckBudgetMetrics metrics;
  private final Map<String, Demand> byResource = new ConcurrentHashMap<>();
  private final Map<String, Boolean> overBudget = new ConcurrentHashMap<>();

  public CheckLoad(double budgetPerSecond, CheckBudgetMetrics metrics) {
    this.budgetPerSecond = budgetPerSecond;
    this.metrics = metrics;
  }

  /** The resource is checked every {@code interval} in this account and region. */
  synchronized void checked(String uid, String accountRegion, Duration interval) {
    Demand before = byResource.put(uid, new Demand(accountRegion, 1000.0 / Math.max(1, interval.toMillis())));
    metrics.track(accountRegion, () -> utilization(accountRegion));
    if (before != null && !before.accountRegion().equals(accountRegion)) {
      releaseWhenUnused(before.accountRegion());
    }
    warnWhenOver(accountRegion);
  }

  /** The resource is gone; an account and region no resource checks any more loses its series. */
  synchronized void forget(String uid) {
    Demand gone = byResource.remove(uid);
    if (gone != null) {
      releaseWhenUnused(gone.accountRegion());
    }
  }

  private void releaseWhenUnused(String accountRegion) {
    if (byResource.values().stream().noneMatch(d -> d.accountRegion().equals(accountRegion))) {
      metrics.untrack(accountRegion);
      overBudget.remove(accountRegion);
    }
  }

  double utilization(String accountRegion) {
    return byResource.values().stream().filter(d -> d.accountRegion().equals(accountRegion))
        .mapToDouble(Demand::callsPerSecond).sum() / budgetPerSecond;
  }

  private void warnWhenOver(String accountRegion) {
    double utilization = utilization(accountRegion);
    boolean over = utilization > 1;
    Boolean before = overBudget.put(accountRegion, over);
    if (over && !Boolean.TRUE.equals(before)) {
      long resources = byResource.values().stream().filter(d -> d.accountRegion().equals(accountRegion)).count();
      log.warn("{} ProtectedTables in {} need {} DescribeContinuousBackups calls a second, {}% of the budget of {}/s: "
          + "checks will come later than their checkInterval. A checkInterval of at least {}s fits, or raise "
          + "TABLEGUARD_AWS_DESCRIBE_CONTINUOUS_BACKUPS_PER_SECOND (AWS allows 10)", resources, accountRegion,
          String.format("%.1f", utilization * budgetPerSecond), Math.round(utilization * 100), budgetPerSecond,
          (long) Math.ceil(resources / budgetPerSecond));
    }
  }
}
