package io.tableguard.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.tableguard.model.protection.ProtectedTable;
import io.tableguard.testsupport.OperatorTestBase;
import io.tableguard.testsupport.PrometheusText;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsEndpointTest extends OperatorTestBase {

  @Test
  void servesProtectionAwsAndFrameworkMetricsAndHealth() throws Exception {
    String table = tableName("orders");
    createTable(table);
    create(protectedTable("orders", table));
    ProtectedTable pt = awaitReady("orders", "Protected");

    assertThat(probeGet("/healthz").statusCode()).isEqualTo(200);
    assertThat(probeGet("/readyz").statusCode()).isEqualTo(200);
    assertThat(httpGet("/healthz").statusCode()).as("the probes are apart from /metrics").isEqualTo(404);
    assertThat(probeGet("/metrics").statusCode()).isEqualTo(404);
    PrometheusText metrics = scrapeMetrics();
    Map<String, String> resource = Map.of("namespace", namespace, "name", "orders", "table", table);
    assertThat(metrics.value("tableguard_pitr_enabled", resource)).hasValue(1.0);
    assertThat(metrics.value("tableguard_pitr_latest_restorable_timestamp_seconds", resource)).hasValue(
        (double) Instant.parse(pt.getStatus().getPointInTimeRecovery().getLatestRestorableTime()).getEpochSecond());
    assertThat(metrics.value("tableguard_pitr_earliest_restorable_timestamp_seconds", resource)).hasValue(
        (double) Instant.parse(pt.getStatus().getPointInTimeRecovery().getEarliestRestorableTime()).getEpochSecond());
    assertThat(metrics.value("tableguard_aws_requests_total",
        Map.of("operation", "DescribeContinuousBackups", "outcome", "success")).orElse(0)).isGreaterThanOrEqualTo(1);
    assertThat(metrics.value("tableguard_aws_requests_total",
        Map.of("operation", "UpdateContinuousBackups", "outcome", "success"))).hasValue(1.0);
    assertThat(metrics.samples("tableguard_aws_requests_total"))
        .as("per operation and outcome, never per request or per table")
        .allSatisfy(s -> assertThat(s.labels().keySet()).containsOnly("operation", "outcome"));
    assertThat(metrics.samples("operator_sdk_reconciliations_success_total"))
        .as("JOSDK's reconcile metrics are on the same registry")
        .anySatisfy(sample -> assertThat(sample.value()).isGreaterThanOrEqualTo(1));

    client.resource(pt).delete();
    org.awaitility.Awaitility.await().atMost(STATUS_TIMEOUT).until(() -> get("orders") == null);
    assertThat(scrapeMetrics().samples("tableguard_pitr_enabled"))
        .as("a deleted resource's series go with it")
        .noneMatch(s -> "orders".equals(s.labels().get("name")) && namespace.equals(s.labels().get("namespace")));
  }
}
