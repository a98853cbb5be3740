package io.tableguard.protection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tableguard.kube.Conditions;
import io.tableguard.model.protection.ProtectedTable;
import io.tableguard.testsupport.AwsFaultProxy.Fault;
import io.tableguard.testsupport.OperatorTestBase;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;

/** AWS answers errors through the fault proxy: what the operator shows, and that it recovers. */
class AwsErrorsTest extends OperatorTestBase {

  @Test
  void accessDeniedNamesTheRefusedActionAndRecoversWhenGranted() {
    String table = tableName("orders");
    createTable(table);
    aws.failAlways("UpdateContinuousBackups", Fault.accessDenied("UpdateContinuousBackups"));

    create(protectedTable("orders", table));

    ProtectedTable pt = awaitReady("orders", "AccessDenied");
    assertThat(pt.getStatus().getMessage())
        .contains("AWS denied dynamodb:UpdateContinuousBackups on table " + table)
        .contains("grant dynamodb:UpdateContinuousBackups on this table to the operator's IAM role")
        .contains("is not authorized to perform");
    var event = awaitEvent("orders", "AccessDenied");
    assertThat(event.getType()).isEqualTo("Warning");
    assertThat(pitrOf(table).pointInTimeRecoveryStatus()).isEqualTo(PointInTimeRecoveryStatus.DISABLED);

    aws.clearFaults();

    awaitReady("orders", "Protected");
    assertThat(pitrOf(table).pointInTimeRecoveryStatus()).isEqualTo(PointInTimeRecoveryStatus.ENABLED);
  }

  @Test
  void throttlingIsRetriedWithoutTouchingStatus() throws Exception {
    String table = protectTable("busy");
    aws.failAlways("DescribeContinuousBackups", Fault.throttling());
    long throttledBefore = aws.calls().stream().filter(c -> c.status() == 400).count();
    String versionWhenThrottled = get("busy").getMetadata().getResourceVersion();

    // The next check (checkInterval 10s: one DescribeContinuousBackups) is throttled; the SDK retries it, gives
    // up, and the operator schedules its own jittered retry.
    await().atMost(Duration.ofSeconds(40)).until(() -> scrapeMetrics().samples("tableguard_aws_requests_total")
        .stream().anyMatch(s -> "DescribeContinuousBackups".equals(s.labels().get("operation"))
            && "throttled".equals(s.labels().get("outcome")) && s.value() >= 1));

    assertThat(aws.calls().stream().filter(c -> c.status() == 400).count())
        .as("throttled calls were retried").isGreaterThan(throttledBefore + 1);
    ProtectedTable during = get("busy");
    assertThat(during.getMetadata().getResourceVersion()).as("no status churn while throttled")
        .isEqualTo(versionWhenThrottled);
    assertThat(Conditions.reason(during.getStatus().getConditions(), Conditions.READY)).hasValue("Protected");

    aws.clearFaults();

    awaitStatus("busy", p -> !p.getStatus().getLastCheckTime().equals(during.getStatus().getLastCheckTime()));
  }

  @Test
  void serverErrorsAreRetriedUntilAwsAnswers() {
    String table = tableName("flaky");
    createTable(table);
    aws.failNext("DescribeContinuousBackups", 6, Fault.serverError());

    create(protectedTable("flaky", table));

    awaitReady("flaky", "Protected");
    assertThat(aws.calls().stream().filter(c -> c.status() == 500).count()).isEqualTo(6);
  }
}
