package io.tableguard.benchmark;

import io.tableguard.benchmark.BenchmarkOptions.Run;
import io.tableguard.testsupport.KubeApi;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Polling only: N tables without PITR and N ProtectedTables, then, once all are Ready and the routine checks have
 * settled, a steady window of one checkInterval in which the operator's AWS calls and CPU time are counted while 1%
 * of the tables have PITR turned off at random moments of its first half (so each is put back, at worst one interval
 * later, soon after the window).
 */
final class PollingRun {
  /** The stretch over which the rate of checks is judged steady. */
  private static final Duration SETTLE_SAMPLE = Duration.ofSeconds(10);

  private PollingRun() {
  }

  static RunResult run(BenchmarkOptions options, Run run) {
    RunResult result = new RunResult(run, options.interval(), false);
    Console.progress("== polling: %s ProtectedTables, checkInterval %s, DescribeContinuousBackups budget %s/s ==",
        Format.count(run.tables()), Format.goDuration(options.interval()), Format.rate(run.budget()));
    List<String> tables = RunSteps.tableNames(run.tables());
    try (AwsWorld aws = AwsWorld.start(null)) {
      RunSteps.createTables(aws, tables);
      // Closed in reverse: the operator is gone before its ProtectedTables are removed, so it never acts on that.
      try (Fleet fleet = Fleet.inNewNamespace(KubeApi.shared(), "bench-" + run.tables());
          OperatorUnderTest operator = RunSteps.startOperator("benchmark-" + run, aws, fleet, run, options.heap(),
              Map.of())) {
        try {
          RunSteps.applyAndAwaitReady(fleet, operator, tables, options.interval(), result);
          steadyWindow(options, aws, operator, tables, result);
        } finally {
          RunSteps.tally(result, aws, fleet, operator);
        }
      }
    } catch (Exception | AssertionError e) {
      result.failure = e.toString();
      Console.progress("  run failed: %s", e);
    }
    return result;
  }

  private static void steadyWindow(BenchmarkOptions options, AwsWorld aws, OperatorUnderTest operator,
      List<String> tables, RunResult result) {
    Duration window = options.window();
    result.settled = settle(aws, operator, tables.size(), result.run.budget(), options.interval());
    Console.progress("steady window of %s; PITR turned off on 1%% of the tables in its first half",
        Format.goDuration(window));
    Instant start = Instant.now();
    ProcessStats.Sample before = operator.sample();
    try (DriftProbe drift = new DriftProbe(aws)) {
      int drifted = drift.start(tables, window.dividedBy(2), new Random(options.seed() + tables.size()));
      Instant end = start.plus(window);
      for (Duration left = window; left.compareTo(Duration.ZERO) > 0; ) {
        AwsWorld.sleep(min(RunSteps.PROGRESS_EVERY, left));
        operator.checkAlive();
        left = Duration.between(Instant.now(), end);
        if (left.compareTo(Duration.ZERO) > 0) {
          Console.progress("  %s of the window left", Format.seconds(left));
        }
      }
      ProcessStats.Sample after = operator.sample();
      Instant measuredEnd = Instant.now();
      result.steadyCalls = CallCounts.between(aws.operatorCalls(), start, measuredEnd, tables.size());
      result.cpuSecondsPerHour = (after.cpuSeconds() - before.cpuSeconds())
          / (Duration.between(start, measuredEnd).toMillis() / 3_600_000.0);
      result.heapAtEnd = ProcessStats.heap(operator.pid(), false);
      operator.metric("tableguard_check_budget_utilization", Map.of())
          .ifPresent(u -> result.budgetUtilization = u);
      Console.progress("  %s AWS calls per table per hour; waiting for the %d drifted table(s) to be put back",
          Format.decimal(result.steadyCalls.totalPerTablePerHour(), 1), drifted);
      // A check can come at most one interval after the drift (more when the budget cannot keep the intervals).
      result.drift = drift.await(drifted, options.interval().multipliedBy(2).plusMinutes(1));
      Console.progress("  drift put back: median %s, worst %s (%d of %d)",
          result.drift.median().map(Format::seconds).orElse("-"),
          result.drift.worst().map(Format::seconds).orElse("-"), result.drift.corrected().size(), drifted);
    }
  }

  /**
   * Waits until the routine checks that fell due while first checks went ahead of them have been made, at most one
   * interval: counted from the moment all were Ready, a window would include that backlog and overstate the steady
   * rate. Settled is when the last 10 s saw at most a little more DescribeContinuousBackups than the steady rate
   * (tables / interval, or the budget when that is less). Returns how long it took.
   */
  private static Duration settle(AwsWorld aws, OperatorUnderTest operator, int tables, double budget,
      Duration interval) {
    Instant ready = Instant.now();
    double perSecond = Math.min(tables * 1000.0 / interval.toMillis(), budget);
    double allowed = Math.max(1.2 * perSecond * SETTLE_SAMPLE.toSeconds(), perSecond * SETTLE_SAMPLE.toSeconds() + 3);
    AwsWorld.sleep(SETTLE_SAMPLE);
    while (Duration.between(ready, Instant.now()).compareTo(interval) < 0) {
      Instant now = Instant.now();
      long recent = aws.operatorCalls().stream().filter(c -> c.operation().equals("DescribeContinuousBackups")
          && c.at().isAfter(now.minus(SETTLE_SAMPLE))).count();
      if (recent <= allowed) {
        break;
      }
      operator.checkAlive();
      AwsWorld.sleep(Duration.ofSeconds(1));
    }
    Duration settled = Duration.between(ready, Instant.now());
    Console.progress("  routine checks settled %s after all were Ready", Format.seconds(settled));
    return settled;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
