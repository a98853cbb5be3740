package io.tableguard.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BackupStatus;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.InvalidRestoreTimeException;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryUnavailableException;
import software.amazon.awssdk.services.dynamodb.model.TableAlreadyExistsException;
import software.amazon.awssdk.services.dynamodb.model.TableNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.Tag;

/** The API the emulator owns, as the AWS SDK sees it: shapes, errors, and restores that take time. */
class EmulatorApiTest extends EmulatorTestBase {
  @Override
  Duration restoreDelay() {
    return Duration.ofMinutes(10);
  }


  @Test
  void pitrIsOffUntilTurnedOnAndThenReportsItsWindowAndPeriod() {
    EmulatorClients.createTable(dynamo, "window");
    assertThat(pitr("window").pointInTimeRecoveryStatus()).isEqualTo(PointInTimeRecoveryStatus.DISABLED);

    Instant enabledAt = clock.advance(Duration.ofSeconds(1));
    var answer = dynamo.updateContinuousBackups(r -> r.tableName("window")
        .pointInTimeRecoverySpecification(s -> s.pointInTimeRecoveryEnabled(true).recoveryPeriodInDays(7)));
    Instant later = clock.advance(Duration.ofMinutes(3));

    assertThat(answer.continuousBackupsDescription().pointInTimeRecoveryDescription().recoveryPeriodInDays())
        .isEqualTo(7);
    var pitr = pitr("window");
    assertThat(pitr.pointInTimeRecoveryStatus()).isEqualTo(PointInTimeRecoveryStatus.ENABLED);
    assertThat(pitr.earliestRestorableDateTime()).isEqualTo(enabledAt);
    assertThat(pitr.latestRestorableDateTime()).isEqualTo(later);
    assertThat(pitr.recoveryPeriodInDays()).isEqualTo(7);
  }

  @Test
  void turningPitrOffDiscardsTheHistory() {
    EmulatorClients.createTable(dynamo, "reset");
    enable("reset");
    clock.advance(Duration.ofMinutes(5));
    dynamo.updateContinuousBackups(r -> r.tableName("reset")
        .pointInTimeRecoverySpecification(s -> s.pointInTimeRecoveryEnabled(false)));
    Instant reEnabled = clock.advance(Duration.ofSeconds(1));
    enable("reset");

    assertThat(pitr("reset").earliestRestorableDateTime()).isEqualTo(reEnabled);
  }

  @Test
  void restoresGoThroughCreatingWithARestoreSummary() {
    EmulatorClients.createTable(dynamo, "slow");
    dynamo.putItem(r -> r.tableName("slow").item(Map.of("pk", AttributeValue.fromS("a"))));
    enable("slow");
    Instant at = clock.advance(Duration.ofSeconds(30));

    var created = dynamo.restoreTableToPointInTime(r -> r.sourceTableName("slow").targetTableName("slow-copy")
        .useLatestRestorableTime(true)).tableDescription();

    assertThat(created.tableStatusAsString()).isEqualTo("CREATING");
    assertThat(created.restoreSummary().restoreInProgress()).isTrue();
    assertThat(created.restoreSummary().restoreDateTime()).isEqualTo(at);
    assertThat(created.restoreSummary().sourceTableArn()).endsWith(":table/slow");
    clock.advance(Duration.ofMinutes(11));
    EmulatorClients.awaitActive(dynamo, "slow-copy");
    var done = dynamo.describeTable(r -> r.tableName("slow-copy")).table();
    assertThat(done.restoreSummary().restoreInProgress()).isFalse();
    assertThat(dynamo.scan(r -> r.tableName("slow-copy")).count()).isEqualTo(1);
  }

