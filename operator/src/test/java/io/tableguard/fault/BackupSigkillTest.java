package io.tableguard.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tableguard.model.backup.BackupPhase;
import io.tableguard.model.backup.TableBackup;
import io.tableguard.testsupport.AwsFaultProxy.Hold;
import io.tableguard.testsupport.AwsFaultProxy.HoldPoint;
import io.tableguard.testsupport.OperatorProcess;
import io.tableguard.testsupport.StatusHistory;
import io.tableguard.testsupport.TableguardResources;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator, as its own process, SIGKILLed between the backup's name on status and CreateBackup's answer:
 * before AWS heard of it, and after AWS made the backup. A fresh process finds the name without an ARN, looks
 * for the backup by that name and asks again only when the listing window has passed without it: each
 * TableBackup ends Available with exactly one backup in AWS, and its phase never goes back.
 */
class BackupSigkillTest extends ProcessFaultTestBase {
  /** Short, so that the case where AWS never heard of the request asks again soon. */
  private static final String LISTING_WINDOW_SECONDS = "5";

  private StatusHistory<TableBackup, BackupPhase> backupPhases;
  private OperatorProcess running;

  @BeforeEach
  void startOperatorAndWatchPhases() {
    running = start("first");
    backupPhases = StatusHistory.watch(kube.client(), namespace, TableBackup.class,
        b -> b.getStatus() == null ? null : b.getStatus().getPhase());
  }

  @AfterEach
  void noPhaseWentBackwards() {
    backupPhases.all().forEach((name, seen) -> {
      for (int i = 1; i < seen.size(); i++) {
        assertThat(seen.get(i).ordinal()).as("%s went %s", name, seen)
            .isGreaterThanOrEqualTo(seen.get(i - 1).ordinal());
        assertThat(seen.get(i - 1).terminal()).as("%s left a terminal phase: %s", name, seen).isFalse();
      }
    });
    backupPhases.close();
  }

  @Test
  void killedAfterTheNameIsRecordedAndBeforeAwsHearsOfIt() {
    String table = protectTable("orders");

    TableBackup done = backupKilledAt("recorded", HoldPoint.BEFORE_FORWARD);

    assertThat(aws.forwardedCount("CreateBackup")).as("asked again once the window passed").isEqualTo(1);
    assertThat(backupsOf(table)).containsExactly(done.getStatus().getBackupArn());
  }

  @Test
  void killedAfterAwsMadeTheBackupAndBeforeItsAnswer() {
    String table = protectTable("orders");

    TableBackup done = backupKilledAt("accepted", HoldPoint.AFTER_FORWARD);

    assertThat(aws.count("CreateBackup")).as("found by its name, never asked again").isEqualTo(1);
    assertThat(backupsOf(table)).containsExactly(done.getStatus().getBackupArn());
  }

  /** Creates a TableBackup, holds its CreateBackup, kills the operator, lets a new one finish. */
  private TableBackup backupKilledAt(String name, HoldPoint point) {
    Hold hold = aws.holdNext("CreateBackup", point);
    kube.client().resource(TableguardResources.tableBackup(name, "orders")).inNamespace(namespace).create();
    hold.awaitHeld(Duration.ofSeconds(60));
    TableBackup recorded = kube.client().resources(TableBackup.class).inNamespace(namespace).withName(name).get();
    assertThat(recorded.getStatus().getBackupName()).as("the name is on status before the call").isNotNull();
    running.kill();
    hold.drop();
    running = start("after-" + name);
    await().atMost(Duration.ofSeconds(90)).until(() -> {
      TableBackup now = kube.client().resources(TableBackup.class).inNamespace(namespace).withName(name).get();
      return now.getStatus() != null && now.getStatus().getPhase().terminal();
    });
    TableBackup done = kube.client().resources(TableBackup.class).inNamespace(namespace).withName(name).get();
    assertThat(done.getStatus().getPhase()).as(done.getStatus().getMessage()).isEqualTo(BackupPhase.Available);
    System.out.printf("%s killed %s: %s, %d CreateBackup call(s), %d reached AWS%n", name, point,
        done.getStatus().getPhase(), aws.count("CreateBackup"), aws.forwardedCount("CreateBackup"));
    return done;
  }

  private OperatorProcess start(String name) {
    return operators.start(name, aws.endpoint(), Map.of("TABLEGUARD_LEADER_ELECTION", "false",
        "TABLEGUARD_BACKUP_LISTING_WINDOW_SECONDS", LISTING_WINDOW_SECONDS)).awaitReady(STARTUP);
  }

  private List<String> backupsOf(String table) {
    return dynamo.listBackups(r -> r.tableName(table)).backupSummaries().stream().map(s -> s.backupArn()).toList();
  }
}
