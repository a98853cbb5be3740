package io.tableguard.restore;

import static io.tableguard.restore.RestoredTables.deleting;
import static io.tableguard.restore.RestoredTables.exists;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.tableguard.kube.Conditions;
import io.tableguard.model.restore.RestorePhase;
import io.tableguard.model.restore.TableRestore;
import io.tableguard.testsupport.OperatorTestBase;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Restarts, deletion and expiry: one restore per request, and only our own tables touched. */
class RestoreLifecycleTest extends OperatorTestBase {

  @Override
  protected boolean timeFaithfulAws() {
    return true;
  }

  @Test
  void anOperatorRestartedMidRestoreCarriesOnWithoutASecondRestore() {
    protectTable("orders");
    String target = tableName("copy");
    keepCreating(target);
    create(tableRestore("copy", "orders", target));
    TableRestore restoring = awaitRestore("copy", r -> r.getStatus().getPhase() == RestorePhase.Restoring
        && r.getStatus().getTargetTableArn() != null);

    stopOperator();
    aws.clearCalls();
    startOperator();
    await().atMost(STATUS_TIMEOUT).until(() -> aws.count("DescribeTable") > 0);

    assertThat(aws.count("RestoreTableToPointInTime")).isZero();
    aws.clearRewrites();
    TableRestore done = awaitPhase("copy", RestorePhase.Completed);
    assertThat(aws.count("RestoreTableToPointInTime")).as("never a second restore").isZero();
    assertThat(done.getStatus().getStartTime()).isEqualTo(restoring.getStatus().getStartTime());
    assertThat(done.getStatus().getTargetTableArn()).isEqualTo(restoring.getStatus().getTargetTableArn());
  }

  @Test
  void aTableSomeoneElseCreatesInTheMeantimeIsNeverAdopted() {
    protectTable("orders");
    String target = tableName("copy");
    // Someone creates the target table after the checks, just before the operator asks AWS to restore.
    aws.rewriteAnswers("DescribeTimeToLive", body -> {
      if (!dynamo.listTables().tableNames().contains(target)) {
        createTable(target);
      }
      return body;
    });

    create(tableRestore("copy", "orders", target));

    TableRestore failed = awaitPhase("copy", RestorePhase.Failed);
    assertThat(failed.getStatus().getMessage()).contains("exists but was not created by this TableRestore");
    assertThat(dynamo.listTagsOfResource(r -> r.resourceArn(dynamo.describeTable(d -> d.tableName(target))
        .table().tableArn())).tags()).as("left exactly as its owner made it").isEmpty();
  }

  @Test
  void retainKeepsTheRestoredTable() {
    protectTable("orders");
    String target = tableName("kept");
    create(tableRestore("kept", "orders", target));
    awaitPhase("kept", RestorePhase.Completed);

    client.resource(getRestore("kept")).delete();

    await().atMost(STATUS_TIMEOUT).until(() -> getRestore("kept") == null);
    assertThat(dynamo.describeTable(r -> r.tableName(target)).table().tableStatusAsString()).isEqualTo("ACTIVE");
  }

  @Test
  void aRestoreDeletedWhileRestoringLetsAwsFinishThenDeletesTheTable() {
    protectTable("orders");
    String target = tableName("copy");
    keepCreating(target);
    create(deleting(tableRestore("copy", "orders", target)));
    awaitRestore("copy", r -> r.getStatus().getTargetTableArn() != null);

    client.resource(getRestore("copy")).delete();
    await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> true);

    assertThat(getRestore("copy")).as("held by its finalizer while AWS restores").isNotNull();
    assertThat(exists(dynamo, target)).isTrue();
    aws.clearRewrites();
    await().atMost(STATUS_TIMEOUT).until(() -> getRestore("copy") == null);
    assertThat(exists(dynamo, target)).isFalse();
  }

  /** Argo CD's self-heal re-creates from Git what ttlAfterCompletion deleted: that must not restore again. */
  @Test
  void ttlAfterCompletionCleansUpAndTheSameRestoreCreatedAgainDoesNotRestoreAgain() {
    protectTable("orders");
    String target = tableName("audit");
    create(audit(target));
    TableRestore done = awaitPhase("audit", RestorePhase.Completed);
    assertThat(exists(dynamo, target)).isTrue();
    await().atMost(STATUS_TIMEOUT).until(() -> getRestore("audit") == null);
    assertThat(exists(dynamo, target)).isFalse();

    create(audit(target));

    TableRestore again = awaitPhase("audit", RestorePhase.Completed);
    assertThat(Conditions.reason(again.getStatus().getConditions(), Conditions.READY)).hasValue("AlreadyCompleted");
    assertThat(again.getStatus().getMessage()).contains("not restored again")
        .contains("(uid " + done.getMetadata().getUid() + ")").contains(done.getStatus().getTargetTableArn());
    assertThat(again.getStatus().getTargetTableArn()).isEqualTo(done.getStatus().getTargetTableArn());
    assertThat(again.getStatus().getRestoreDateTime()).isEqualTo(done.getStatus().getRestoreDateTime());
    assertThat(again.getStatus().getCompletionTime()).isEqualTo(done.getStatus().getCompletionTime());
    assertThat(awaitEvent("audit", "AlreadyCompleted").getType()).isEqualTo("Normal");
    await().atMost(STATUS_TIMEOUT).until(() -> getRestore("audit") == null);
    assertThat(aws.forwardedCount("RestoreTableToPointInTime")).as("one restore only").isEqualTo(1);
    assertThat(exists(dynamo, target)).as("never restored again").isFalse();
    assertThat(records()).singleElement().satisfies(record -> assertThat(record.getData())
        .containsEntry("uid", done.getMetadata().getUid()).containsEntry("name", "audit"));
    records().forEach(record -> client.resource(record).delete());
  }

  private static TableRestore audit(String target) {
    TableRestore audit = deleting(tableRestore("audit", "orders", target));
    audit.getSpec().setTtlAfterCompletion("3s");
    return audit;
  }

  /** The operator's records of this test's restores, in its own namespace (default, in tests). */
  private List<ConfigMap> records() {
    return client.configMaps().inNamespace("default").withLabel("app.kubernetes.io/managed-by", "tableguard")
        .list().getItems().stream().filter(c -> namespace.equals(c.getData().get("namespace"))).toList();
  }
}
