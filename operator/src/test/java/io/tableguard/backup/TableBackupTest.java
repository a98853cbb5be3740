package io.tableguard.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.tableguard.config.OperatorSettings;
import io.tableguard.emulator.BackupTiming;
import io.tableguard.emulator.PitrEmulator;
import io.tableguard.kube.Conditions;
import io.tableguard.model.SharedReason;
import io.tableguard.model.backup.BackupDeletionPolicy;
import io.tableguard.model.backup.BackupPhase;
import io.tableguard.model.backup.BackupReason;
import io.tableguard.model.backup.TableBackup;
import io.tableguard.testsupport.AwsFaultProxy.HoldPoint;
import io.tableguard.testsupport.OperatorTestBase;
import io.tableguard.testsupport.TableguardResources;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BackupNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * TableBackup through its public surface, on the time-faithful emulator: the backup holds the table's items of
 * its time, is made exactly once across lost answers, is deleted only on an explicit delete with deletionPolicy:
 * Delete (never with its namespace, never when adopted), and one namespace can neither back up nor adopt what
 * another protects.
 */
class TableBackupTest extends OperatorTestBase {
  /** A new backup is listed only this long after it was made (on the emulator's clock, here the real one). */
  private static final Duration LISTING_LAG = Duration.ofSeconds(3);
  private static final Duration LISTING_WINDOW = Duration.ofSeconds(8);

  @Override
  protected boolean timeFaithfulAws() {
    return true;
  }

  @Override
  protected PitrEmulator.Options emulatorOptions() {
    return super.emulatorOptions().withBackupTiming(new BackupTiming(Duration.ZERO, LISTING_LAG));
  }

  @Override
  protected OperatorSettings settings() {
    return super.settings().withBackupListingWindow(LISTING_WINDOW);
  }

  @Test
  void aBackupIsMadeOnceAndHoldsTheItemsOfItsTime() throws Exception {
    String table = protectTable("orders");
    for (int i = 0; i < 3; i++) {
      dynamo.putItem(put(table, "order-" + i));
    }

    create(backup("orders-q4", "orders"));
    TableBackup done = awaitBackup("orders-q4", b -> b.getStatus().getPhase() == BackupPhase.Available);
    dynamo.putItem(put(table, "order-after"));

    var status = done.getStatus();
    assertThat(status.getBackupName()).isEqualTo("tableguard-" + done.getMetadata().getUid());
    assertThat(status.getBackupArn()).startsWith(get("orders").getStatus().getTableArn() + "/backup/");
    assertThat(status.getItemCount()).isEqualTo(3);
    assertThat(status.getSizeBytes()).isPositive();
    assertThat(status.getCreationTime()).isNotNull();
    assertThat(status.getTableName()).isEqualTo(table);
    assertThat(status.getSettings().getPointInTimeRecoveryDays()).isEqualTo(35);
    assertThat(status.getObservedGeneration()).isEqualTo(1);
    assertThat(Conditions.reason(status.getConditions(), Conditions.READY)).contains("BackupAvailable");
    awaitEvent("orders-q4", BackupReason.BackupAvailable.name());
    assertThat(aws.forwardedCount("CreateBackup")).isEqualTo(1);

    String copy = tableName("orders-from-backup");
    dynamo.restoreTableFromBackup(r -> r.backupArn(status.getBackupArn()).targetTableName(copy));
    await().atMost(STATUS_TIMEOUT).until(() -> "ACTIVE".equals(dynamo.describeTable(r -> r.tableName(copy))
        .table().tableStatusAsString()));
    assertThat(dynamo.scanPaginator(r -> r.tableName(copy)).items().stream().map(i -> i.get("pk").s()))
        .as("the items of the backup's time, not the one written after")
        .containsExactlyInAnyOrder("order-0", "order-1", "order-2");

    var metrics = scrapeMetrics();
    assertThat(metrics.value("tableguard_backups_total", Map.of("outcome", "available"))).hasValue(1.0);
    assertThat(metrics.value("tableguard_backup_last_success_timestamp_seconds",
        Map.of("namespace", namespace, "name", "orders", "table", table)).orElseThrow())
        .isEqualTo(Instant.parse(status.getCreationTime()).getEpochSecond());
  }

  /**
   * The answer to CreateBackup is lost after AWS made the backup, and ListBackups lists it only seconds later: the
   * operator looks for it by name until it shows up and never asks again.
   */
  @Test
  void aLostAnswerIsFoundByItsNameAndTheBackupIsNotMadeTwice() {
    String table = protectTable("ledger");
    aws.loseAnswers("CreateBackup", 1);

    create(backup("ledger-daily", "ledger"));
    TableBackup done = awaitBackup("ledger-daily", b -> b.getStatus().getPhase() == BackupPhase.Available);

    assertThat(aws.forwardedCount("CreateBackup")).as("AWS heard CreateBackup once").isEqualTo(1);
    assertThat(aws.count("ListBackups")).as("not listed at first, then found").isGreaterThanOrEqualTo(2);
    assertThat(backupsOf(table)).extracting(BackupSummary::backupArn).containsExactly(done.getStatus().getBackupArn());
  }

