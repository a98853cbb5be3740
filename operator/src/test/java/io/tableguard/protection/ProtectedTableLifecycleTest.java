package io.tableguard.protection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tableguard.kube.Conditions;
import io.tableguard.model.protection.DeletionPolicy;
import io.tableguard.model.protection.ProtectedTable;
import io.tableguard.testsupport.OperatorTestBase;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;

class ProtectedTableLifecycleTest extends OperatorTestBase {

  @Test
  void turnsPitrOnAndReportsTheRestorableWindow() {
    String table = tableName("orders");
    createTable(table);

    create(protectedTable("orders", table));

    ProtectedTable pt = awaitReady("orders", "Protected");
    assertThat(pitrOf(table).pointInTimeRecoveryStatus()).isEqualTo(PointInTimeRecoveryStatus.ENABLED);
    assertThat(pitrOf(table).recoveryPeriodInDays()).isEqualTo(35);
    var status = pt.getStatus();
    assertThat(status.getObservedGeneration()).isEqualTo(1L);
    assertThat(status.getTableName()).isEqualTo(table);
    assertThat(status.getRegion()).isEqualTo(REGION);
    assertThat(status.getTableArn()).endsWith(":table/" + table);
    assertThat(status.getTableStatus()).isEqualTo("ACTIVE");
    assertThat(status.getPointInTimeRecovery().getStatus()).isEqualTo("ENABLED");
    assertThat(status.getPointInTimeRecovery().getRecoveryPeriodDays()).isEqualTo(35);
    assertThat(Instant.parse(status.getPointInTimeRecovery().getEarliestRestorableTime()))
        .isBefore(Instant.now().plusSeconds(1));
    assertThat(status.getPointInTimeRecovery().getLatestRestorableTime()).isNotNull();
    assertThat(Conditions.isTrue(status.getConditions(), "PointInTimeRecoveryEnabled")).isTrue();
    assertThat(Conditions.isTrue(status.getConditions(), "Drifted")).isFalse();
    assertThat(status.getDriftCount()).isZero();
    assertThat(status.getMessage()).contains("PITR is on with a 35-day recovery period");
    assertThat(awaitEvent("orders", "PointInTimeRecoveryEnabled").getType()).isEqualTo("Normal");
  }

  @Test
  void kubectlGetShowsTableWindowAndReadiness() throws Exception {
    String table = protectTable("shown");

    String output = kube.kubectl("get", "pt", "-n", namespace);

    assertThat(output.lines().findFirst().orElseThrow()).as("the columns in the model's order")
        .containsPattern("^NAME\\s+TABLE\\s+PITR\\s+PERIOD\\s+LATEST RESTORABLE\\s+READY\\s+AGE$");
    assertThat(output).containsPattern("shown\\s.*" + table).contains("ENABLED").contains("35").contains("True");
  }

  @Test
  void waitsForATableThatIsStillCreatingWithoutFlapping() {
    String table = tableName("creating");
    createTable(table);
    keepCreating(table);
    create(protectedTable("creating", table));
    ProtectedTable waiting = awaitReady("creating", "TableNotActive");
    assertThat(waiting.getStatus().getTableStatus()).isEqualTo("CREATING");
    String since = Conditions.find(waiting.getStatus().getConditions(), Conditions.READY).orElseThrow()
        .getLastTransitionTime();

    ProtectedTable later = awaitStatus("creating",
        p -> !p.getStatus().getLastCheckTime().equals(waiting.getStatus().getLastCheckTime()));

    assertThat(Conditions.find(later.getStatus().getConditions(), Conditions.READY).orElseThrow()
        .getLastTransitionTime()).as("re-checked, but the condition did not flap").isEqualTo(since);
    assertThat(aws.count("UpdateContinuousBackups")).isZero();

    aws.clearRewrites();

    awaitReady("creating", "Protected");
  }

