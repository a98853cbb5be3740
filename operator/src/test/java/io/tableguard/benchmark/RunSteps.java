package io.tableguard.benchmark;

import io.tableguard.config.AwsBudget;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/** The steps every run takes the same way: its tables, its operator, applying and waiting for Ready, the tally. */
final class RunSteps {
  /** How often a long wait says how far it got. */
  static final Duration PROGRESS_EVERY = Duration.ofSeconds(30);

  private RunSteps() {
  }

  /** t-00001 ...: valid as DynamoDB table and as Kubernetes names, so each ProtectedTable is named after its table. */
  static List<String> tableNames(int count) {
    return IntStream.rangeClosed(1, count).mapToObj(i -> String.format(Locale.ROOT, "t-%05d", i)).toList();
  }

  static void createTables(AwsWorld aws, List<String> tables) throws Exception {
    Console.progress("creating %s tables without PITR, straight on the emulator", Format.count(tables.size()));
    Duration took = aws.createTables(tables);
    Console.progress("  created in %s", Format.seconds(took));
  }

  /**
   * The operator for this run: the run's DescribeContinuousBackups budget, the other budgets at their defaults (named
   * anyway, so the report can show them), leader election on as the chart runs it, with the Lease in the run's
   * namespace so a killed earlier run's Lease holds nothing up.
   */
  static OperatorUnderTest startOperator(String name, AwsWorld aws, Fleet fleet, BenchmarkOptions.Run run,
      String heap, Map<String, String> extra) {
    Map<String, String> settings = new HashMap<>();
    settings.put("TABLEGUARD_AWS_DESCRIBE_CONTINUOUS_BACKUPS_PER_SECOND", Format.rate(run.budget()));
    settings.put("TABLEGUARD_AWS_TAGGING_PER_SECOND", Format.rate(AwsBudget.DEFAULT_TAGGING));
    settings.put("TABLEGUARD_AWS_CONTROL_PLANE_PER_SECOND", Format.rate(AwsBudget.DEFAULT_CONTROL_PLANE));
    settings.put("TABLEGUARD_LEADER_ELECTION", "true");
    settings.put("TABLEGUARD_LEADER_ELECTION_NAMESPACE", fleet.namespace());
    settings.putAll(extra);
    OperatorUnderTest operator = OperatorUnderTest.start(name, aws.operatorEndpoint(), heap, settings);
    Console.progress("operator started (pid %d, %s), log %s", operator.pid(), operator.jvmFlags(), operator.log());
    return operator;
  }

  /**
   * Applies one ProtectedTable per table and waits until all are Ready, at most three times the floor plus five
   * minutes; records the time from the first create to the last Ready.
   */
  static void applyAndAwaitReady(Fleet fleet, OperatorUnderTest operator, List<String> tables, Duration interval,
      RunResult result) throws Exception {
    Console.progress("applying %s ProtectedTables (checkInterval %s) in parallel", Format.count(tables.size()),
        Format.goDuration(interval));
    Instant applyStart = Instant.now();
    Duration applying = fleet.apply(tables, Format.goDuration(interval));
    Console.progress("  applied in %s; waiting for Ready (floor %s)", Format.seconds(applying),
        Format.seconds(result.floor()));
    Duration timeout = result.floor().multipliedBy(3).plusMinutes(5);
    Optional<Instant> lastReady = fleet.watch().awaitReady(tables.size(), timeout, PROGRESS_EVERY);
    result.ready = fleet.watch().readyCount();
    operator.checkAlive();
    if (lastReady.isEmpty()) {
      throw new IllegalStateException(result.ready + " of " + tables.size() + " Ready after "
          + Format.seconds(timeout));
    }
    result.allReady = Duration.between(applyStart, lastReady.get());
    Console.progress("  all Ready %s after the first apply: %s the floor", Format.seconds(result.allReady),
        Format.decimal(result.ratio().orElseThrow(), 2) + "x");
  }

  /**
   * What is read at the end of every run, whatever happened: throttling seen, peak memory, live heap; and every AWS
   * call the operator made, to a CSV file, so that any figure can be checked call by call.
   */
  static void tally(RunResult result, AwsWorld aws, Fleet fleet, OperatorUnderTest operator) {
    result.callLog = CallLog.write(aws.operatorCalls(), (result.events ? "events-" : "polling-") + result.run);
    result.throttledForOperator = aws.throttledForOperator();
    result.throttlingShown = fleet.watch().throttlingShown();
    result.operatorJvm = operator.jvmFlags();
    result.operatorLog = operator.log();
    try {
      result.peakRssKib = operator.sample().peakRssKib();
      if (result.heapAtEnd == null) {
        result.heapAtEnd = ProcessStats.heap(operator.pid(), false);
      }
      result.liveHeap = ProcessStats.heap(operator.pid(), true);
    } catch (RuntimeException e) {
      Console.progress("  cannot read the operator's memory: %s", e.getMessage());
    }
  }
}
