package io.tableguard.protection;

import static org.assertj.core.api.Assertions.assertThat;

import io.tableguard.model.protection.ProtectedTable;
import io.tableguard.testsupport.OperatorTestBase;
import org.junit.jupiter.api.Test;

class ConflictTest extends OperatorTestBase {

  @Test
  void aSecondResourceForTheSameTableInAnotherNamespaceIsRefused() {
    String table = protectTable("orders");
    String otherNamespace = kube.createNamespace("conflict-other");
    ProtectedTable intruder = protectedTable("orders-too", table);
    intruder.getSpec().setRecoveryPeriodDays(1);
    intruder.getMetadata().setNamespace(otherNamespace);
    client.resource(intruder).create();

    ProtectedTable refused = awaitStatusIn(otherNamespace, "orders-too");

    assertThat(refused.getStatus().getMessage())
        .contains("is already protected by ProtectedTable " + namespace + "/orders")
        .contains("does nothing until that one is deleted");
    assertThat(pitrOf(table).recoveryPeriodInDays()).as("the later resource changed nothing").isEqualTo(35);
    assertThat(aws.count("UpdateContinuousBackups")).isEqualTo(1);
    client.resource(refused).delete();
  }

  @Test
  void deletingTheOwnerWithDisableKeepsPitrForTheResourceWaitingBehindIt() {
    String table = tableName("shared");
    createTable(table);
    ProtectedTable first = protectedTable("shared", table);
    first.getSpec().setDeletionPolicy(io.tableguard.model.protection.DeletionPolicy.Disable);
    create(first);
    awaitReady("shared", "Protected");
    String otherNamespace = kube.createNamespace("conflict-next");
    ProtectedTable next = protectedTable("shared-next", table);
    next.getMetadata().setNamespace(otherNamespace);
    client.resource(next).create();
    awaitStatusIn(otherNamespace, "shared-next");

    client.resource(get("shared")).delete();

    org.awaitility.Awaitility.await().atMost(STATUS_TIMEOUT).until(() -> get("shared") == null);
    assertThat(pitrOf(table).pointInTimeRecoveryStatusAsString()).as("history kept for the next owner")
        .isEqualTo("ENABLED");
    assertThat(aws.count("UpdateContinuousBackups")).isEqualTo(1);
    assertThat(awaitEvent("shared", "PointInTimeRecoveryKept").getNote())
        .contains(otherNamespace + "/shared-next also protects it");
    kube.deleteTableguardResources(otherNamespace);
  }

  private ProtectedTable awaitStatusIn(String ns, String name) {
    org.awaitility.Awaitility.await().atMost(STATUS_TIMEOUT).until(() -> {
      ProtectedTable pt = client.resources(ProtectedTable.class).inNamespace(ns).withName(name).get();
      return pt.getStatus() != null && pt.getStatus().getConditions().stream()
          .anyMatch(c -> "Ready".equals(c.getType()) && "Conflict".equals(c.getReason()) && "False".equals(c.getStatus()));
    });
    return client.resources(ProtectedTable.class).inNamespace(ns).withName(name).get();
  }
}
