package io.tableguard.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.tableguard.config.OperatorSettings;
import io.tableguard.kube.Conditions;
import io.tableguard.model.SharedReason;
import io.tableguard.model.backup.BackupPhase;
import io.tableguard.model.backup.TableBackup;
import io.tableguard.model.schedule.BackupRetention;
import io.tableguard.model.restore.RestorePhase;
import io.tableguard.model.restore.TableRestore;
import io.tableguard.model.schedule.TableBackupSchedule;
import io.tableguard.testsupport.AwsFaultProxy.HoldPoint;
import io.tableguard.testsupport.MutableClock;
import io.tableguard.testsupport.OperatorTestBase;
import io.tableguard.testsupport.TableguardResources;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.BackupNotFoundException;

/**
 * TableBackupSchedule through its public surface: the operator's clock is moved by hand (the test-only clock seam)
 * across both daylight-saving changes of Europe/Berlin in 2027, the backups are real TableBackups made by the
 * TableBackup controller on the time-faithful emulator, and retention is checked in AWS.
 */
class TableBackupScheduleTest extends OperatorTestBase {
  private final MutableClock clock = new MutableClock(Instant.now());

  @Override
  protected boolean timeFaithfulAws() {
    return true;
  }

  @Override
  protected Clock operatorClock() {
    return clock;
  }

  @Override
  protected OperatorSettings settings() {
    return super.settings().withScheduleRecheck(Duration.ofSeconds(1));
  }

  @Test
  void backupsAreMadeOnTimeAcrossTheSpringChangeAndRetentionPrunesTheOldest() {
    protectTable("orders");
    moveTo("2027-03-26T12:00:00Z");
    TableBackupSchedule nightly = schedule("nightly", "30 2 * * *", "Europe/Berlin");
    BackupRetention retention = new BackupRetention();
    retention.setKeepLast(2);
    nightly.getSpec().setRetention(retention);

    create(nightly);
    // Created (on the API server's clock) long before: the latest missed run is made up, and only that one.
    TableBackup first = awaitChild("nightly-20270326-0130");
    awaitEvent("nightly", "RunsMissed");
    moveTo("2027-03-27T12:00:00Z");
    TableBackup second = awaitChild("nightly-20270327-0130");
    moveTo("2027-03-28T12:00:00Z");
    awaitChild("nightly-20270328-0100"); // 02:30 does not exist that night: 03:00 CEST, when the clocks jump
    moveTo("2027-03-29T12:00:00Z");
    awaitChild("nightly-20270329-0030"); // 02:30 CEST

    TableBackupSchedule status = awaitSchedule("nightly", s -> s.getStatus().getPruned() != null
        && s.getStatus().getPruned() == 2);
    assertThat(status.getStatus().getKept()).isEqualTo(2);
    assertThat(status.getStatus().getLastScheduleTime()).isEqualTo("2027-03-29T00:30:00Z");
    assertThat(status.getStatus().getNextScheduleTime()).isEqualTo("2027-03-30T00:30:00Z");
    assertThat(status.getStatus().getCatchUpPolicy()).contains("at most one missed run");
    assertThat(children("nightly")).containsExactlyInAnyOrder("nightly-20270328-0100", "nightly-20270329-0030");
    for (TableBackup pruned : List.of(first, second)) {
      assertThatThrownBy(() -> dynamo.describeBackup(r -> r.backupArn(pruned.getStatus().getBackupArn())))
          .as("pruned in AWS").isInstanceOf(BackupNotFoundException.class);
    }
    awaitEvent("nightly", "BackupPruned");

    client.resource(status).delete();
    await().atMost(STATUS_TIMEOUT).until(() -> client.resources(TableBackupSchedule.class).inNamespace(namespace)
        .withName("nightly").get() == null);
    assertThat(children("nightly")).as("deleting the schedule leaves its TableBackups and their backups")
        .hasSize(2);
    assertThat(dynamo.listBackups(r -> r.tableName(tableName("orders"))).backupSummaries()).hasSize(2);
  }

  @Test
  void theRepeatedAutumnHourRunsOnceAndNeverTwoBackupsAtOnce() {
    protectTable("orders");
    moveTo("2027-10-30T12:00:00Z");
    create(schedule("nightly", "30 2 * * *", "Europe/Berlin"));
    awaitChild("nightly-20271030-0030");

    moveTo("2027-10-31T00:45:00Z"); // 02:45 CEST: the first 02:30 has passed
    awaitChild("nightly-20271031-0030");
    moveTo("2027-10-31T01:45:00Z"); // 02:45 CET: the repeated 02:30 has passed too
    awaitSchedule("nightly", s -> "2027-10-31T00:30:00Z".equals(s.getStatus().getLastScheduleTime()));
    moveTo("2027-11-01T00:00:00Z");
    awaitSchedule("nightly", s -> "2027-11-01T01:30:00Z".equals(s.getStatus().getNextScheduleTime()));
    assertThat(children("nightly")).containsExactlyInAnyOrder("nightly-20271030-0030", "nightly-20271031-0030");

    // A backup that does not finish holds the next one back: never two at once.
    var held = aws.holdNext("CreateBackup", HoldPoint.BEFORE_FORWARD);
    moveTo("2027-11-01T12:00:00Z");
    held.awaitHeld(STATUS_TIMEOUT);
    moveTo("2027-11-02T12:00:00Z");
    TableBackupSchedule waiting = awaitSchedule("nightly", s -> s.getStatus().getMessage() != null
        && s.getStatus().getMessage().contains("never two at once"));
    assertThat(waiting.getStatus().getMessage()).contains("nightly-20271101-0130");
    assertThat(children("nightly")).hasSize(3);
    held.release();
    awaitChild("nightly-20271101-0130");
    awaitChild("nightly-20271102-0130");
  }

