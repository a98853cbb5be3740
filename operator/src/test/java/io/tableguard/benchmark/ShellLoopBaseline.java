package io.tableguard.benchmark;

import io.tableguard.testsupport.AwsFaultProxy.RecordedCall;
import io.tableguard.testsupport.DynamoTables;
import io.tableguard.testsupport.KubeApi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * What a user writes today without an operator: a shell loop running, for each table, one {@code aws dynamodb
 * describe-continuous-backups} and one {@code aws dynamodb update-continuous-backups} process, one after the other.
 * It runs against the same emulator with AWS's limits, through a counting proxy, on tables without PITR.
 */
final class ShellLoopBaseline {
  private static final Path LOG = KubeApi.repoRoot().resolve("operator/target/benchmark-shell-loop.log");
  private static final String LOOP = """
      for table in "$@"; do
        aws dynamodb describe-continuous-backups --table-name "$table" --endpoint-url "$ENDPOINT" > /dev/null || exit 1
        aws dynamodb update-continuous-backups --table-name "$table" --endpoint-url "$ENDPOINT" \\
          --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true > /dev/null || exit 1
      done
      """;

  /**
   * @param tables tables the loop went over
   * @param wall from the loop's start to its end
   * @param calls requests that reached the proxy, by operation (the CLI's retries included)
   * @param refused requests not answered 2xx
   */
  record Result(int tables, Duration wall, Map<String, Long> calls, long refused, String failure) {
    long totalCalls() {
      return calls.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Linear in the number of tables: one describe and one update process each, one after the other. */
    Duration wallFor(int moreTables) {
      return Duration.ofMillis(Math.round(wall.toMillis() * (double) moreTables / tables));
    }

    long callsFor(int moreTables) {
      return Math.round(totalCalls() * (double) moreTables / tables);
    }
  }

  private ShellLoopBaseline() {
  }

  static Result run(int count) {
    Console.progress("== naive baseline: a shell loop of aws CLI processes over %d tables ==", count);
    List<String> tables = RunSteps.tableNames(count);
    try (AwsWorld aws = AwsWorld.start(null)) {
      RunSteps.createTables(aws, tables);
      Path script = Files.createTempFile("tableguard-baseline", ".sh");
      try {
        Files.writeString(script, LOOP);
        Duration wall = loop(script, aws, tables);
        Map<String, Long> calls = new TreeMap<>();
        long refused = 0;
        for (RecordedCall call : aws.operatorCalls()) {
          calls.merge(call.operation(), 1L, Long::sum);
          refused += call.status() / 100 == 2 ? 0 : 1;
        }
        Console.progress("  %d processes, %d calls in %s", 2 * count,
            calls.values().stream().mapToLong(Long::longValue).sum(), Format.seconds(wall));
        return new Result(count, wall, calls, refused, null);
      } finally {
        Files.deleteIfExists(script);
      }
    } catch (Exception e) {
      Console.progress("  baseline failed: %s", e);
      return new Result(count, Duration.ZERO, Map.of(), 0, e.toString());
    }
  }

  private static Duration loop(Path script, AwsWorld aws, List<String> tables) throws IOException,
      InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", script.toString()));
    command.addAll(tables);
    // The loop sends the CLI's answers to /dev/null; what it says on stderr (an error) is kept.
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(LOG.toFile()));
    Map<String, String> env = builder.environment();
    // Only the emulator: no profile, proxy or real credentials from the caller's environment.
    env.keySet().removeIf(name -> name.startsWith("AWS_") || name.toLowerCase(Locale.ROOT).endsWith("_proxy"));
    env.put("AWS_ACCESS_KEY_ID", "testing");
    env.put("AWS_SECRET_ACCESS_KEY", "testing");
    env.put("AWS_DEFAULT_REGION", DynamoTables.REGION);
    env.put("AWS_CONFIG_FILE", "/dev/null");
    env.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
    env.put("AWS_PAGER", "");
    env.put("ENDPOINT", aws.operatorEndpoint().toString());
    long start = System.nanoTime();
    Process process = builder.start();
    try {
      if (!process.waitFor(30, TimeUnit.MINUTES)) {
        throw new IllegalStateException("the shell loop did not end within 30 minutes");
      }
    } finally {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException("the shell loop failed with exit code " + process.exitValue() + "; see " + LOG);
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
