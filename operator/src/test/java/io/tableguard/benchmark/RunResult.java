package io.tableguard.benchmark;

import io.tableguard.benchmark.BenchmarkOptions.Run;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What one run measured, filled in as it goes: a run that fails half-way still reports what it got, and a field
 * left null means the run did not get that far ({@link #failure} says why).
 */
final class RunResult {
  final Run run;
  final Duration checkInterval;
  final boolean events;

  /** From the first create of a ProtectedTable until the last one was seen Ready; null when not all became Ready. */
  Duration allReady;
  int ready;
  /** From all Ready until the routine checks settled and the steady window began (polling runs). */
  Duration settled;
  /** The operator's calls in the steady window (polling runs). */
  CallCounts steadyCalls;
  /** ThrottlingExceptions the emulator answered the operator, by operation, over the operator's whole life. */
  Map<String, Long> throttledForOperator;
  /** Resources whose status mentioned throttling at any time, to the first such status. */
  Map<String, String> throttlingShown;
  /** The operator's own gauge at the end of the steady window. */
  Double budgetUtilization;
  Long peakRssKib;
  ProcessStats.Heap heapAtEnd;
  ProcessStats.Heap liveHeap;
  Double cpuSecondsPerHour;
  DriftProbe.Latencies drift;
  /** Change events the emulator sent to the queue after the queue was emptied of the table creations. */
  Long eventsSent;
  String operatorJvm;
  String operatorLog;
  /** Every AWS call of the operator in this run, one line each. */
  Path callLog;
  String failure;

  RunResult(Run run, Duration checkInterval, boolean events) {
    this.run = run;
    this.checkInterval = checkInterval;
    this.events = events;
  }

  /** What DescribeContinuousBackups' budget allows at best: one call per table (a first check needs one). */
  Duration floor() {
    return Duration.ofMillis(Math.round(run.tables() / run.budget() * 1000));
  }

  Optional<Double> ratio() {
    return Optional.ofNullable(allReady).map(d -> d.toMillis() / (double) floor().toMillis());
  }

  /** Counts now minus counts before, per operation, leaving out operations that did not change. */
  static Map<String, Long> since(Map<String, Long> before, Map<String, Long> now) {
    Map<String, Long> delta = new TreeMap<>();
    now.forEach((op, n) -> {
      long d = n - before.getOrDefault(op, 0L);
      if (d != 0) {
        delta.put(op, d);
      }
    });
    return delta;
  }
}
