package io.tableguard.benchmark;

import io.tableguard.testsupport.KubeApi;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Issue 10's scale benchmark: a program, not a test; it asserts no speed, it measures and prints a table.
 *
 * <pre>
 * mvn -B -q install -DskipTests    # once: the emulator module the operator's tests use
 * mvn -B -q -pl operator test-compile exec:exec@benchmark
 * </pre>
 *
 * <p>That runs everything, in about 75 minutes: the naive shell loop on 100 tables; polling only at
 * {@code checkInterval: 5m} with 100, 1,000 and 3,000 ProtectedTables at the operator's default
 * DescribeContinuousBackups budget (8/s) and 3,000 again at AWS's full 10/s; and 10,000 with change events on at
 * {@code checkInterval: 1h}.
 * Flags ({@link BenchmarkOptions}) choose less: {@code -Dbenchmark.sizes=100} runs that size alone,
 * {@code -Dbenchmark.sizes=3000@10} one size at another budget, {@code -Dbenchmark.events=10000} only the event run,
 * {@code -Dbenchmark.baseline=100} only the shell loop; {@code -Dbenchmark.interval=30s} shortens a try.
 *
 * <p>Progress goes to stderr, the Markdown table to stdout and to {@code operator/target/benchmark.md}; every
 * other log to {@code operator/target/benchmark.log}, the operators' own to
 * {@code operator/target/operator-processes/}, every AWS call of each run to {@code operator/target/benchmark-calls/}.
 * Each run has a fresh emulator, proxy and namespace, and its operator is killed and its resources removed before the
 * next begins; the API server and moto stop when the program ends, however it ends.
 */
public final class Benchmark {
  private Benchmark() {
  }

  public static void main(String[] args) {
    Path target = KubeApi.repoRoot().resolve("operator/target");
    Console.divert(target.resolve("benchmark.log"));
    int exit;
    try {
      exit = run(BenchmarkOptions.fromSystemProperties(), target) ? 0 : 1;
    } catch (Throwable e) {
      e.printStackTrace();
      Console.progress("benchmark failed: %s (stack trace in %s)", e, target.resolve("benchmark.log"));
      exit = 2;
    }
    // Shutdown hooks stop the API server, moto and any operator still running; exit also ends the clients' threads.
    System.exit(exit);
  }

  /** Runs what the options name; returns whether every run got to its end. */
  private static boolean run(BenchmarkOptions options, Path target) throws Exception {
    Instant started = Instant.now();
    Console.progress("tableguard benchmark %s", options.asFlags());
    Console.progress("logs in %s", target.resolve("benchmark.log"));
    KubeApi.shared();
    Console.progress("kube-apiserver and etcd started, CRDs installed");

    ShellLoopBaseline.Result baseline = options.baselineTables() > 0
        ? ShellLoopBaseline.run(options.baselineTables()) : null;
    List<RunResult> polling = new ArrayList<>();
    for (BenchmarkOptions.Run run : options.pollingRuns()) {
      polling.add(PollingRun.run(options, run));
    }
    RunResult events = options.eventRun().map(run -> EventRun.run(options, run)).orElse(null);

    Report report = new Report(options, started, Duration.between(started, Instant.now()), baseline, polling, events);
    report.write(target.resolve("benchmark.md"));
    Console.result(report.markdown());
    Console.progress("done in %s; the table is also in %s", Format.seconds(Duration.between(started, Instant.now())),
        target.resolve("benchmark.md"));
    return Stream.concat(polling.stream(), Stream.ofNullable(events)).allMatch(r -> r.failure == null)
        && (baseline == null || baseline.failure() == null);
  }
}
