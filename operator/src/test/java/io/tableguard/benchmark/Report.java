package io.tableguard.benchmark;

import io.tableguard.benchmark.BenchmarkOptions.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The benchmark's Markdown: what ran where, one table per kind of run, and the notes that say how to read them. */
final class Report {
  static final String COMMAND = "mvn -B -q -pl operator test-compile exec:exec@benchmark";

  private final BenchmarkOptions options;
  private final Instant started;
  private final Duration took;
  private final ShellLoopBaseline.Result baseline;
  private final List<RunResult> polling;
  private final RunResult events;

  Report(BenchmarkOptions options, Instant started, Duration took, ShellLoopBaseline.Result baseline,
      List<RunResult> polling, RunResult events) {
    this.options = options;
    this.started = started;
    this.took = took;
    this.baseline = baseline;
    this.polling = polling;
    this.events = events;
  }

  String markdown() {
    StringBuilder md = new StringBuilder("## tableguard scale benchmark\n\n");
    md.append(setting()).append("\n\n");
    if (!polling.isEmpty()) {
      md.append("### Polling only (checkInterval ").append(Format.goDuration(options.interval())).append(")\n\n");
      md.append(pollingTable()).append('\n').append(callsTable()).append('\n');
    }
    if (events != null) {
      md.append("### Change events on (checkInterval ").append(Format.goDuration(options.eventsInterval()))
          .append(")\n\n").append(eventTable()).append('\n');
    }
    if (baseline != null) {
      md.append("### The naive baseline: a shell loop of aws CLI processes\n\n").append(baselineTable()).append('\n');
    }
    md.append(notes());
    return md.toString();
  }

