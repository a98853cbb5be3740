package io.tableguard.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.tableguard.kube.Conditions;
import io.tableguard.model.restore.RestoreOverrides;
import io.tableguard.model.restore.RestorePhase;
import io.tableguard.model.restore.TableRestore;
import io.tableguard.testsupport.OperatorTestBase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Every check made before AWS is asked to restore: each failure is terminal, with its reason and an Event; a
 * source that is not ready yet for a reason that passes is waited for.
 */
class RestoreValidationTest extends OperatorTestBase {

  @Override
  protected boolean timeFaithfulAws() {
    return true;
  }

  @Test
  void aProtectedTableThatDoesNotExistYetIsWaitedForABoundedTime() {
    create(tableRestore("r1", "nowhere", tableName("copy")));

    assertWaiting("r1", "waiting for ProtectedTable " + namespace + "/nowhere to exist");
  }

  @Test
  void aProtectedTableWhoseTableIsMissingIsWaitedFor() {
    create(protectedTable("missing", tableName("missing")));
    awaitReady("missing", "TableNotFound");

    create(tableRestore("r2", "missing", tableName("copy")));

    assertWaiting("r2", "waiting for ProtectedTable " + namespace + "/missing to become Ready (now TableNotFound)");
  }

  @Test
  void aRestoreAppliedBeforeItsProtectedTableStartsOnceTheTableIsProtected() {
    create(tableRestore("r8", "orders", tableName("copy")));
    assertWaiting("r8", "to exist");

    protectTable("orders");

    awaitPhase("r8", RestorePhase.Completed);
    assertThat(aws.count("RestoreTableToPointInTime")).isEqualTo(1);
  }

  @Test
  void aProtectedTableRefusedForALastingReasonFailsAtOnce() {
    String table = protectTable("orders");
    create(protectedTable("orders-again", table));
    awaitReady("orders-again", "Conflict");

    create(tableRestore("r9", "orders-again", tableName("copy")));

    assertFailed("r9", "ProtectedTableNotReady", "is not Ready (Conflict: ");
  }

  @Test
  void aMisspeltIndexFailsBeforeAwsIsAskedNamingTheSourcesIndexes() {
    String table = tableName("orders");
    dynamo.createTable(r -> r.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(attribute("pk"), attribute("customer"))
        .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
        .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("byCustomer")
            .keySchema(KeySchemaElement.builder().attributeName("customer").keyType(KeyType.HASH).build())
            .projection(p -> p.projectionType(ProjectionType.ALL)).build()));
    create(protectedTable("orders", table));
    awaitReady("orders", "Protected");
    TableRestore restore = tableRestore("r7", "orders", tableName("copy"));
    restore.getSpec().setOverrides(new RestoreOverrides());
    restore.getSpec().getOverrides().setGlobalSecondaryIndexes(List.of("byCustmer"));

    create(restore);

    assertFailed("r7", "UnknownIndex", "spec.overrides.globalSecondaryIndexes names byCustmer, which the source "
        + "table " + table + " in us-east-1");
    assertThat(getRestore("r7").getStatus().getMessage()).contains("its global secondary indexes are: byCustomer");
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

    // Refused by the API server now (CEL), before the operator ever sees it.
    assertThatThrownBy(() -> create(restore)).isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("spec.restorePoint.time is not a real instant");
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

  /** Still Pending, saying what it waits for and until when, and AWS never asked to restore. */
  private void assertWaiting(String name, String messagePart) {
    TableRestore waiting = awaitRestore(name, r -> Conditions.reason(r.getStatus().getConditions(), Conditions.READY)
        .filter("WaitingForSource"::equals).isPresent());
    assertThat(waiting.getStatus().getPhase()).isEqualTo(RestorePhase.Pending);
    Instant deadline = Instant.parse(waiting.getMetadata().getCreationTimestamp()).plus(Duration.ofMinutes(10));
    assertThat(waiting.getStatus().getMessage()).contains(messagePart)
        .contains("until " + deadline + " (10 minutes after this TableRestore was created), then it fails");
    assertThat(aws.count("RestoreTableToPointInTime")).isZero();
  }

  private static AttributeDefinition attribute(String name) {
    return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
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
