package io.tableguard.restore;

import static io.tableguard.restore.RestoredTables.at;
import static io.tableguard.restore.RestoredTables.deleting;
import static io.tableguard.restore.RestoredTables.exists;
import static io.tableguard.restore.RestoredTables.tags;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tableguard.kube.Conditions;
import io.tableguard.model.restore.RestorePhase;
import io.tableguard.model.restore.TableRestore;
import io.tableguard.model.restore.TargetOwnership;
import io.tableguard.testsupport.AwsFaultProxy.Fault;
import io.tableguard.testsupport.AwsFaultProxy.Hold;
import io.tableguard.testsupport.AwsFaultProxy.HoldPoint;
import io.tableguard.testsupport.OperatorTestBase;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Only a table this TableRestore provably created (the answer to its restore call, or its UID tag) is ever
 * tagged, configured or deleted; a table that merely answers its request is reported and left as it is.
 */
class RestoreOwnershipTest extends OperatorTestBase {

  @Override
  protected boolean timeFaithfulAws() {
    return true;
  }

  @Test
  void aLostAnswerEndsOwnershipUnprovenAndTheTableIsNeverChangedOrDeleted() throws Exception {
    protectTable("orders");
    String target = tableName("copy");
    aws.loseAnswers("RestoreTableToPointInTime", 1);

    create(deleting(tableRestore("copy", "orders", target)));

    assertUnprovenAndUntouched("copy", target);
    assertThat(aws.forwardedCount("RestoreTableToPointInTime")).as("AWS restored once").isEqualTo(1);
    assertKeptWhenDeleted("copy", target);
  }

  @Test
  void aTableSomeoneRestoredByHandWhileTheOperatorWasDownIsNeverAdoptedOrDeleted() throws Exception {
    String source = protectTable("orders");
    String target = tableName("copy");
    // The request is recorded, but the restore call never reaches AWS; then the operator stops.
    aws.failAlways("RestoreTableToPointInTime", Fault.serverError());
    create(deleting(tableRestore("copy", "orders", target)));
    TableRestore requested = awaitRestore("copy", r -> r.getStatus().getRestoreRequestedTime() != null);
    await().atMost(STATUS_TIMEOUT).until(() -> aws.count("RestoreTableToPointInTime") > 0);
    stopOperator();
    aws.clearFaults();

    // A person restores the same source to the same instant into the same name.
    dynamo.restoreTableToPointInTime(r -> r.sourceTableName(source).targetTableName(target)
        .restoreDateTime(Instant.parse(requested.getStatus().getRestoreDateTime())));
    startOperator();

    assertUnprovenAndUntouched("copy", target);
    assertThat(aws.forwardedCount("RestoreTableToPointInTime")).as("the operator never restored").isZero();
    assertKeptWhenDeleted("copy", target);
  }

  @Test
  void aMillisecondRestoreTimeIsSentAsWrittenAndStillMatchesAfterARestart() {
    protectTable("orders");
    String time = lastGoodSecond().plusMillis(123).toString();
    String target = tableName("copy");
    keepCreating(target);
    aws.loseAnswers("RestoreTableToPointInTime", 1);
    create(at(tableRestore("copy", "orders", target), time));
    awaitRestore("copy", r -> r.getStatus().getTargetTableArn() != null);

    stopOperator();
    aws.clearCalls();
    startOperator();
    aws.clearRewrites();

    TableRestore done = awaitPhase("copy", RestorePhase.Completed);
    assertThat(done.getStatus().getRestoreDateTime()).isEqualTo(time).endsWith(".123Z");
    assertThat(dynamo.describeTable(r -> r.tableName(target)).table().restoreSummary().restoreDateTime())
        .as("what AWS restored to is what status shows").isEqualTo(Instant.parse(time));
    assertThat(Conditions.reason(done.getStatus().getConditions(), Conditions.READY))
        .as("recognised as the answer to its own request, not refused as another's table")
        .hasValue("OwnershipUnproven");
    assertThat(aws.count("RestoreTableToPointInTime")).as("never a second restore").isZero();
  }

  /** Protects "orders" with TTL on (the first setting copied) and names the restore's target: "copy". */
  private String protectTableWithTimeToLiveAndNameCopy() {
    String source = protectTable("orders");
    dynamo.updateTimeToLive(r -> r.tableName(source).timeToLiveSpecification(s -> s.enabled(true)
        .attributeName("expiresAt")));
    return tableName("copy");
  }

  /**
   * Issue 15, defect 13: a settings write in flight while the target is deleted and re-created under its name
   * lands on the new table; the table is described again after the writes, so the restore fails instead of
   * ending Completed, and the SDK never resends the write by itself.
   */
  @Test
  void aSettingsWriteInFlightWhileTheTableIsReplacedFailsTheRestore() {
    String target = protectTableWithTimeToLiveAndNameCopy();
    Hold held = aws.holdNext("UpdateTimeToLive", HoldPoint.BEFORE_FORWARD);
    create(tableRestore("copy", "orders", target));
    held.awaitHeld(Duration.ofSeconds(60));

    dynamo.deleteTable(r -> r.tableName(target));
    createTable(target);
    held.release();

    TableRestore failed = awaitPhase("copy", RestorePhase.Failed);
    assertThat(Conditions.reason(failed.getStatus().getConditions(), "Failed")).hasValue("TargetTableReplaced");
    assertThat(aws.count("UpdateTimeToLive")).as("sent once, never retried by the SDK").isEqualTo(1);
  }

