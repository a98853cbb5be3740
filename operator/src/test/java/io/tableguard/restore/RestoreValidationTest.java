package io.tableguard.restore;

import static org.assertj.core.api.Assertions.assertThat;

import io.tableguard.model.ProtectedTable;
import io.tableguard.model.RestorePhase;
import io.tableguard.model.TableRestore;
import io.tableguard.status.Conditions;
import io.tableguard.testsupport.OperatorTestBase;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Every check made before AWS is asked to restore: each failure is terminal, with its reason and an Event. */
class RestoreValidationTest extends OperatorTestBase {

  @Override
  protected boolean timeFaithfulAws() {
    return true;
  }

  @Test
  void aProtectedTableThatDoesNotExistInThisNamespace() {
    create(tableRestore("r1", "nowhere", tableName("copy")));

    assertFailed("r1", "ProtectedTableNotFound", "ProtectedTable " + namespace + "/nowhere does not exist");
  }

  @Test
  void aProtectedTableThatIsNotReady() {
    create(protectedTable("missing", tableName("missing")));
    awaitReady("missing", "TableNotFound");

    create(tableRestore("r2", "missing", tableName("copy")));

    assertFailed("r2", "ProtectedTableNotReady", "is not Ready");
  }

  @Test
  void aSourceWhosePitrWasTurnedOff() {
    // Report never puts PITR back, and an hour-long interval keeps the ProtectedTable's Ready status as it was.
    String table = watchTable("audit", "1h");
    changePitrOutsideOperator(table, false, null);

    create(tableRestore("r3", "audit", tableName("copy")));

    assertFailed("r3", "PointInTimeRecoveryDisabled", "PITR is DISABLED on table " + table);
  }

  @Test
  void aTimeOutsideTheRestorableWindowPrintsTheWindow() {
    protectTable("orders");
    var window = get("orders").getStatus().getPointInTimeRecovery();
    TableRestore restore = tableRestore("r4", "orders", tableName("copy"));
    restore.getSpec().getRestorePoint().setLatest(null);
    restore.getSpec().getRestorePoint().setTime("2025-03-01T12:30:00+01:00");

    create(restore);

    assertFailed("r4", "RestoreTimeOutsideWindow", "restore time 2025-03-01T11:30:00Z is outside the window "
        + window.getEarliestRestorableTime() + "..");
    assertThat(getRestore("r4").getStatus().getMessage())
        .matches(".*\\.\\.\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z \\(UTC\\) of the source table.*");
  }

  @Test
  void aDayThatDoesNotExistFailsClearly() {
    protectTable("orders");
    TableRestore restore = tableRestore("r6", "orders", tableName("copy"));
    restore.getSpec().getRestorePoint().setLatest(null);
    restore.getSpec().getRestorePoint().setTime("2025-02-30T10:00:00Z");

    create(restore);

    assertFailed("r6", "InvalidRestoreTime", "spec.restorePoint.time 2025-02-30T10:00:00Z is not a valid time");
  }

  @Test
  void aTargetTableThatExistsIsNeverOverwritten() {
    protectTable("orders");
    String existing = tableName("existing");
    createTable(existing);

    create(tableRestore("r5", "orders", existing));

    assertFailed("r5", "TargetTableExists", "table " + existing + " already exists");
    assertThat(dynamo.describeTable(r -> r.tableName(existing)).table().creationDateTime())
        .isBefore(Instant.now());
  }

  private void assertFailed(String name, String reason, String messagePart) {
    TableRestore failed = awaitPhase(name, RestorePhase.Failed);
    assertThat(Conditions.reason(failed.getStatus().getConditions(), "Failed")).hasValue(reason);
    assertThat(Conditions.reason(failed.getStatus().getConditions(), Conditions.READY)).hasValue(reason);
    assertThat(failed.getStatus().getMessage()).contains(messagePart);
    var event = awaitEvent(name, reason);
    assertThat(event.getType()).isEqualTo("Warning");
    assertThat(event.getNote()).contains(messagePart);
    assertThat(aws.count("RestoreTableToPointInTime")).as("AWS was never asked").isZero();
  }
}
