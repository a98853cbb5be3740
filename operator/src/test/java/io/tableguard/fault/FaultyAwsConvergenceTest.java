package io.tableguard.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.tableguard.aws.AwsFailure;
import io.tableguard.emulator.PitrEmulator;
import io.tableguard.kube.Conditions;
import io.tableguard.kube.FailureMessages;
import io.tableguard.model.protection.ProtectedTable;
import io.tableguard.model.restore.AppliedSetting;
import io.tableguard.model.restore.RestorePhase;
import io.tableguard.model.restore.TableRestore;
import io.tableguard.testsupport.AwsFaultProxy.RecordedCall;
import io.tableguard.testsupport.OperatorTestBase;
import io.tableguard.testsupport.PhaseRecorder;
import io.tableguard.testsupport.PrometheusText;
import io.tableguard.testsupport.StatusHistory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.MetricType;
import software.amazon.awssdk.services.applicationautoscaling.model.PolicyType;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableDimension;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.Tag;

/**
 * AWS failing one request in five, half throttled and half with a 500, for everything the operator asks
 * (DynamoDB, Application Auto Scaling, STS): the SDK's retries and the operator's own backoff absorb it. Every
 * ProtectedTable ends protected, PITR turned off behind its back is put back under the same faults, every
 * TableRestore completes with every setting copied and exactly one restore, and no status the API server ever
 * showed named a retryable error: no AWS failure as a Ready reason, no Failed phase, no phase going back.
 */
class FaultyAwsConvergenceTest extends OperatorTestBase {
  private static final double FAULT_RATE = 0.2;
  private static final long FAULT_SEED = 20261124;
  private static final int TABLES = 15;
  /** The first tables are restored; the last have PITR turned off behind the operator's back. */
  private static final int RESTORED = 4;
  private static final int DRIFTED = 5;
  private static final Duration CONVERGENCE = Duration.ofMinutes(3);
  private static final String RESTORE = "RestoreTableToPointInTime";
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Every Ready reason an AWS failure can show as: an injected fault must never show as any of them. */
  private static final Set<String> AWS_FAILURE_REASONS = Arrays.stream(AwsFailure.Kind.values())
      .map(kind -> FailureMessages.reason(new AwsFailure(kind, "any", "", null)).name())
      .collect(Collectors.toSet());

  /** A Ready condition as shown on a status. */
  private record Ready(String status, String reason) {
    static Ready of(List<Condition> conditions) {
      return Conditions.find(conditions, Conditions.READY).map(c -> new Ready(c.getStatus(), c.getReason()))
          .orElse(null);
    }
  }

  private final List<String> names = IntStream.range(0, TABLES).mapToObj(i -> "pt-" + i).toList();
  private final List<String> restoredNames = names.subList(0, RESTORED);
  private final List<String> driftedNames = names.subList(TABLES - DRIFTED, TABLES);

  private PhaseRecorder phases;
  private StatusHistory<ProtectedTable, Ready> protectedReady;
  private StatusHistory<TableRestore, Ready> restoreReady;

  @Override
  protected boolean timeFaithfulAws() {
    return true;
  }

  /** Faults are off until the test's own set-up is written; a restored table stays CREATING for a few polls. */
  @Override
  protected PitrEmulator.Options emulatorOptions() {
    return super.emulatorOptions().withRestoreDelay(Duration.ofSeconds(3)).withFaultRate(0, FAULT_SEED);
  }

  @BeforeEach
  void recordEveryStatus() {
    phases = PhaseRecorder.watch(client, namespace);
    protectedReady = StatusHistory.watch(client, namespace, ProtectedTable.class,
        pt -> pt.getStatus() == null ? null : Ready.of(pt.getStatus().getConditions()));
    restoreReady = StatusHistory.watch(client, namespace, TableRestore.class,
        restore -> restore.getStatus() == null ? null : Ready.of(restore.getStatus().getConditions()));
  }