  /** CreateBackup never reached AWS: after the listing window the operator asks again, under the same name. */
  @Test
  void aRequestAwsNeverHeardIsAskedAgainAfterTheListingWindow() {
    String table = protectTable("events");
    var hold = aws.holdNext("CreateBackup", HoldPoint.BEFORE_FORWARD);

    create(backup("events-daily", "events"));
    hold.awaitHeld(STATUS_TIMEOUT).drop();
    TableBackup done = awaitBackup("events-daily", b -> b.getStatus().getPhase() == BackupPhase.Available);

    assertThat(aws.count("CreateBackup")).isEqualTo(2);
    assertThat(aws.forwardedCount("CreateBackup")).isEqualTo(1);
    assertThat(backupsOf(table)).extracting(BackupSummary::backupName)
        .containsExactly(done.getStatus().getBackupName());
  }

  @Test
  void onlyAnExplicitDeleteWithDeletionPolicyDeleteDeletesTheAwsBackupNeverANamespaceDeletion() {
    protectTable("orders");
    TableBackup deleted = backup("explicit", "orders");
    deleted.getSpec().setDeletionPolicy(BackupDeletionPolicy.Delete);
    TableBackup retained = backup("retained", "orders");
    TableBackup withNamespace = backup("with-namespace", "orders");
    withNamespace.getSpec().setDeletionPolicy(BackupDeletionPolicy.Delete);
    Map<String, String> arns = new HashMap<>();
    for (TableBackup b : List.of(deleted, retained, withNamespace)) {
      create(b);
      String name = b.getMetadata().getName();
      arns.put(name, awaitBackup(name, t -> t.getStatus().getPhase() == BackupPhase.Available).getStatus()
          .getBackupArn());
    }

    deleteAndAwaitGone("explicit");
    deleteAndAwaitGone("retained");
    awaitEvent("explicit", BackupReason.BackupDeleted.name());
    awaitEvent("retained", BackupReason.BackupRetained.name());
    assertThatThrownBy(() -> dynamo.describeBackup(r -> r.backupArn(arns.get("explicit"))))
        .isInstanceOf(BackupNotFoundException.class);
    assertThat(dynamo.describeBackup(r -> r.backupArn(arns.get("retained"))).backupDescription()).isNotNull();

    // What the namespace controller does: the namespace is marked deleted, then its objects are deleted.
    client.namespaces().withName(namespace).delete();
    await().atMost(STATUS_TIMEOUT).until(() -> client.namespaces().withName(namespace).get().getMetadata()
        .getDeletionTimestamp() != null);
    deleteAndAwaitGone("with-namespace");
    assertThat(dynamo.describeBackup(r -> r.backupArn(arns.get("with-namespace"))).backupDescription()
        .backupDetails().backupStatusAsString()).as("kept although its deletionPolicy is Delete")
        .isEqualTo("AVAILABLE");
    assertThat(aws.count("DeleteBackup")).isEqualTo(1);
  }

  @Test
  void anExistingBackupOfTheTableIsAdoptedAndNeverDeleted() {
    String table = protectTable("orders");
    String arn = dynamo.createBackup(r -> r.tableName(table).backupName("made-by-hand")).backupDetails().backupArn();
    TableBackup adopt = backup("adopted", "orders");
    adopt.getSpec().setBackupArn(arn);

    create(adopt);
    TableBackup done = awaitBackup("adopted", b -> b.getStatus().getPhase() == BackupPhase.Available);
    assertThat(done.getStatus().getAdopted()).isTrue();
    assertThat(done.getStatus().getBackupName()).isEqualTo("made-by-hand");
    deleteAndAwaitGone("adopted");

    assertThat(dynamo.describeBackup(r -> r.backupArn(arn)).backupDescription()).isNotNull();
    assertThat(aws.count("CreateBackup") + aws.count("DeleteBackup")).isZero();
  }

