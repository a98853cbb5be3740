package io.tableguard.protection;

import static org.assertj.core.api.Assertions.assertThat;

import io.tableguard.model.protection.ProtectedTable;
import io.tableguard.testsupport.OperatorTestBase;
import org.junit.jupiter.api.Test;

/** The operator keeps its memory on status only: a new process picks up where the old one stopped. */
class RestartTest extends OperatorTestBase {

  @Test
  void aRestartedOperatorKeepsStateAndDoesNoDuplicateWork() {
    String table = protectTable("orders");
    changePitrOutsideOperator(table, false, null);
    ProtectedTable corrected = awaitStatus("orders", p -> p.getStatus().getDriftCount() == 1
        && "ENABLED".equals(p.getStatus().getPointInTimeRecovery().getStatus()));

    stopOperator();
    aws.clearCalls();
    startOperator();

    ProtectedTable after = awaitStatus("orders",
        p -> !p.getStatus().getLastCheckTime().equals(corrected.getStatus().getLastCheckTime()));
    assertThat(aws.count("DescribeContinuousBackups")).as("the new process did check").isPositive();
    assertThat(aws.count("UpdateContinuousBackups")).as("nothing to redo").isZero();
    assertThat(after.getStatus().getDriftCount()).as("the drift history survives").isEqualTo(1);
    assertThat(after.getStatus().getLastDriftTime()).isEqualTo(corrected.getStatus().getLastDriftTime());
    assertThat(events("orders").stream().filter(e -> "DriftCorrected".equals(e.getReason())).count()).isEqualTo(1);
  }

  @Test
  void aRestartWhileWaitingForTheTableEnablesPitrExactlyOnce() {
    String table = tableName("late");
    create(protectedTable("late", table));
    awaitReady("late", "TableNotFound");

    stopOperator();
    createTable(table);
    aws.clearCalls();
    startOperator();

    awaitReady("late", "Protected");
    assertThat(aws.count("UpdateContinuousBackups")).isEqualTo(1);
  }
}