  void write(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, markdown());
  }

  private String setting() {
    StringBuilder text = new StringBuilder("Run " + started.truncatedTo(ChronoUnit.SECONDS) + ", "
        + Format.seconds(took) + " in all, on " + Machine.describe() + ". The PITR emulator enforces DynamoDB's "
        + "control-plane limits (DescribeContinuousBackups 10/s, TagResource and UntagResource 5/s, the rest 2,500/s "
        + "per account and region) behind a proxy that records every call; tables are created without PITR.");
    if (!allRuns().isEmpty()) {
      String jvm = allRuns().stream().map(r -> r.operatorJvm).filter(j -> j != null).findFirst()
          .orElse("-Xmx" + options.heap());
      text.append(" A real kube-apiserver and etcd (kube-api-test)").append(events == null ? "" : " and moto's SQS")
          .append("; the operator runs as its own JVM (`").append(jvm).append("`) with leader election on and the "
              + "default tagging and control-plane budgets (4/s, 50/s). Everything on 127.0.0.1.");
    }
    return text.append("\n\n`").append(COMMAND).append(' ').append(options.asFlags()).append('`').toString();
  }

  private String pollingTable() {
    MarkdownTable table = new MarkdownTable("ProtectedTables", "DescribeContinuousBackups budget",
        "apply → all Ready", "floor (tables / budget)", "ratio", "AWS calls / table / hour (steady)",
        "budget utilization (gauge)", "throttling on any status", "ThrottlingExceptions answered to the operator",
        "peak RSS", "heap used / live", "CPU s / hour (steady)", "drift median", "drift worst", "checkInterval");
    for (RunResult r : polling) {
      table.row(Format.count(r.run.tables()), Format.rate(r.run.budget()) + "/s", readyTime(r),
          Format.seconds(r.floor()), r.ratio().map(x -> Format.decimal(x, 2) + "x").orElse("—"),
          r.steadyCalls == null ? "—" : Format.decimal(r.steadyCalls.totalPerTablePerHour(), 1),
          r.budgetUtilization == null ? "—" : Format.decimal(r.budgetUtilization, 2), throttlingShown(r),
          throttled(r), r.peakRssKib == null ? "—" : Format.mib(r.peakRssKib), heap(r),
          r.cpuSecondsPerHour == null ? "—" : Format.decimal(r.cpuSecondsPerHour, 0), median(r), worst(r),
          Format.goDuration(r.checkInterval));
    }
    return table.toString();
  }

  /** The steady window's calls per operation, per table and hour. */
  private String callsTable() {
    List<RunResult> measured = polling.stream().filter(r -> r.steadyCalls != null).toList();
    if (measured.isEmpty()) {
      return "";
    }
    List<String> operations = new ArrayList<>(measured.stream().flatMap(r -> r.steadyCalls.byOperation().keySet()
        .stream()).collect(Collectors.toCollection(TreeSet::new)));
    List<String> headers = new ArrayList<>(List.of("ProtectedTables @ budget", "window began after all Ready",
        "steady window"));
    headers.addAll(operations);
    headers.add("all");
    MarkdownTable table = new MarkdownTable(headers.toArray(String[]::new));
    for (RunResult r : measured) {
      List<Object> cells = new ArrayList<>(List.of(runName(r.run), Format.seconds(r.settled),
          Format.seconds(r.steadyCalls.window())));
      operations.forEach(op -> cells.add(Format.decimal(
          r.steadyCalls.perTablePerHour(r.steadyCalls.byOperation().getOrDefault(op, 0L)), 2)));
      cells.add(Format.decimal(r.steadyCalls.totalPerTablePerHour(), 2));
      table.row(cells.toArray());
    }
    return "AWS calls per table per hour in the steady window, by operation (every request the proxy saw, retries "
        + "included):\n\n" + table;
  }

  private String eventTable() {
    RunResult r = events;
    return new MarkdownTable("ProtectedTables", "DescribeContinuousBackups budget", "apply → all Ready",
        "floor (tables / budget)", "ratio", "tables drifted", "drift median", "drift worst", "checkInterval",
        "throttling on any status", "ThrottlingExceptions answered to the operator", "change events sent",
        "peak RSS", "heap used / live")
        .row(Format.count(r.run.tables()), Format.rate(r.run.budget()) + "/s", readyTime(r), Format.seconds(r.floor()),
            r.ratio().map(x -> Format.decimal(x, 2) + "x").orElse("—"),
            r.drift == null ? "—" : String.valueOf(r.drift.drifted()), median(r), worst(r),
            Format.goDuration(r.checkInterval), throttlingShown(r), throttled(r),
            r.eventsSent == null ? "—" : Format.count(r.eventsSent),
            r.peakRssKib == null ? "—" : Format.mib(r.peakRssKib), heap(r))
        .toString();
  }

  private String baselineTable() {
    if (baseline.failure() != null) {
      return "failed: " + baseline.failure() + "\n";
    }
    MarkdownTable table = new MarkdownTable("tables", "aws processes", "AWS calls", "wall time", "");
    table.row(Format.count(baseline.tables()), Format.count(2L * baseline.tables()),
        Format.count(baseline.totalCalls()), Format.seconds(baseline.wall()),
        "measured" + (baseline.refused() > 0 ? ", " + baseline.refused() + " refused" : ""));
    TreeSet<Integer> sizes = new TreeSet<>();
    allRuns().forEach(r -> sizes.add(r.run.tables()));
    sizes.remove(baseline.tables());
    for (int n : sizes) {
      table.row(Format.count(n), Format.count(2L * n), Format.count(baseline.callsFor(n)),
          Format.seconds(baseline.wallFor(n)), "extrapolated linearly from " + baseline.tables());
    }
    return table.toString();
  }

  private String notes() {
    List<String> notes = new ArrayList<>();
    if (!allRuns().isEmpty()) {
      notes.add("apply → all Ready: from the first ProtectedTable create until a watch saw the last one Ready=True; "
          + "the floor is tables / DescribeContinuousBackups budget, since a first check needs at least one such "
          + "call.");
      if (!polling.isEmpty()) {
        notes.add("Steady window: " + Format.goDuration(options.window()) + ", begun once all were Ready and the "
            + "routine checks that fell due during the first checks (which go ahead of them) had been made: when the "
            + "last 10 s held at most 1.2x the steady DescribeContinuousBackups rate (tables / checkInterval, or the "
            + "budget when less). AWS calls counted at the proxy, CPU seconds from /proc/PID/stat (utime+stime) of the "
            + "operator over the same window; the 1% drift corrections fall in it too.");
      }
      notes.add("Memory: peak RSS is VmHWM of /proc/PID/status over the operator's whole run; heap from jstat, used "
          + "at the end of the steady window (events: at the end of the run) / live after a full GC (jcmd GC.run).");
      notes.add("Drift: PITR turned off straight on the emulator on " + Math.round(DriftProbe.SHARE * 100) + "% of "
          + "the tables (at least one) at random moments" + (polling.isEmpty() ? "" : "; polling: in the first half "
          + "of the steady window") + (events == null ? "" : "; events: over " + Format.goDuration(
          options.eventDriftSpread()) + " once all were Ready") + ". Latency is from just before the call that "
          + "turned it off to the operator's UpdateContinuousBackups for that table reaching the proxy.");
      notes.add("Throttling on any status: ProtectedTables whose status (message, any condition's reason or "
          + "message) ever mentioned throttling, as a watch saw every status. ThrottlingExceptions answered to the "
          + "operator: the emulator's count by operation over the operator's run, less the benchmark's own calls.");
      notes.add("Every AWS call of each run (time, operation, table, status): `operator/target/benchmark-calls/`; "
          + "the operators' logs: `operator/target/operator-processes/`; the rest: `operator/target/benchmark.log`.");
    }
    if (baseline != null && baseline.failure() == null) {
      notes.add("Shell loop: for each table one `aws dynamodb describe-continuous-backups` and one `aws dynamodb "
          + "update-continuous-backups` process, one after the other, against the same emulator with limits "
          + "through a counting proxy; larger sizes are extrapolated linearly, not measured.");
    }
    for (RunResult r : allRuns()) {
      if (r.failure != null) {
        notes.add("**" + (r.events ? "events " : "polling ") + runName(r.run) + " failed:** " + r.failure
            + (r.operatorLog == null ? "" : " (operator log: " + r.operatorLog + ")"));
      }
      if (r.throttlingShown != null && !r.throttlingShown.isEmpty()) {
        Map.Entry<String, String> first = r.throttlingShown.entrySet().iterator().next();
        notes.add("**" + runName(r.run) + ": throttling reached " + r.throttlingShown.size() + " status(es)**, e.g. "
            + first.getKey() + ": " + first.getValue());
      }
      if (r.drift != null && r.drift.notCorrected() > 0) {
        notes.add("**" + runName(r.run) + ": " + r.drift.notCorrected() + " of " + r.drift.drifted()
            + " drifted tables were not put back** before the benchmark stopped waiting.");
      }
    }
    return notes.stream().map(n -> "- " + n).collect(Collectors.joining("\n", "", "\n"));
  }

  private List<RunResult> allRuns() {
    List<RunResult> all = new ArrayList<>(polling);
    Optional.ofNullable(events).ifPresent(all::add);
    return all;
  }

  private static String runName(Run run) {
    return Format.count(run.tables()) + " @ " + Format.rate(run.budget()) + "/s";
  }

  private static String readyTime(RunResult r) {
    if (r.allReady != null) {
      return Format.seconds(r.allReady);
    }
    return r.ready > 0 ? "only " + Format.count(r.ready) + " Ready" : "—";
  }

  private static String throttlingShown(RunResult r) {
    return r.throttlingShown == null ? "—" : String.valueOf(r.throttlingShown.size());
  }

  private static String throttled(RunResult r) {
    if (r.throttledForOperator == null) {
      return "—";
    }
    long total = r.throttledForOperator.values().stream().mapToLong(Long::longValue).sum();
    return total == 0 ? "0" : Format.count(total) + " (" + r.throttledForOperator.entrySet().stream()
        .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")) + ")";
  }

  private static String heap(RunResult r) {
    String used = r.heapAtEnd == null ? "—" : Format.mib(r.heapAtEnd.usedKib());
    String live = r.liveHeap == null ? "—" : Format.mib(r.liveHeap.usedKib());
    return r.heapAtEnd == null && r.liveHeap == null ? "—" : used + " / " + live;
  }

  private static String median(RunResult r) {
    return r.drift == null ? "—" : r.drift.median().map(Format::seconds).orElse("none put back");
  }

  private static String worst(RunResult r) {
    if (r.drift == null) {
      return "—";
    }
    String worst = r.drift.worst().map(Format::seconds).orElse("—");
    return r.drift.notCorrected() > 0 ? worst + " (" + r.drift.notCorrected() + " not put back)" : worst;
  }
}
