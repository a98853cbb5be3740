package io.tableguard.protection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tableguard.kube.Conditions;
import io.tableguard.model.protection.ProtectedTable;
import io.tableguard.testsupport.OperatorTestBase;
import io.tableguard.testsupport.PrometheusText;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;

class DriftTest extends OperatorTestBase {
  /** checkInterval is 10s in these tests; a drift must be caught within one interval (plus a request). */
  private static final Duration ONE_INTERVAL = Duration.ofSeconds(12);

  @Test
  void enforceTurnsPitrBackOnWithinOneCheckInterval() throws Exception {
    String table = protectTable("orders");

    changePitrOutsideOperator(table, false, null);

    await().atMost(ONE_INTERVAL).until(() -> pitrOf(table).pointInTimeRecoveryStatus()
        == PointInTimeRecoveryStatus.ENABLED);
    ProtectedTable pt = awaitStatus("orders", p -> p.getStatus().getDriftCount() == 1);
    assertThat(pt.getStatus().getLastDriftTime()).isNotNull();
    assertThat(Conditions.reason(pt.getStatus().getConditions(), "Drifted")).hasValue("DriftCorrected");
    assertThat(Conditions.reason(pt.getStatus().getConditions(), Conditions.READY)).hasValue("Protected");
    var event = awaitEvent("orders", "DriftCorrected");
    assertThat(event.getType()).isEqualTo("Warning");
    assertThat(event.getNote()).contains("PITR was turned off outside the operator");
    PrometheusText metrics = scrapeMetrics();
    Map<String, String> labels = Map.of("namespace", namespace, "name", "orders", "table", table);
    assertThat(metrics.value("tableguard_drift_detected_total", labels)).hasValue(1.0);
    assertThat(metrics.value("tableguard_drift_corrected_total", labels)).hasValue(1.0);
    assertThat(metrics.value("tableguard_pitr_history_lost_total", labels))
        .as("turning PITR off discards its history, even when it is put back at once").hasValue(1.0);
    assertThat(awaitEvent("orders", "HistoryLost").getNote()).contains("now starts at");
  }

  @Test
  void enforcePutsBackAPeriodChangedOutsideTheOperator() {
    String table = protectTable("ledger");

    changePitrOutsideOperator(table, true, 3);

    await().atMost(ONE_INTERVAL).until(() -> pitrOf(table).recoveryPeriodInDays() == 35);
    ProtectedTable pt = awaitStatus("ledger", p -> p.getStatus().getDriftCount() == 1);
    assertThat(Conditions.find(pt.getStatus().getConditions(), "Drifted").orElseThrow().getMessage())
        .contains("changed outside the operator to 3 days (declared: 35)");
  }

  @Test
  void reportOnlyReportsAndNeverWritesToAws() throws Exception {
    String table = watchTable("audit", "10s");

    changePitrOutsideOperator(table, false, null);

    ProtectedTable pt = awaitReady("audit", "DriftDetected");
    assertThat(Conditions.isTrue(pt.getStatus().getConditions(), "Drifted")).isTrue();
    assertThat(Conditions.isTrue(pt.getStatus().getConditions(), "PointInTimeRecoveryEnabled")).isFalse();
    assertThat(pt.getStatus().getDriftCount()).isEqualTo(1);
    assertThat(awaitEvent("audit", "DriftDetected").getNote()).contains("driftPolicy is Report");
    assertThat(pitrOf(table).pointInTimeRecoveryStatus()).isEqualTo(PointInTimeRecoveryStatus.DISABLED);
    assertThat(aws.count("UpdateContinuousBackups")).as("Report never writes").isZero();
    assertThat(awaitEvent("audit", "HistoryLost").getNote()).contains("PITR is now off");

    changePitrOutsideOperator(table, true, 35);

    pt = awaitReady("audit", "Protected");
    assertThat(Conditions.isTrue(pt.getStatus().getConditions(), "Drifted")).isFalse();
    assertThat(pt.getStatus().getDriftCount()).as("one episode, counted once").isEqualTo(1);
    awaitEvent("audit", "DriftResolved");
    assertThat(scrapeMetrics().value("tableguard_pitr_history_lost_total",
        Map.of("namespace", namespace, "name", "audit", "table", table))).as("one loss, counted once").hasValue(1.0);
  }
}
