package io.tableguard.benchmark;

import io.tableguard.benchmark.BenchmarkOptions.Run;
import io.tableguard.emulator.PitrEmulator;
import io.tableguard.testsupport.DynamoTables;
import io.tableguard.testsupport.KubeApi;
import io.tableguard.testsupport.MotoServer;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Change events on: the emulator sends a CloudTrail-shaped event to an SQS queue (moto's) for every control-plane
 * write, as an EventBridge rule would, and the operator reads that queue. N ProtectedTables at a long checkInterval;
 * once all are Ready, 1% of the tables have PITR turned off at random moments, and each is timed until put back.
 */
final class EventRun {
  /** How long after the last drift a table may still be put back: far less than the interval, far more than events. */
  private static final Duration GRACE = Duration.ofMinutes(5);

  private EventRun() {
  }

  static RunResult run(BenchmarkOptions options, Run run) {
    RunResult result = new RunResult(run, options.eventsInterval(), true);
    Console.progress("== events: %s ProtectedTables, checkInterval %s, DescribeContinuousBackups budget %s/s ==",
        Format.count(run.tables()), Format.goDuration(options.eventsInterval()), Format.rate(run.budget()));
    List<String> tables = RunSteps.tableNames(run.tables());
    try (SqsClient sqs = sqs()) {
      String queueUrl = sqs.createQueue(r -> r.queueName("tableguard-benchmark-" + System.currentTimeMillis()))
          .queueUrl();
      try (AwsWorld aws = AwsWorld.start(URI.create(queueUrl))) {
        RunSteps.createTables(aws, tables);
        long sentBefore = emptyQueue(sqs, queueUrl, aws.emulator(), tables.size());
        try (Fleet fleet = Fleet.inNewNamespace(KubeApi.shared(), "bench-events-" + run.tables());
            OperatorUnderTest operator = RunSteps.startOperator("benchmark-events-" + run, aws, fleet, run,
                options.heap(), Map.of("TABLEGUARD_EVENT_QUEUE_URLS", queueUrl))) {
          try {
            RunSteps.applyAndAwaitReady(fleet, operator, tables, options.eventsInterval(), result);
            drift(options, aws, tables, result);
          } finally {
            result.eventsSent = aws.emulator().eventsPublished() - sentBefore;
            RunSteps.tally(result, aws, fleet, operator);
          }
        }
      } finally {
        sqs.deleteQueue(r -> r.queueUrl(queueUrl));
      }
    } catch (Exception | AssertionError e) {
      result.failure = e.toString();
      Console.progress("  run failed: %s", e);
    }
    return result;
  }

  private static void drift(BenchmarkOptions options, AwsWorld aws, List<String> tables, RunResult result) {
    try (DriftProbe drift = new DriftProbe(aws)) {
      int drifted = drift.start(tables, options.eventDriftSpread(), new Random(options.seed()));
      Console.progress("PITR turned off on %d tables at random moments of the next %s", drifted,
          Format.goDuration(options.eventDriftSpread()));
      result.drift = drift.await(drifted, GRACE);
      Console.progress("  drift put back: median %s, worst %s (%d of %d)",
          result.drift.median().map(Format::seconds).orElse("-"),
          result.drift.worst().map(Format::seconds).orElse("-"), result.drift.corrected().size(), drifted);
    }
  }

  /**
   * Lets the creations' events reach the queue, then purges it: they came before any ProtectedTable existed and
   * would only make the operator's first minutes busier than a real account's. Returns the events sent so far.
   */
  private static long emptyQueue(SqsClient sqs, String queueUrl, PitrEmulator emulator, int creations) {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
    while (emulator.eventsPublished() + emulator.eventPublishFailures() < creations
        && Instant.now().isBefore(deadline)) {
      AwsWorld.sleep(Duration.ofMillis(200));
    }
    long sent = emulator.eventsPublished();
    sqs.purgeQueue(r -> r.queueUrl(queueUrl));
    Console.progress("  %s creation events sent to the queue, then purged", Format.count(sent));
    return sent;
  }

  private static SqsClient sqs() {
    return SqsClient.builder().endpointOverride(MotoServer.shared().endpoint()).region(Region.of(DynamoTables.REGION))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .build();
  }
}