  /** Retention leaves a backup a TableRestore is reading from until the restore has ended. */
  @Test
  void aBackupBeingRestoredFromIsNotPrunedUntilTheRestoreEnds() {
    protectTable("orders");
    // Every minute, so that the clock moves by a minute only: the held restore keeps looking every few seconds.
    moveTo("2027-06-01T12:00:30Z");
    TableBackupSchedule minutely = schedule("minutely", "* * * * *", "UTC");
    BackupRetention retention = new BackupRetention();
    retention.setKeepLast(1);
    minutely.getSpec().setRetention(retention);
    create(minutely);
    awaitChild("minutely-20270601-1200");
    String target = tableName("orders-noon");
    keepCreating(target);
    TableRestore restore = TableguardResources.tableRestore("from-noon", "unused", target);
    restore.getSpec().getSource().setProtectedTableRef(null);
    restore.getSpec().setRestorePoint(null);
    restore.getSpec().getSource().setBackupRef("minutely-20270601-1200");
    create(restore);
    awaitRestore("from-noon", r -> r.getStatus().getPhase() == RestorePhase.Restoring);

    moveTo("2027-06-01T12:01:30Z");
    awaitChild("minutely-20270601-1201");
    TableBackupSchedule held = awaitSchedule("minutely", s -> s.getStatus().getKept() != null
        && s.getStatus().getKept() == 1 && "minutely-20270601-1201".equals(s.getStatus().getLastBackup()));
    assertThat(children("minutely")).as("kept while restored from").contains("minutely-20270601-1200");
    assertThat(held.getStatus().getPruned()).isZero();

    aws.clearRewrites();
    awaitRestore("from-noon", r -> r.getStatus().getPhase() == RestorePhase.Completed);
    awaitSchedule("minutely", s -> s.getStatus().getPruned() != null && s.getStatus().getPruned() == 1);
    assertThat(children("minutely")).containsExactly("minutely-20270601-1201");
  }

  @Test
  void badSpecsAreRefusedNamingTheField() {
    TableBackupSchedule fourFields = schedule("four-fields", "0 2 * *", "UTC");
    assertThatThrownBy(() -> create(fourFields)).isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("spec.schedule must be a cron expression of 5 fields");

    TableBackupSchedule keepsNothing = schedule("keeps-nothing", "0 2 * * *", "UTC");
    BackupRetention nothing = new BackupRetention();
    nothing.setKeepLast(0);
    keepsNothing.getSpec().setRetention(nothing);
    assertThatThrownBy(() -> create(keepsNothing)).isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("spec.retention must keep something");

    create(schedule("mars", "0 2 * * *", "Mars/Olympus_Mons"));
    TableBackupSchedule refused = awaitSchedule("mars", s -> Conditions.hasReason(s.getStatus().getConditions(),
        Conditions.READY, SharedReason.InvalidSpec));
    assertThat(refused.getStatus().getMessage()).startsWith("spec.timeZone: Mars/Olympus_Mons");
    awaitEvent("mars", "InvalidSpec");
    assertThat(aws.count("CreateBackup")).isZero();
  }

  private void moveTo(String instant) {
    clock.advance(Duration.between(clock.instant(), Instant.parse(instant)));
  }

  private TableBackupSchedule schedule(String name, String cron, String timeZone) {
    TableBackupSchedule schedule = TableguardResources.backupSchedule(name, "orders", cron);
    schedule.getMetadata().setNamespace(namespace);
    schedule.getSpec().setTimeZone(timeZone);
    return schedule;
  }

  private TableBackupSchedule create(TableBackupSchedule schedule) {
    return client.resource(schedule).create();
  }

  private TableBackupSchedule awaitSchedule(String name, Predicate<TableBackupSchedule> condition) {
    await().atMost(STATUS_TIMEOUT).until(() -> {
      TableBackupSchedule now = client.resources(TableBackupSchedule.class).inNamespace(namespace).withName(name)
          .get();
      return now != null && now.getStatus() != null && condition.test(now);
    });
    return client.resources(TableBackupSchedule.class).inNamespace(namespace).withName(name).get();
  }

  /** The TableBackup of that name, once it is Available. */
  private TableBackup awaitChild(String name) {
    await().atMost(STATUS_TIMEOUT).until(() -> {
      TableBackup child = client.resources(TableBackup.class).inNamespace(namespace).withName(name).get();
      return child != null && child.getStatus() != null && child.getStatus().getPhase() == BackupPhase.Available;
    });
    return client.resources(TableBackup.class).inNamespace(namespace).withName(name).get();
  }

  private List<String> children(String schedule) {
    return client.resources(TableBackup.class).inNamespace(namespace).withLabel(TableBackup.SCHEDULE_LABEL, schedule)
        .list().getItems().stream().map(b -> b.getMetadata().getName()).toList();
  }
}