  @Test
  void restoreErrorsAreTheOnesAwsSends() {
    EmulatorClients.createTable(dynamo, "plain");
    EmulatorClients.createTable(dynamo, "taken");
    assertThatThrownBy(() -> dynamo.restoreTableToPointInTime(r -> r.sourceTableName("plain")
        .targetTableName("copy-1").useLatestRestorableTime(true)))
        .isInstanceOf(PointInTimeRecoveryUnavailableException.class);
    enable("plain");
    assertThatThrownBy(() -> dynamo.restoreTableToPointInTime(r -> r.sourceTableName("plain")
        .targetTableName("taken").useLatestRestorableTime(true)))
        .isInstanceOf(TableAlreadyExistsException.class);
    assertThatThrownBy(() -> dynamo.restoreTableToPointInTime(r -> r.sourceTableName("plain")
        .targetTableName("copy-2").restoreDateTime(START.minus(Duration.ofDays(1)))))
        .isInstanceOf(InvalidRestoreTimeException.class)
        .hasMessageContaining("is not within the restorable window");
    assertThatThrownBy(() -> dynamo.restoreTableToPointInTime(r -> r.sourceTableName("nope")
        .targetTableName("copy-3").useLatestRestorableTime(true)))
        .isInstanceOf(TableNotFoundException.class);
    assertThatThrownBy(() -> dynamo.describeContinuousBackups(r -> r.tableName("nope")))
        .isInstanceOf(TableNotFoundException.class);
  }

  @Test
  void tagsAreKeptPerTable() {
    EmulatorClients.createTable(dynamo, "tagged");
    String arn = dynamo.describeTable(r -> r.tableName("tagged")).table().tableArn();

    dynamo.tagResource(r -> r.resourceArn(arn).tags(Tag.builder().key("team").value("payments").build(),
        Tag.builder().key("env").value("prod").build()));
    dynamo.untagResource(r -> r.resourceArn(arn).tagKeys("env"));

    assertThat(dynamo.listTagsOfResource(r -> r.resourceArn(arn)).tags())
        .containsExactly(Tag.builder().key("team").value("payments").build());
  }

  @Test
  void onDemandBackupsRestoreTheItemsOfTheirTime() {
    EmulatorClients.createTable(dynamo, "backed");
    dynamo.putItem(r -> r.tableName("backed").item(Map.of("pk", AttributeValue.fromS("before"))));
    var backup = dynamo.createBackup(r -> r.tableName("backed").backupName("nightly")).backupDetails();
    dynamo.putItem(r -> r.tableName("backed").item(Map.of("pk", AttributeValue.fromS("after"))));

    assertThat(backup.backupStatus()).isEqualTo(BackupStatus.AVAILABLE);
    assertThat(dynamo.listBackups(r -> r.tableName("backed")).backupSummaries()).singleElement()
        .satisfies(s -> assertThat(s.backupName()).isEqualTo("nightly"));
    assertThat(dynamo.describeBackup(r -> r.backupArn(backup.backupArn())).backupDescription()
        .sourceTableDetails().itemCount()).isEqualTo(1);
    var restored = dynamo.restoreTableFromBackup(r -> r.backupArn(backup.backupArn()).targetTableName("backed-copy"))
        .tableDescription();
    assertThat(restored.restoreSummary().sourceBackupArn()).isEqualTo(backup.backupArn());
    clock.advance(Duration.ofMinutes(11));
    EmulatorClients.awaitActive(dynamo, "backed-copy");
    assertThat(dynamo.scan(r -> r.tableName("backed-copy")).items())
        .extracting(i -> i.get("pk").s()).containsExactly("before");
    dynamo.deleteBackup(r -> r.backupArn(backup.backupArn()));
    assertThat(dynamo.listBackups(r -> r.tableName("backed")).backupSummaries()).isEmpty();
  }

