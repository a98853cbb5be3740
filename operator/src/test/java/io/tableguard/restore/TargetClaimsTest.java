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
import io.tableguard.testsupport.AwsFaultProxy.Hold;
import io.tableguard.testsupport.AwsFaultProxy.HoldPoint;
import io.tableguard.testsupport.OperatorTestBase;
import io.tableguard.testsupport.TableguardResources;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * Two TableRestores never own one table: the first to claim the target restores into it, the other fails
 * TargetClaimed before AWS is asked, whatever the tags on AWS show at that moment (they are eventually consistent).
 */
class TargetClaimsTest extends OperatorTestBase {

  @Override
  protected boolean timeFaithfulAws() {
    return true;
  }

  @Test
  void twoRestoresOfTheSameSecondIntoOneTableCreatedTogetherNeverShareIt() {
    protectTable("orders");
    String target = tableName("copy");
    String time = lastGoodSecond().toString();
    // The winner's tag call is slowed: its table carries no tag while the other looks at it.
    Hold tagging = aws.holdNext("TagResource", HoldPoint.BEFORE_FORWARD);

    createTogether(() -> create(at(tableRestore("first", "orders", target), time)),
        () -> create(at(tableRestore("second", "orders", target), time)));

    assertOneOwner(tagging, resources, "first", resources, "second", target);
  }

  @Test
  void restoresFromTwoNamespacesIntoOneTableNameNeverShareIt() {
    protectTable("orders");
    inAnotherNamespace("target-claims-other", (other, theirs) -> {
      String ledger = tableName("ledger");
      createTable(ledger);
      theirs.create(protectedTable("ledger", ledger));
      theirs.awaitReady("ledger", "Protected");
      String target = tableName("shared");
      Hold tagging = aws.holdNext("TagResource", HoldPoint.BEFORE_FORWARD);

      createTogether(() -> create(tableRestore("mine", "orders", target)),
          () -> theirs.create(tableRestore("theirs", "ledger", target)));

      assertOneOwner(tagging, resources, "mine", theirs, "theirs", target);
    });
  }

  /**
   * A hostile (or mistaken) namespace names, as its restore target, a table another namespace's ProtectedTable
   * names but that does not exist yet: AWS would make it, and the restore's deletionPolicy could later delete it.
   */
  @Test
  void aTableAnotherNamespaceProtectsIsNeverRestoredInto() {
    protectTable("orders");
    inAnotherNamespace("target-claims-victim", (other, victims) -> {
      String payroll = tableName("payroll");
      victims.create(protectedTable("payroll", payroll));
      victims.awaitStatus("payroll", pt -> pt.getStatus() != null && pt.getStatus().getConditions() != null);
      aws.clearCalls();

      create(tableRestore("intruder", "orders", payroll));

      TableRestore failed = awaitPhase("intruder", RestorePhase.Failed);
      assertThat(Conditions.reason(failed.getStatus().getConditions(), "Failed")).hasValue("TargetClaimed");
      assertThat(failed.getStatus().getMessage()).contains("ProtectedTable " + other + "/payroll");
      assertThat(aws.count("RestoreTableToPointInTime")).isZero();
      assertThat(exists(dynamo, payroll)).as("AWS never made the table").isFalse();
    });
  }

  /**
   * The ordinary incident flow: restore orders into orders-restored, switch the application over, protect
   * orders-restored. Deleting the TableRestore (ttlAfterCompletion, or its removal from Git) must not delete the
   * production table, whatever its deletionPolicy.
   */
  @Test
  void aRestoredTableProtectedAfterwardsIsNeverDeletedWithItsRestore() {
    protectTable("orders");
    String restored = tableName("orders-restored");
    create(deleting(tableRestore("incident", "orders", restored)));
    awaitPhase("incident", RestorePhase.Completed);
    create(protectedTable("orders-restored", restored));
    awaitReady("orders-restored", "Protected");
    aws.clearCalls();

    client.resource(getRestore("incident")).delete();

    await().atMost(STATUS_TIMEOUT).until(() -> getRestore("incident") == null);
    assertThat(exists(dynamo, restored)).as("the protected table is kept").isTrue();
    assertThat(aws.count("DeleteTable")).isZero();
    assertThat(awaitEvent("incident", "TableNotDeleted").getNote())
        .contains("ProtectedTable " + namespace + "/orders-restored protects it");
  }

  /** Runs {@code test} with a second namespace and its resources; the namespace's resources go afterwards. */
  private void inAnotherNamespace(String prefix, BiConsumer<String, TableguardResources> test) {
    String other = kube.createNamespace(prefix);
    try {
      test.accept(other, new TableguardResources(client, other));
    } finally {
      kube.deleteTableguardResources(other);
    }
  }

  private static void createTogether(Runnable one, Runnable other) {
    List.of(CompletableFuture.runAsync(one), CompletableFuture.runAsync(other)).forEach(CompletableFuture::join);
  }

  /** One fails TargetClaimed naming the other, which completes owning the table; AWS restored once. */
  private void assertOneOwner(Hold tagging, TableguardResources inA, String a, TableguardResources inB, String b,
      String target) {
    tagging.awaitHeld(STATUS_TIMEOUT);
    await().atMost(STATUS_TIMEOUT).until(() -> failed(inA, a).or(() -> failed(inB, b)).isPresent());
    tagging.release();
    boolean aLost = failed(inA, a).isPresent();
    TableRestore loser = aLost ? inA.getRestore(a) : inB.getRestore(b);
    TableRestore winner = aLost ? inB.awaitPhase(b, RestorePhase.Completed) : inA.awaitPhase(a, RestorePhase.Completed);

    assertThat(Conditions.reason(loser.getStatus().getConditions(), "Failed")).hasValue("TargetClaimed");
    assertThat(loser.getStatus().getMessage()).contains("is the target of TableRestore "
        + winner.getMetadata().getNamespace() + "/" + winner.getMetadata().getName());
    assertThat(loser.getStatus().getTargetTableArn()).isNull();
    assertThat(tags(dynamo, target)).containsEntry("tableguard.io/restore-uid", winner.getMetadata().getUid());
    assertThat(aws.forwardedCount("RestoreTableToPointInTime")).isEqualTo(1);
  }

  private static Optional<TableRestore> failed(TableguardResources in, String name) {
    return Optional.ofNullable(in.getRestore(name))
        .filter(r -> r.getStatus() != null && r.getStatus().getPhase() == RestorePhase.Failed);
  }
}
