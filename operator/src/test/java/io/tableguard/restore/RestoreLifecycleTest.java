package io.tableguard.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tableguard.model.RestoreDeletionPolicy;
import io.tableguard.model.RestorePhase;
import io.tableguard.model.TableRestore;
import io.tableguard.testsupport.OperatorTestBase;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/** Restarts, lost answers, deletion and expiry: one restore per request, and only our own tables touched. */
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
  void aLostAnswerIsRecognisedAsOurOwnRestore() {
    protectTable("orders");
    String target = tableName("copy");
    aws.loseAnswers("RestoreTableToPointInTime", 1);

    create(tableRestore("copy", "orders", target));

    TableRestore done = awaitPhase("copy", RestorePhase.Completed);
    var table = dynamo.describeTable(r -> r.tableName(target)).table();
    assertThat(done.getStatus().getTargetTableArn()).isEqualTo(table.tableArn());
    assertThat(dynamo.listTagsOfResource(r -> r.resourceArn(table.tableArn())).tags())
        .anySatisfy(t -> assertThat(t.value()).isEqualTo(done.getMetadata().getUid()));
    assertThat(aws.calls().stream().filter(c -> c.operation().equals("RestoreTableToPointInTime"))
        .filter(c -> c.status() == 200)).as("AWS restored once: every later request was refused").isEmpty();
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
  void deleteRemovesTheRestoredTableButOnlyWhenItCarriesThisRestoresTag() {
    protectTable("orders");
    String ours = tableName("ours");
    String untagged = tableName("untagged");
    create(deleting(tableRestore("ours", "orders", ours)));
    create(deleting(tableRestore("untagged", "orders", untagged)));
    awaitPhase("ours", RestorePhase.Completed);
    TableRestore other = awaitPhase("untagged", RestorePhase.Completed);
    dynamo.untagResource(r -> r.resourceArn(other.getStatus().getTargetTableArn())
        .tagKeys("tableguard.io/restore-uid"));

    client.resource(getRestore("ours")).delete();
    client.resource(getRestore("untagged")).delete();

    await().atMost(STATUS_TIMEOUT).until(() -> getRestore("ours") == null && getRestore("untagged") == null);
    assertThat(tableExists(ours)).isFalse();
    assertThat(tableExists(untagged)).as("not provably ours: left alone").isTrue();
    assertThat(awaitEvent("untagged", "TableNotDeleted").getNote()).contains("left alone");
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
    assertThat(tableExists(target)).isTrue();
    aws.clearRewrites();
    await().atMost(STATUS_TIMEOUT).until(() -> getRestore("copy") == null);
    assertThat(tableExists(target)).isFalse();
  }

  @Test
  void ttlAfterCompletionCleansUpTheAuditRestore() {
    protectTable("orders");
    String target = tableName("audit");
    TableRestore audit = deleting(tableRestore("audit", "orders", target));
    audit.getSpec().setTtlAfterCompletion("3s");
    create(audit);
    TableRestore done = awaitPhase("audit", RestorePhase.Completed);
    assertThat(tableExists(target)).isTrue();

    await().atMost(STATUS_TIMEOUT).until(() -> getRestore("audit") == null);

    assertThat(tableExists(target)).isFalse();
    assertThat(done.getStatus().getCompletionTime()).isNotNull();
  }

  private static TableRestore deleting(TableRestore restore) {
    restore.getSpec().setDeletionPolicy(RestoreDeletionPolicy.Delete);
    return restore;
  }

  private boolean tableExists(String table) {
    try {
      dynamo.describeTable(r -> r.tableName(table));
      return true;
    } catch (ResourceNotFoundException e) {
      return false;
    }
  }
}
