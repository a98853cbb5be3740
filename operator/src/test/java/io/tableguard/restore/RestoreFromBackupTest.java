package io.tableguard.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.tableguard.kube.Conditions;
import io.tableguard.model.SharedReason;
import io.tableguard.model.backup.BackupPhase;
import io.tableguard.model.backup.TableBackup;
import io.tableguard.model.restore.RestorePhase;
import io.tableguard.model.restore.TableRestore;
import io.tableguard.testsupport.OperatorTestBase;
import io.tableguard.testsupport.TableguardResources;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * TableRestore from a backup (spec.source.backupRef or backupArn), through RestoreTableFromBackup on the
 * time-faithful emulator: the new table holds the backup's items even after the source table is deleted, the
 * settings the TableBackup recorded are put back, and a namespace restores only backups of tables it may use.
 */
class RestoreFromBackupTest extends OperatorTestBase {

  @Override
  protected boolean timeFaithfulAws() {
    return true;
  }

  @Test
  void aTableBackupIsRestoredAfterItsSourceTableIsDeletedWithItsSettings() {
    String orders = protectTable("orders");
    dynamo.updateTimeToLive(r -> r.tableName(orders).timeToLiveSpecification(t -> t.enabled(true)
        .attributeName("expiresAt")));
    IntStream.range(0, 20).forEach(i -> dynamo.putItem(r -> r.tableName(orders)
        .item(Map.of("pk", AttributeValue.fromS("order-" + i)))));
    createBackup("orders-q4", "orders");
    String backupArn = awaitBackup("orders-q4").getStatus().getBackupArn();
    // The disaster: the table is gone (its ProtectedTable stays, now not Ready).
    dynamo.deleteTable(r -> r.tableName(orders));

    TableRestore restore = fromBackup("from-q4", tableName("orders-back"));
    restore.getSpec().getSource().setBackupRef("orders-q4");
    create(restore);
    TableRestore done = awaitRestore("from-q4", r -> r.getStatus().getPhase() != null
        && r.getStatus().getPhase().terminal());

    assertThat(done.getStatus().getPhase()).as(done.getStatus().getMessage()).isEqualTo(RestorePhase.Completed);
    assertThat(done.getStatus().getSourceBackupArn()).isEqualTo(backupArn);
    assertThat(done.getStatus().getSourceTableName()).isEqualTo(orders);
    assertThat(dynamo.scanPaginator(r -> r.tableName(tableName("orders-back"))).items().stream()).hasSize(20);
    assertThat(dynamo.describeTimeToLive(r -> r.tableName(tableName("orders-back"))).timeToLiveDescription()
        .attributeName()).as("TTL as the TableBackup recorded it").isEqualTo("expiresAt");
    assertThat(aws.count("RestoreTableFromBackup")).isEqualTo(1);
    assertThat(aws.count("RestoreTableToPointInTime")).isZero();
  }

  @Test
  void aBackupArnIsRestoredWithNoTableBackupAtAll() {
    String ledger = tableName("ledger");
    createTable(ledger);
    IntStream.range(0, 5).forEach(i -> dynamo.putItem(r -> r.tableName(ledger)
        .item(Map.of("pk", AttributeValue.fromS("entry-" + i)))));
    String arn = dynamo.createBackup(r -> r.tableName(ledger).backupName("ledger-before-rebuild")).backupDetails()
        .backupArn();
    dynamo.deleteTable(r -> r.tableName(ledger));

    TableRestore restore = fromBackup("rebuild", tableName("ledger-back"));
    restore.getSpec().getSource().setBackupArn(arn);
    create(restore);
    TableRestore done = awaitRestore("rebuild", r -> r.getStatus().getPhase() != null
        && r.getStatus().getPhase().terminal());

    assertThat(done.getStatus().getPhase()).as(done.getStatus().getMessage()).isEqualTo(RestorePhase.Completed);
    assertThat(dynamo.scanPaginator(r -> r.tableName(tableName("ledger-back"))).items().stream()).hasSize(5);
    assertThat(Conditions.reason(done.getStatus().getConditions(), Conditions.READY))
        .as("what could not be put back is named").contains("CompletedWithWarnings");
    assertThat(done.getStatus().getMessage()).contains("Tags", "DeletionProtection", "AutoScaling",
        "PointInTimeRecovery");
    awaitEvent("rebuild", "SettingNotCopied");
  }

  /**
   * A hostile namespace restores, by its ARN, a backup of a table the first namespace protects: refused before any
   * restore call, whatever the access policy allows.
   */
  @Test
  void anotherNamespaceCannotRestoreABackupOfATableThisOneProtects() {
    protectTable("orders");
    createBackup("orders-q4", "orders");
    String arn = awaitBackup("orders-q4").getStatus().getBackupArn();
    aws.clearCalls();

    String hostile = kube.createNamespace("hostile");
    TableguardResources theirs = new TableguardResources(client, hostile);
    try {
      TableRestore steal = fromBackup("steal", hostile + "-copy");
      steal.getSpec().getSource().setBackupArn(arn);
      theirs.create(steal);
      TableRestore refused = theirs.awaitRestore("steal", r -> r.getStatus().getPhase() == RestorePhase.Failed);

      assertThat(Conditions.reason(refused.getStatus().getConditions(), Conditions.READY))
          .contains(SharedReason.TableNotAllowed.name());
      assertThat(refused.getStatus().getMessage()).contains("another namespace");
      assertThat(aws.count("RestoreTableFromBackup") + aws.count("DescribeBackup")).isZero();
    } finally {
      kube.deleteTableguardResources(hostile);
    }
  }

  @Test
  void aRestoreNamesExactlyOneSource() {
    protectTable("orders");
    TableRestore both = TableguardResources.tableRestore("both", "orders", tableName("both"));
    both.getSpec().getSource().setProtectedTableRef(null);
    both.getSpec().getSource().setBackupRef("orders-q4");
    assertThatThrownBy(() -> create(both)).isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("exactly one of spec.restorePoint, spec.source.backupRef and spec.source.backupArn");

    TableRestore two = fromBackup("two", tableName("two"));
    two.getSpec().getSource().setBackupRef("orders-q4");
    two.getSpec().getSource().setBackupArn("arn:aws:dynamodb:us-east-1:000000000000:table/orders/backup/"
        + "01700000000000-0123abcd");
    assertThatThrownBy(() -> create(two)).isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("spec.source.backupRef and spec.source.backupArn are two sources");

    TableRestore missing = fromBackup("missing", tableName("missing"));
    missing.getSpec().getSource().setBackupRef("no-such-backup");
    create(missing);
    TableRestore failed = awaitRestore("missing", r -> r.getStatus().getPhase() == RestorePhase.Failed);
    assertThat(failed.getStatus().getMessage()).contains("TableBackup " + namespace + "/no-such-backup does not exist");
  }

  private TableRestore fromBackup(String name, String target) {
    TableRestore restore = TableguardResources.tableRestore(name, "unused", target);
    restore.getSpec().getSource().setProtectedTableRef(null);
    restore.getSpec().setRestorePoint(null);
    return restore;
  }

  private void createBackup(String name, String protectedTable) {
    client.resource(TableguardResources.tableBackup(name, protectedTable)).inNamespace(namespace).create();
  }

  private TableBackup awaitBackup(String name) {
    await().atMost(STATUS_TIMEOUT).until(() -> {
      TableBackup now = client.resources(TableBackup.class).inNamespace(namespace).withName(name).get();
      return now.getStatus() != null && now.getStatus().getPhase() == BackupPhase.Available;
    });
    return client.resources(TableBackup.class).inNamespace(namespace).withName(name).get();
  }
}