  @AfterEach
  void stopRecording() {
    phases.close();
    protectedReady.close();
    restoreReady.close();
  }

  @Test
  void everyResourceConvergesAndNoRetryableErrorEverShows() throws Exception {
    Instant start = Instant.now();
    names.forEach(name -> createTable(tableName(name)));
    restoredNames.forEach(name -> giveEverySettingARestoreDrops(tableName(name)));
    emulator().setFaultRate(FAULT_RATE);

    names.forEach(name -> create(protectedTable(name, tableName(name))));
    await().atMost(CONVERGENCE).pollInterval(Duration.ofSeconds(1))
        .until(() -> names.stream().allMatch(this::isProtected));
    // The test's own DynamoDB client rides out the faults on the SDK's default of 9 attempts.
    driftedNames.forEach(name -> changePitrOutsideOperator(tableName(name), false, null));
    restoredNames.forEach(name -> create(tableRestore(name, name, restoredTable(name))));

    await().atMost(CONVERGENCE).pollInterval(Duration.ofSeconds(1)).until(() ->
        restoredNames.stream().allMatch(this::isFinished)
            && driftedNames.stream().allMatch(this::wasDriftCorrected)
            && names.stream().allMatch(this::isProtected));
    System.out.printf("%s: %d ProtectedTables (%d drifted) and %d TableRestores converged in %ds; the emulator "
            + "injected %d faults, %d of them 500s to the operator; %d operator calls failed after the SDK's "
            + "retries%n", getClass().getSimpleName(), TABLES, DRIFTED, RESTORED,
        Duration.between(start, Instant.now()).toSeconds(), emulator().injectedFaults(), serverErrorsToOperator(),
        callsFailedAfterRetries());

    assertThat(emulator().injectedFaults()).as("faults injected").isPositive();
    assertThat(serverErrorsToOperator()).as("500s the operator got").isPositive();
    names.forEach(name -> assertThat(pitrOf(tableName(name)).pointInTimeRecoveryStatusAsString()).as(name)
        .isEqualTo("ENABLED"));
    restoredNames.forEach(this::assertCompletedWithEverySetting);
    assertThat(restoresAcceptedByAws()).as("RestoreTableToPointInTime calls AWS accepted, by target table")
        .isEqualTo(restoredNames.stream().collect(Collectors.toMap(this::restoredTable, name -> 1L)));
    phases.assertNoPhaseWentBackwards();
    restoredNames.forEach(name -> assertThat(phases.phases(name)).as(name).doesNotContain(RestorePhase.Failed));
    assertNoAwsFailureShown(protectedReady, names);
    assertNoAwsFailureShown(restoreReady, restoredNames);
    List<Event> warnings = client.events().v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(event -> "Warning".equals(event.getType())).toList();
    assertThat(warnings).extracting(Event::getReason).as("Warning Events: only the drift this test made, which "
        + "turned PITR off and so restarted the restorable window").containsOnly("DriftCorrected", "HistoryLost");
    assertThat(warnings).extracting(event -> event.getRegarding().getName()).as("only on the drifted tables")
        .allMatch(driftedNames::contains);
  }

  private boolean isProtected(String name) {
    ProtectedTable pt = get(name);
    return pt.getStatus() != null && pt.getMetadata().getGeneration().equals(pt.getStatus().getObservedGeneration())
        && new Ready("True", "Protected").equals(Ready.of(pt.getStatus().getConditions()));
  }

  private boolean wasDriftCorrected(String name) {
    Long drifts = get(name).getStatus().getDriftCount();
    return drifts != null && drifts > 0;
  }

  private boolean isFinished(String name) {
    TableRestore restore = getRestore(name);
    return restore.getStatus() != null && restore.getStatus().getPhase() != null
        && restore.getStatus().getPhase().terminal();
  }

  private String restoredTable(String name) {
    return tableName(name + "-restored");
  }