  @Test
  void settingsAreNeverCopiedOntoATableThatReplacedTheRestoredOne() {
    String target = protectTableWithTimeToLiveAndNameCopy();
    // TimeToLive is copied first: while AWS throttles it, no setting reaches the table.
    aws.failAlways("UpdateTimeToLive", Fault.throttling());
    create(tableRestore("copy", "orders", target));
    awaitPhase("copy", RestorePhase.ApplyingSettings);

    dynamo.deleteTable(r -> r.tableName(target));
    createTable(target);
    aws.clearFaults();

    TableRestore failed = awaitPhase("copy", RestorePhase.Failed);
    assertThat(Conditions.reason(failed.getStatus().getConditions(), "Failed")).hasValue("TargetTableReplaced");
    assertThat(failed.getStatus().getMessage()).contains("is no longer the table this TableRestore restored")
        .contains("Nothing was changed on it");
    assertThat(tags(dynamo, target)).isEmpty();
    assertThat(dynamo.describeTimeToLive(r -> r.tableName(target)).timeToLiveDescription()
        .timeToLiveStatusAsString()).isEqualTo("DISABLED");
    assertThat(pitrOf(target).pointInTimeRecoveryStatusAsString()).isEqualTo("DISABLED");
  }

  @Test
  void deletionRemovesOnlyTheTableThisRestoreCreated() {
    protectTable("orders");
    String ours = tableName("ours");
    String replaced = tableName("replaced");
    create(deleting(tableRestore("ours", "orders", ours)));
    create(deleting(tableRestore("replaced", "orders", replaced)));
    awaitPhase("ours", RestorePhase.Completed);
    awaitPhase("replaced", RestorePhase.Completed);
    dynamo.untagResource(r -> r.resourceArn(getRestore("ours").getStatus().getTargetTableArn())
        .tagKeys("tableguard.io/restore-uid"));
    dynamo.deleteTable(r -> r.tableName(replaced));
    createTable(replaced);

    client.resource(getRestore("ours")).delete();
    client.resource(getRestore("replaced")).delete();

    await().atMost(STATUS_TIMEOUT).until(() -> getRestore("ours") == null && getRestore("replaced") == null);
    assertThat(exists(dynamo, ours)).as("its creation was seen in the restore call's answer: the tag is not needed")
        .isFalse();
    assertThat(exists(dynamo, replaced)).as("another table under the same name: left alone").isTrue();
    assertThat(awaitEvent("replaced", "TableNotDeleted").getNote()).contains("left alone")
        .contains("is no longer the table this TableRestore restored");
  }

  @Test
  void deletionNeverLiftsDeletionProtectionThatAPersonSet() {
    protectTable("orders");
    String target = tableName("copy");
    create(deleting(tableRestore("copy", "orders", target)));
    awaitPhase("copy", RestorePhase.Completed);
    // The source had no deletion protection; a person turns it on once the restored table is in use.
    dynamo.updateTable(r -> r.tableName(target).deletionProtectionEnabled(true));
    aws.clearCalls();

    client.resource(getRestore("copy")).delete();

    await().atMost(STATUS_TIMEOUT).until(() -> getRestore("copy") == null);
    assertThat(exists(dynamo, target)).as("a table a person protected is kept").isTrue();
    assertThat(dynamo.describeTable(r -> r.tableName(target)).table().deletionProtectionEnabled())
        .as("deletion protection is still on").isTrue();
    assertThat(aws.count("UpdateTable")).as("protection never lifted").isZero();
    assertThat(aws.count("DeleteTable")).as("never deleted").isZero();
    assertThat(awaitEvent("copy", "TableNotDeleted").getNote()).contains("deletion protection")
        .contains("not set by this TableRestore");
  }

  private void assertUnprovenAndUntouched(String name, String target) throws Exception {
    TableRestore done = awaitPhase(name, RestorePhase.Completed);
    assertThat(Conditions.reason(done.getStatus().getConditions(), Conditions.READY)).hasValue("OwnershipUnproven");
    assertThat(done.getStatus().getTargetOwnership()).isEqualTo(TargetOwnership.Unproven);
    assertThat(done.getStatus().getMessage()).contains("cannot prove it created it").contains("CloudTrail")
        .contains("Nothing was changed on it");
    assertThat(done.getStatus().getAppliedSettings()).isEmpty();
    assertThat(done.getStatus().getTargetTableArn())
        .isEqualTo(dynamo.describeTable(r -> r.tableName(target)).table().tableArn());
    assertThat(tags(dynamo, target)).as("never tagged").isEmpty();
    assertThat(pitrOf(target).pointInTimeRecoveryStatusAsString()).as("no setting copied").isEqualTo("DISABLED");
    assertThat(awaitEvent(name, "OwnershipUnproven").getType()).isEqualTo("Warning");
    assertThat(scrapeMetrics().value("tableguard_unowned_restored_tables", unowned(name, target))).hasValue(1.0);
  }

  private void assertKeptWhenDeleted(String name, String target) throws Exception {
    kube.kubectl("delete", "tablerestore", name, "-n", namespace);

    await().atMost(STATUS_TIMEOUT).until(() -> getRestore(name) == null);
    assertThat(exists(dynamo, target)).as("deletionPolicy Delete never deletes an unproven table").isTrue();
    assertThat(tags(dynamo, target)).isEmpty();
    assertThat(awaitEvent(name, "TableNotDeleted").getNote()).contains("could not prove");
    assertThat(scrapeMetrics().value("tableguard_unowned_restored_tables", unowned(name, target))).isEmpty();
  }

  private Map<String, String> unowned(String name, String target) {
    return Map.of("namespace", namespace, "name", name, "table", target);
  }
}