  /**
   * A hostile namespace names the first one's ProtectedTable (not in its namespace), claims the same table with
   * a ProtectedTable of its own (which loses the claim), and adopts the first one's backup through a
   * ProtectedTable of another table: nothing is backed up, read or adopted.
   */
  @Test
  void anotherNamespaceCanNeitherBackUpNorAdoptWhatItDoesNotProtect() {
    String table = protectTable("orders");
    create(backup("orders-q4", "orders"));
    String victimArn = awaitBackup("orders-q4", b -> b.getStatus().getPhase() == BackupPhase.Available)
        .getStatus().getBackupArn();
    aws.clearCalls();

    String hostile = kube.createNamespace("hostile");
    TableguardResources theirs = new TableguardResources(client, hostile);
    try {
      theirs.create(TableguardResources.protectedTable("stolen", table));
      String own = hostile + "-own";
      createTable(own);
      theirs.create(TableguardResources.protectedTable("own", own));
      theirs.awaitReady("own", "Protected");
      create(hostile, backup("by-name", "orders"));
      create(hostile, backup("by-claim", "stolen"));
      TableBackup adopt = backup("by-arn", "own");
      adopt.getSpec().setBackupArn(victimArn);
      create(hostile, adopt);

      TableBackup byArn = awaitBackup(hostile, "by-arn", b -> b.getStatus().getPhase() == BackupPhase.Failed);
      assertThat(Conditions.reason(byArn.getStatus().getConditions(), Conditions.READY))
          .contains(BackupReason.BackupNotOfThisTable.name());
      assertThat(awaitBackup(hostile, "by-name", b -> Conditions.hasReason(b.getStatus().getConditions(),
          Conditions.READY, SharedReason.ProtectedTableNotFound)).getStatus().getPhase())
          .isEqualTo(BackupPhase.Pending);
      assertThat(awaitBackup(hostile, "by-claim", b -> Conditions.hasReason(b.getStatus().getConditions(),
          Conditions.READY, SharedReason.ProtectedTableNotReady)).getStatus().getPhase())
          .isEqualTo(BackupPhase.Pending);
      assertThat(aws.count("CreateBackup") + aws.count("DescribeBackup") + aws.count("DeleteBackup")).isZero();
      assertThat(backupsOf(table)).hasSize(1);
    } finally {
      kube.deleteTableguardResources(hostile);
    }
  }

  @Test
  void theApiServerRejectsWhatCannotBeMadeSafe() {
    protectTable("orders");
    TableBackup deleteAdopted = backup("delete-adopted", "orders");
    deleteAdopted.getSpec().setBackupArn("arn:aws:dynamodb:us-east-1:000000000000:table/orders/backup/"
        + "01700000000000-0123abcd");
    deleteAdopted.getSpec().setDeletionPolicy(BackupDeletionPolicy.Delete);
    assertThatThrownBy(() -> create(deleteAdopted)).isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("spec.deletionPolicy must be Retain with spec.backupArn");

    TableBackup notAnArn = backup("not-an-arn", "orders");
    notAnArn.getSpec().setBackupArn("arn:aws:dynamodb:us-east-1:000000000000:table/orders");
    assertThatThrownBy(() -> create(notAnArn)).isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("spec.backupArn");

    create(backup("kept", "orders"));
    awaitBackup("kept", b -> b.getStatus().getPhase() == BackupPhase.Available);
    TableBackup moved = client.resources(TableBackup.class).inNamespace(namespace).withName("kept").get();
    moved.getSpec().setProtectedTableRef("payments");
    assertThatThrownBy(() -> client.resource(moved).update()).isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("spec.protectedTableRef is immutable");
  }

  private static TableBackup backup(String name, String protectedTable) {
    return TableguardResources.tableBackup(name, protectedTable);
  }

  private TableBackup create(TableBackup backup) {
    return create(namespace, backup);
  }

  private TableBackup create(String ns, TableBackup backup) {
    backup.getMetadata().setNamespace(ns);
    return client.resource(backup).create();
  }

  private TableBackup awaitBackup(String name, Predicate<TableBackup> condition) {
    return awaitBackup(namespace, name, condition);
  }

  private TableBackup awaitBackup(String ns, String name, Predicate<TableBackup> condition) {
    await().atMost(STATUS_TIMEOUT).until(() -> {
      TableBackup now = client.resources(TableBackup.class).inNamespace(ns).withName(name).get();
      return now != null && now.getStatus() != null && condition.test(now);
    });
    return client.resources(TableBackup.class).inNamespace(ns).withName(name).get();
  }

  private void deleteAndAwaitGone(String name) {
    client.resources(TableBackup.class).inNamespace(namespace).withName(name).delete();
    await().atMost(STATUS_TIMEOUT).until(() -> client.resources(TableBackup.class).inNamespace(namespace)
        .withName(name).get() == null);
  }

  /** Every backup of the table, once any made so far is listed (ListBackups lags {@link #LISTING_LAG}). */
  private List<BackupSummary> backupsOf(String table) {
    await().pollDelay(LISTING_LAG.plusSeconds(1)).atMost(LISTING_LAG.plusSeconds(5)).until(() -> true);
    return dynamo.listBackups(r -> r.tableName(table)).backupSummaries();
  }

  private static PutItemRequest put(String table, String key) {
    return PutItemRequest.builder().tableName(table)
        .item(Map.of("pk", AttributeValue.fromS(key))).build();
  }
}