  /** TTL, a stream, a tag, deletion protection and auto scaling: each is one more call to copy under faults. */
  private void giveEverySettingARestoreDrops(String table) {
    dynamo.updateTimeToLive(r -> r.tableName(table).timeToLiveSpecification(s -> s.enabled(true)
        .attributeName("expiresAt")));
    dynamo.updateTable(r -> r.tableName(table).streamSpecification(s -> s.streamEnabled(true)
        .streamViewType(StreamViewType.NEW_IMAGE)));
    String arn = dynamo.describeTable(r -> r.tableName(table)).table().tableArn();
    dynamo.tagResource(r -> r.resourceArn(arn).tags(Tag.builder().key("team").value("payments").build()));
    dynamo.updateTable(r -> r.tableName(table).deletionProtectionEnabled(true));
    try (ApplicationAutoScalingClient scaling = ApplicationAutoScalingClient.builder()
        .endpointOverride(emulator().endpoint()).region(Region.of(REGION))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .build()) {
      scaling.registerScalableTarget(r -> r.serviceNamespace(ServiceNamespace.DYNAMODB).resourceId("table/" + table)
          .scalableDimension(ScalableDimension.DYNAMODB_TABLE_READ_CAPACITY_UNITS).minCapacity(5).maxCapacity(50));
      scaling.putScalingPolicy(r -> r.policyName("reads").serviceNamespace(ServiceNamespace.DYNAMODB)
          .resourceId("table/" + table).scalableDimension(ScalableDimension.DYNAMODB_TABLE_READ_CAPACITY_UNITS)
          .policyType(PolicyType.TARGET_TRACKING_SCALING)
          .targetTrackingScalingPolicyConfiguration(c -> c.targetValue(70.0).predefinedMetricSpecification(
              m -> m.predefinedMetricType(MetricType.DYNAMO_DB_READ_CAPACITY_UTILIZATION))));
    }
  }

  /** Completed, not CompletedWithWarnings: a retryable failure must never leave a setting uncopied. */
  private void assertCompletedWithEverySetting(String name) {
    TableRestore restore = getRestore(name);
    assertThat(restore.getStatus().getPhase()).as(name).isEqualTo(RestorePhase.Completed);
    assertThat(restore.getStatus().getAppliedSettings()).as(name + " appliedSettings")
        .extracting(AppliedSetting::getResult).containsOnly("Applied");
    assertThat(Ready.of(restore.getStatus().getConditions())).as(name).isEqualTo(new Ready("True", "Completed"));
  }

  /** How many restore calls AWS accepted for each target table, whether or not the operator heard the answer. */
  private Map<String, Long> restoresAcceptedByAws() {
    return aws.calls().stream().filter(call -> call.operation().equals(RESTORE) && call.acceptedByAws())
        .collect(Collectors.groupingBy(FaultyAwsConvergenceTest::targetTableOf, Collectors.counting()));
  }

  private static String targetTableOf(RecordedCall restore) {
    try {
      return JSON.readTree(restore.requestBody()).path("TargetTableName").asText();
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private long serverErrorsToOperator() {
    return aws.calls().stream().filter(call -> call.awsStatus() == 500).count();
  }

  /** AWS calls of the operator that its own backoff had to retry: the SDK's 3 attempts all failed. */
  private long callsFailedAfterRetries() throws IOException, InterruptedException {
    return (long) scrapeMetrics().samples("tableguard_aws_requests_total").stream()
        .filter(sample -> Set.of("throttled", "server_error").contains(sample.labels().get("outcome")))
        .mapToDouble(PrometheusText.Sample::value).sum();
  }

  private static void assertNoAwsFailureShown(StatusHistory<?, Ready> history, List<String> resources) {
    Map<String, List<Ready>> seen = history.all();
    assertThat(seen).as("resources the watch saw").containsOnlyKeys(resources);
    assertThat(seen.values().stream().flatMap(List::stream).map(Ready::reason))
        .as("every Ready condition shown: %s", seen).doesNotContainAnyElementsOf(AWS_FAILURE_REASONS);
  }
}