  @Test
  void aTableKeepsItsTableIdUntilDeletedAndOneRecreatedUnderItsNameGetsAnother() {
    String id = EmulatorClients.createTable(dynamo, "identified").tableId();

    assertUuid(id);
    assertThat(tableId("identified")).isEqualTo(id);
    assertThat(dynamo.updateTable(r -> r.tableName("identified").billingMode(BillingMode.PROVISIONED)
        .provisionedThroughput(t -> t.readCapacityUnits(1L).writeCapacityUnits(1L))).tableDescription().tableId())
        .isEqualTo(id);
    String backup = dynamo.createBackup(r -> r.tableName("identified").backupName("old")).backupDetails().backupArn();
    assertThat(dynamo.deleteTable(r -> r.tableName("identified")).tableDescription().tableId()).isEqualTo(id);

    String recreated = EmulatorClients.createTable(dynamo, "identified").tableId();
    assertUuid(recreated);
    assertThat(recreated).isNotEqualTo(id);
    assertThat(tableId("identified")).isEqualTo(recreated);
    // The backup still names the table it was taken of, which is how a replaced table shows.
    assertThat(dynamo.describeBackup(r -> r.backupArn(backup)).backupDescription().sourceTableDetails().tableId())
        .isEqualTo(id);
    assertThat(dynamo.listBackups(r -> r.tableName("identified")).backupSummaries()).singleElement()
        .satisfies(s -> assertThat(s.tableId()).isEqualTo(id));
  }

  @Test
  void aRestoredTableHasATableIdOfItsOwn() {
    String source = EmulatorClients.createTable(dynamo, "origin").tableId();
    enable("origin");
    clock.advance(Duration.ofSeconds(1));
    String backup = dynamo.createBackup(r -> r.tableName("origin").backupName("origin-backup")).backupDetails().backupArn();

    String fromPitr = dynamo.restoreTableToPointInTime(r -> r.sourceTableName("origin").targetTableName("origin-pitr")
        .useLatestRestorableTime(true)).tableDescription().tableId();
    String fromBackup = dynamo.restoreTableFromBackup(r -> r.backupArn(backup).targetTableName("origin-backup"))
        .tableDescription().tableId();

    assertUuid(fromPitr);
    assertUuid(fromBackup);
    assertThat(List.of(source, fromPitr, fromBackup)).doesNotHaveDuplicates();
    assertThat(tableId("origin-pitr")).isEqualTo(fromPitr);
    assertThat(tableId("origin-backup")).isEqualTo(fromBackup);
    assertThat(tableId("origin")).isEqualTo(source);
  }

  @Test
  void everythingElseIsDynamoDbLocal() {
    EmulatorClients.createTable(dynamo, "local");
    dynamo.putItem(r -> r.tableName("local").item(Map.of("pk", AttributeValue.fromS("k"),
        "n", AttributeValue.fromN("1"))));
    dynamo.updateTimeToLive(r -> r.tableName("local").timeToLiveSpecification(s -> s.enabled(true)
        .attributeName("expires")));

    assertThat(dynamo.getItem(r -> r.tableName("local").key(Map.of("pk", AttributeValue.fromS("k")))).item())
        .containsEntry("n", AttributeValue.fromN("1"));
    assertThat(dynamo.describeTimeToLive(r -> r.tableName("local")).timeToLiveDescription().attributeName())
        .isEqualTo("expires");
    assertThat(dynamo.listTables().tableNames()).contains("local");
  }

  private String tableId(String table) {
    return dynamo.describeTable(r -> r.tableName(table)).table().tableId();
  }

  /** A UUID in its canonical form, as AWS's TableIds are. */
  private static void assertUuid(String id) {
    assertThat(id).isNotNull();
    assertThat(UUID.fromString(id)).hasToString(id);
  }

  private void enable(String table) {
    dynamo.updateContinuousBackups(r -> r.tableName(table)
        .pointInTimeRecoverySpecification(s -> s.pointInTimeRecoveryEnabled(true)));
  }

  private software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryDescription pitr(String table) {
    return dynamo.describeContinuousBackups(r -> r.tableName(table)).continuousBackupsDescription()
        .pointInTimeRecoveryDescription();
  }
}
