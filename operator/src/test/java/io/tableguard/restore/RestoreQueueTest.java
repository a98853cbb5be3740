package io.tableguard.restore;

import static org.assertj.core.api.Assertions.assertThat;

import io.tableguard.config.OperatorSettings;
import io.tableguard.model.RestorePhase;
import io.tableguard.model.TableRestore;
import io.tableguard.testsupport.OperatorTestBase;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RestoreQueueTest extends OperatorTestBase {

  @Override
  protected boolean timeFaithfulAws() {
    return true;
  }

  @Override
  protected OperatorSettings settings() {
    return super.settings().withMaxConcurrentRestores(1);
  }

  @Test
  void withALimitOfOneTheSecondRestoreWaitsInTheQueueThenRuns() throws Exception {
    protectTable("orders");
    keepCreating(tableName("first"));
    create(tableRestore("first", "orders", tableName("first")));
    awaitRestore("first", r -> r.getStatus().getPhase() == RestorePhase.Restoring
        && r.getStatus().getTargetTableArn() != null);

    create(tableRestore("second", "orders", tableName("second")));

    TableRestore queued = awaitPhase("second", RestorePhase.Queued);
    assertThat(queued.getStatus().getQueuePosition()).isEqualTo(1);
    assertThat(queued.getStatus().getMessage()).contains("waiting for a free restore slot").contains("position 1");
    assertThat(aws.count("RestoreTableToPointInTime")).isEqualTo(1);
    assertThat(scrapeMetrics().value("tableguard_restores_in_progress", Map.of())).hasValue(1.0);

    aws.clearRewrites();

    awaitPhase("first", RestorePhase.Completed);
    TableRestore second = awaitPhase("second", RestorePhase.Completed);
    assertThat(second.getStatus().getQueuePosition()).isNull();
    assertThat(aws.count("RestoreTableToPointInTime")).isEqualTo(2);
    assertThat(scrapeMetrics().value("tableguard_restores_in_progress", Map.of())).hasValue(0.0);
  }
}