  @Test
  void waitsWhileAwsIsStillTurningPitrOnAndAsksOnlyOnce() {
    String table = tableName("enabling");
    createTable(table);
    aws.rewriteAnswers("UpdateContinuousBackups", ProtectedTableLifecycleTest::stillEnabling);
    aws.rewriteAnswers("DescribeContinuousBackups", body -> body.contains("\"ENABLED\"") ? stillEnabling(body) : body);
    create(protectedTable("enabling", table));

    ProtectedTable waiting = awaitReady("enabling", "PointInTimeRecoveryEnabling");
    awaitStatus("enabling", p -> !p.getStatus().getLastCheckTime().equals(waiting.getStatus().getLastCheckTime()));
    assertThat(aws.count("UpdateContinuousBackups")).as("no second request while AWS is enabling").isEqualTo(1);

    aws.clearRewrites();

    awaitReady("enabling", "Protected");
    assertThat(aws.count("UpdateContinuousBackups")).isEqualTo(1);
  }

  private static String stillEnabling(String body) {
    return body.replaceAll("\"PointInTimeRecoveryStatus\"\\s*:\\s*\"ENABLED\"",
        "\"PointInTimeRecoveryStatus\": \"ENABLING\"");
  }

  @Test
  void changingTheRecoveryPeriodUpdatesTheTable() {
    String table = protectTable("payments");

    client.resources(ProtectedTable.class).inNamespace(namespace).withName("payments").edit(pt -> {
      pt.getSpec().setRecoveryPeriodDays(7);
      return pt;
    });

    ProtectedTable pt = awaitStatus("payments", p -> p.getStatus().getObservedGeneration() == 2
        && Integer.valueOf(7).equals(p.getStatus().getPointInTimeRecovery().getRecoveryPeriodDays()));
    assertThat(pitrOf(table).recoveryPeriodInDays()).isEqualTo(7);
    assertThat(Conditions.reason(pt.getStatus().getConditions(), Conditions.READY)).hasValue("Protected");
    assertThat(pt.getStatus().getDriftCount()).as("a spec change is not drift").isZero();
    assertThat(awaitEvent("payments", "RecoveryPeriodUpdated").getNote()).contains("from 35 to 7 days");
  }

  @Test
  void waitsForATableThatDoesNotExistYetAndProtectsItWhenItAppears() {
    String table = tableName("late");
    create(protectedTable("late", table));

    ProtectedTable missing = awaitReady("late", "TableNotFound");
    assertThat(missing.getStatus().getMessage()).contains(table).contains("was not found")
        .contains("create it, or correct spec.tableName");
    assertThat(awaitEvent("late", "TableNotFound").getType()).isEqualTo("Warning");

    createTable(table);

    awaitReady("late", "Protected");
    assertThat(pitrOf(table).pointInTimeRecoveryStatus()).isEqualTo(PointInTimeRecoveryStatus.ENABLED);
  }

  @Test
  void deletionWithRetainLeavesPitrOn() {
    String table = protectTable("kept");

    client.resources(ProtectedTable.class).inNamespace(namespace).withName("kept").delete();

    await().atMost(STATUS_TIMEOUT).until(() -> get("kept") == null);
    assertThat(pitrOf(table).pointInTimeRecoveryStatus()).isEqualTo(PointInTimeRecoveryStatus.ENABLED);
    assertThat(dynamo.listTables().tableNames()).as("the table is never deleted").contains(table);
  }

  @Test
  void deletionWithDisableTurnsPitrOffAndKeepsTheTable() {
    String table = tableName("scratch");
    createTable(table);
    ProtectedTable pt = protectedTable("scratch", table);
    pt.getSpec().setDeletionPolicy(DeletionPolicy.Disable);
    create(pt);
    awaitReady("scratch", "Protected");

    client.resources(ProtectedTable.class).inNamespace(namespace).withName("scratch").delete();

    await().atMost(STATUS_TIMEOUT).until(() -> get("scratch") == null);
    assertThat(pitrOf(table).pointInTimeRecoveryStatus()).isEqualTo(PointInTimeRecoveryStatus.DISABLED);
    assertThat(dynamo.listTables().tableNames()).contains(table);
    assertThat(awaitEvent("scratch", "PointInTimeRecoveryDisabled").getNote()).contains("the table itself is kept");
  }
}
