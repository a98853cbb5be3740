package io.tableguard.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tableguard.model.restore.RestorePhase;
import io.tableguard.model.restore.TableRestore;
import io.tableguard.testsupport.OperatorTestBase;
import io.tableguard.testsupport.PrometheusText;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** tableguard_restore_started_timestamp_seconds: one series per running TableRestore, gone when it is not. */
class RestoreMetricsTest extends OperatorTestBase {
  private static final String STARTED = "tableguard_restore_started_timestamp_seconds";

  @Override
  protected boolean timeFaithfulAws() {
    return true;
  }

  @Test
  void aRunningRestoreExportsItsStartAcrossARestartUntilItCompletes() throws Exception {
    protectTable("orders");
    TableRestore restoring = restoreHeldInRestoring("copy", "orders");
    double startedAt = Instant.parse(restoring.getStatus().getStartTime()).getEpochSecond();

    assertThat(started("copy")).hasValue(startedAt);
    assertThat(scrapeMetrics().value("tableguard_restores_in_progress", Map.of())).hasValue(1.0);

    stopOperator();
    startOperator();
    await().atMost(STATUS_TIMEOUT).until(() -> started("copy").isPresent());
    assertThat(started("copy")).as("a new operator publishes a restore that was running before it").hasValue(startedAt);

    aws.clearRewrites();
    awaitPhase("copy", RestorePhase.Completed);
    PrometheusText metrics = scrapeMetrics();
    assertThat(metrics.samples(STARTED)).noneMatch(s -> "copy".equals(s.labels().get("name")));
    assertThat(metrics.value("tableguard_restores_in_progress", Map.of())).hasValue(0.0);
    assertThat(metrics.value("tableguard_restores_total", Map.of("outcome", "failed")))
        .as("every outcome is exported from the start, at 0").hasValue(0.0);
  }

  @Test
  void aRestoreDeletedWhileRestoringTakesItsSeriesWithIt() throws Exception {
    protectTable("orders");
    restoreHeldInRestoring("copy", "orders");
    await().atMost(STATUS_TIMEOUT).until(() -> started("copy").isPresent());

    client.resource(getRestore("copy")).delete();

    await().atMost(STATUS_TIMEOUT).until(() -> getRestore("copy") == null);
    assertThat(started("copy")).isEmpty();
  }

  private OptionalDouble started(String name) throws IOException, InterruptedException {
    return scrapeMetrics().value(STARTED, Map.of("namespace", namespace, "name", name));
  }
}
