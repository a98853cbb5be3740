package io.tableguard.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tableguard.config.AccessPolicy;
import io.tableguard.config.OperatorSettings;
import io.tableguard.kube.Conditions;
import io.tableguard.model.backup.BackupPhase;
import io.tableguard.model.backup.TableBackup;
import io.tableguard.model.protection.ProtectedTable;
import io.tableguard.model.restore.RestorePhase;
import io.tableguard.model.restore.TableRestore;
import io.tableguard.model.schedule.TableBackupSchedule;
import io.tableguard.testsupport.KubeApi;
import io.tableguard.testsupport.OperatorTestBase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;

/** Every file in examples/ is applied to the real API server and does what its comment promises. */
class ExamplesTest extends OperatorTestBase {

  /** The example access policy allows the billing namespaces the cross-account role and their tables. */
  @Override
  protected String namespacePrefix() {
    return "billing";
  }

  @Override
  protected OperatorSettings settings() {
    return super.settings().withAccessPolicy(AccessPolicy.load(KubeApi.repoRoot()
        .resolve("examples/access-policy.yaml")));
  }

  @Test
  void everyExampleIsAcceptedAndDoesWhatItsCommentSays() throws IOException {
    List<Path> files = exampleFiles();
    assertThat(files).isNotEmpty();
    createTable("orders");
    createTable("payments");
    changePitrOutsideOperator("payments", true, 35);
    try (DynamoDbClient otherAccount = dynamoInOtherAccount("arn:aws:iam::111122223333:role/tableguard-protector",
        "eu-west-1")) {
      otherAccount.createTable(r -> r.tableName("invoices")
          .billingMode("PAY_PER_REQUEST")
          .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"))
          .keySchema(k -> k.attributeName("pk").keyType("HASH")));

      for (Path file : files) {
        if (!file.getFileName().toString().startsWith("protectedtable")) {
          continue;
        }
        ProtectedTable example = read(file, ProtectedTable.class);
        create(example);
        ProtectedTable pt = awaitReady(example.getMetadata().getName(), "Protected");
        assertThat(pt.getStatus().getPointInTimeRecovery().getRecoveryPeriodDays())
            .as(file.getFileName().toString()).isEqualTo(example.getSpec().getRecoveryPeriodDays());
      }

      var invoices = otherAccount.describeContinuousBackups(r -> r.tableName("invoices"))
          .continuousBackupsDescription().pointInTimeRecoveryDescription();
      assertThat(invoices.pointInTimeRecoveryStatus()).isEqualTo(PointInTimeRecoveryStatus.ENABLED);
      assertThat(invoices.recoveryPeriodInDays()).isEqualTo(14);
      assertThat(get("invoices").getStatus().getTableArn())
          .isEqualTo("arn:aws:dynamodb:eu-west-1:111122223333:table/invoices");
    }
    assertThat(aws.count("AssumeRole")).as("the cross-account example assumed its role").isPositive();
    assertThat(aws.count("UpdateContinuousBackups")).as("the Report example never wrote").isEqualTo(2);

    for (Path file : files) {
      if (!file.getFileName().toString().startsWith("tablerestore")) {
        continue;
      }
      TableRestore example = read(file, TableRestore.class);
      create(example);
      String name = example.getMetadata().getName();
      if (Boolean.TRUE.equals(example.getSpec().getRestorePoint().getLatest())) {
        TableRestore done = awaitPhase(name, RestorePhase.Completed);
        assertThat(done.getStatus().getAppliedSettings()).as(file.getFileName().toString())
            .hasSize(example.getSpec().getCopySettings().size());
      } else {
        // The examples name dates in 2025; this emulator's window began when the test turned PITR on.
        TableRestore failed = awaitPhase(name, RestorePhase.Failed);
        assertThat(failed.getStatus().getMessage()).as(file.getFileName().toString())
            .contains("restore time " + example.getSpec().getRestorePoint().getTime() + " is outside the window");
      }
    }
    assertThat(files.stream().filter(f -> f.getFileName().toString().startsWith("tablerestore"))).hasSize(3);

    for (Path file : files) {
      if (!file.getFileName().toString().startsWith("tablebackup.")) {
        continue;
      }
      TableBackup example = read(file, TableBackup.class);
      client.resource(example).inNamespace(namespace).create();
      String name = example.getMetadata().getName();
      await().atMost(STATUS_TIMEOUT).until(() -> {
        TableBackup now = client.resources(TableBackup.class).inNamespace(namespace).withName(name).get();
        return now.getStatus() != null && now.getStatus().getPhase() == BackupPhase.Available;
      });
      TableBackup done = client.resources(TableBackup.class).inNamespace(namespace).withName(name).get();
      assertThat(done.getStatus().getBackupArn()).as(file.getFileName().toString())
          .startsWith(get(example.getSpec().getProtectedTableRef()).getStatus().getTableArn() + "/backup/");
      assertThat(done.getStatus().getSettings()).as("what a restore from it needs").isNotNull();
    }
    for (Path file : files) {
      if (!file.getFileName().toString().startsWith("tablebackupschedule")) {
        continue;
      }
      TableBackupSchedule example = read(file, TableBackupSchedule.class);
      client.resource(example).inNamespace(namespace).create();
      String name = example.getMetadata().getName();
      await().atMost(STATUS_TIMEOUT).until(() -> {
        TableBackupSchedule now = client.resources(TableBackupSchedule.class).inNamespace(namespace).withName(name)
            .get();
        return now.getStatus() != null && now.getStatus().getNextScheduleTime() != null;
      });
      TableBackupSchedule running = client.resources(TableBackupSchedule.class).inNamespace(namespace)
          .withName(name).get();
      assertThat(Conditions.isTrue(running.getStatus().getConditions(), Conditions.READY))
          .as(running.getStatus().getMessage()).isTrue();
    }
    assertThat(aws.count("CreateBackup")).as("one backup per TableBackup example").isEqualTo(
        files.stream().filter(f -> f.getFileName().toString().startsWith("tablebackup.")).count());
  }

  private static List<Path> exampleFiles() throws IOException {
    try (Stream<Path> files = Files.list(KubeApi.repoRoot().resolve("examples"))) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  private <T> T read(Path file, Class<T> kind) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return client.getKubernetesSerialization().unmarshal(in, kind);
    }
  }
}
