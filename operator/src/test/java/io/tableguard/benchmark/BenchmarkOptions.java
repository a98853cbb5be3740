package io.tableguard.benchmark;

import io.tableguard.model.protection.CheckInterval;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The benchmark's flags, read from {@code -Dbenchmark.NAME} system properties. The pom passes each one through as
 * {@code -Dbenchmark.NAME=${benchmark.NAME}}; Maven leaves an unset property as the literal {@code ${...}}, which
 * counts as unset here, so that every flag has its default in one place: this class.
 *
 * <p>{@code benchmark.sizes}, {@code benchmark.events} and {@code benchmark.baseline} choose the runs: with none of
 * them the whole benchmark runs; with any of them, only the runs they name, so {@code -Dbenchmark.sizes=100} runs that
 * one size alone.
 *
 * @param pollingRuns the polling-only runs, in order ({@code benchmark.sizes}, e.g. {@code 100,1000,3000,3000@10}:
 *     TABLES or TABLES@BUDGET)
 * @param eventRun the run with change events on ({@code benchmark.events}, e.g. {@code 10000}), or none
 * @param baselineTables tables of the naive shell loop ({@code benchmark.baseline}), 0 for none
 * @param defaultBudget DescribeContinuousBackups calls a second for runs without {@code @budget}
 * @param interval checkInterval of the polling runs
 * @param eventsInterval checkInterval of the run with events
 * @param window how long the steady state of a polling run is watched after all are Ready
 * @param eventDriftSpread over how long the event run's tables are turned off, one at a random moment each
 * @param heap the operator JVM's fixed -Xmx
 * @param seed picks the drifted tables and their moments
 */
record BenchmarkOptions(List<Run> pollingRuns, Optional<Run> eventRun, int baselineTables, double defaultBudget,
    Duration interval, Duration eventsInterval, Duration window, Duration eventDriftSpread, String heap, long seed) {

  /** DescribeContinuousBackups' budget the operator is given unless a run names another (the operator's default). */
  static final double DEFAULT_BUDGET = 8;

  /** N ProtectedTables, with the operator's DescribeContinuousBackups budget at so many calls a second. */
  record Run(int tables, double budget) {
    /** {@code 3000} or {@code 3000@10}. */
    static Run parse(String text, double defaultBudget) {
      String[] parts = text.strip().split("@");
      int tables = Integer.parseInt(parts[0].strip());
      double budget = parts.length > 1 ? Double.parseDouble(parts[1].strip()) : defaultBudget;
      if (tables < 1 || budget <= 0 || parts.length > 2) {
        throw new IllegalArgumentException("not TABLES or TABLES@BUDGET: " + text);
      }
      return new Run(tables, budget);
    }

    @Override
    public String toString() {
      return tables + "@" + Format.rate(budget);
    }
  }

  static BenchmarkOptions fromSystemProperties() {
    double budget = Double.parseDouble(flag("budget", Format.rate(DEFAULT_BUDGET)));
    Duration interval = CheckInterval.parse(flag("interval", "5m"));
    // Without any of these three the whole benchmark runs; naming one runs only what is named.
    boolean chosen = isSet("sizes") || isSet("events") || isSet("baseline");
    List<Run> polling = runs(flag("sizes", chosen ? "none" : "100,1000,3000,3000@10"), budget);
    List<Run> events = runs(flag("events", chosen ? "none" : "10000"), budget);
    if (events.size() > 1) {
      throw new IllegalArgumentException("benchmark.events takes one size, not " + events);
    }
    return new BenchmarkOptions(polling, events.stream().findFirst(),
        Integer.parseInt(flag("baseline", chosen ? "0" : "100")),
        budget, interval, CheckInterval.parse(flag("eventsInterval", "1h")),
        CheckInterval.parse(flag("window", Format.goDuration(interval))),
        CheckInterval.parse(flag("eventDriftSpread", "2m")), flag("heap", "512m"),
        Long.parseLong(flag("seed", "1")));
  }

  /** The flags as they were given, for the report: running them again gives the same runs. */
  String asFlags() {
    return String.join(" ", "-Dbenchmark.sizes=" + (pollingRuns.isEmpty() ? "none" : join(pollingRuns)),
        "-Dbenchmark.events=" + eventRun.map(Run::toString).orElse("none"),
        "-Dbenchmark.baseline=" + baselineTables,
        "-Dbenchmark.interval=" + Format.goDuration(interval),
        "-Dbenchmark.eventsInterval=" + Format.goDuration(eventsInterval),
        "-Dbenchmark.window=" + Format.goDuration(window),
        "-Dbenchmark.eventDriftSpread=" + Format.goDuration(eventDriftSpread),
        "-Dbenchmark.heap=" + heap, "-Dbenchmark.seed=" + seed);
  }

  private static String join(List<Run> runs) {
    return String.join(",", runs.stream().map(Run::toString).toList());
  }

  private static List<Run> runs(String text, double defaultBudget) {
    List<Run> runs = new ArrayList<>();
    if (text.isBlank() || text.strip().toLowerCase(Locale.ROOT).equals("none") || text.strip().equals("0")) {
      return runs;
    }
    for (String part : text.split(",")) {
      runs.add(Run.parse(part, defaultBudget));
    }
    return List.copyOf(runs);
  }

  private static String flag(String name, String fallback) {
    return isSet(name) ? System.getProperty("benchmark." + name).strip() : fallback;
  }

  private static boolean isSet(String name) {
    String value = System.getProperty("benchmark." + name);
    return value != null && !value.isBlank() && !value.startsWith("${");
  }
}
