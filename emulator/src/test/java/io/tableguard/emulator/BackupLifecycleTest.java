package io.tableguard.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BackupInUseException;
import software.amazon.awssdk.services.dynamodb.model.BackupStatus;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;

/**
 * On-demand backups take time as AWS's do: CREATING, then AVAILABLE; listed only a while after they were made;
 * a second CreateBackup or a DeleteBackup while one is being created is refused with BackupInUseException.
 */
class BackupLifecycleTest extends EmulatorTestBase {
  private static final Duration CREATION = Duration.ofSeconds(30);
  private static final Duration LISTING_LAG = Duration.ofSeconds(10);

  @Override
  Duration restoreDelay() {
    return Duration.ZERO;
  }

  @Override
  PitrEmulator.Options options() {
    return super.options().withBackupTiming(new BackupTiming(CREATION, LISTING_LAG));
  }

  @Test
  void aBackupIsCreatingThenAvailableAndListedOnlyAfterTheLag() {
    EmulatorClients.createTable(dynamo, "ledger");
    dynamo.putItem(r -> r.tableName("ledger").item(Map.of("pk", AttributeValue.fromS("a"))));
    Instant made = clock.instant();

    var created = dynamo.createBackup(r -> r.tableName("ledger").backupName("tg-first")).backupDetails();

    assertThat(created.backupStatus()).isEqualTo(BackupStatus.CREATING);
    assertThat(created.backupArn()).matches("arn:aws:dynamodb:us-east-1:000000000000:table/ledger/backup/"
        + "[0-9]{17}-[0-9a-f]{8}");
    assertThat(listed("ledger", made)).as("not listed yet").isEmpty();
    assertThatThrownBy(() -> dynamo.createBackup(r -> r.tableName("ledger").backupName("tg-second")))
        .isInstanceOf(BackupInUseException.class);
    assertThatThrownBy(() -> dynamo.deleteBackup(r -> r.backupArn(created.backupArn())))
        .isInstanceOf(BackupInUseException.class);

    clock.advance(LISTING_LAG);
    assertThat(listed("ledger", made)).extracting(BackupSummary::backupName).containsExactly("tg-first");
    assertThat(listed("ledger", made.plusMillis(1))).as("the lower bound is inclusive").isEmpty();

    clock.advance(CREATION);
    var described = dynamo.describeBackup(r -> r.backupArn(created.backupArn())).backupDescription();
    assertThat(described.backupDetails().backupStatus()).isEqualTo(BackupStatus.AVAILABLE);
    assertThat(described.sourceTableDetails().itemCount()).isEqualTo(1);
    assertThat(dynamo.deleteBackup(r -> r.backupArn(created.backupArn())).backupDescription().backupDetails()
        .backupStatus()).isEqualTo(BackupStatus.DELETED);
    assertThat(listed("ledger", made)).isEmpty();
  }

  @Test
  void listingPagesThroughEveryBackupOfTheTableAndNoOther() {
    EmulatorClients.createTable(dynamo, "audit");
    EmulatorClients.createTable(dynamo, "other");
    Instant first = clock.instant();
    for (int i = 0; i < 7; i++) {
      int n = i;
      dynamo.createBackup(r -> r.tableName("audit").backupName("audit-" + n));
      dynamo.createBackup(r -> r.tableName("other").backupName("other-" + n));
      clock.advance(CREATION);
    }

    List<String> names = new ArrayList<>();
    String start = null;
    int pages = 0;
    do {
      String after = start;
      var page = dynamo.listBackups(r -> r.tableName("audit").timeRangeLowerBound(first).limit(3)
          .exclusiveStartBackupArn(after));
      page.backupSummaries().forEach(s -> names.add(s.backupName()));
      start = page.lastEvaluatedBackupArn();
      pages++;
    } while (start != null);

    assertThat(names).containsExactly("audit-0", "audit-1", "audit-2", "audit-3", "audit-4", "audit-5", "audit-6");
    assertThat(pages).isEqualTo(3);
  }

  private List<BackupSummary> listed(String table, Instant from) {
    return dynamo.listBackups(r -> r.tableName(table).timeRangeLowerBound(from)).backupSummaries();
  }
}
