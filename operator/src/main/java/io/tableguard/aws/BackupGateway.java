package io.tableguard.aws;

import java.time.Instant;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BackupDescription;
import software.amazon.awssdk.services.dynamodb.model.BackupDetails;
import software.amazon.awssdk.services.dynamodb.model.BackupNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;
import software.amazon.awssdk.services.dynamodb.model.BackupTypeFilter;

/**
 * The on-demand backup calls, rate-limited like every AWS call (ListBackups and DeleteBackup have budgets of
 * their own, as AWS limits them). Backup names are not unique in AWS: a second CreateBackup under a name makes a
 * second backup, so a caller that may have asked already looks with {@link #findByName} first.
 */
public class BackupGateway {
  private final AwsClients clients;
  private final AwsCalls calls;

  public BackupGateway(AwsClients clients, AwsCalls calls) {
    this.clients = clients;
    this.calls = calls;
  }

  /**
   * CreateBackup, sent once: the SDK does not retry it, since a retry after a lost answer would make a second
   * backup; the caller looks for the first by name instead.
   */
  public BackupDetails create(TableTarget table, String backupName) {
    return calls.call(table, "CreateBackup", () -> clients.dynamoDbSingleAttempt(table)
        .createBackup(r -> r.tableName(table.tableName()).backupName(backupName)).backupDetails());
  }

  /** The table's user backup of this name made at or after {@code since}, the oldest if several; every page. */
  public Optional<BackupSummary> findByName(TableTarget table, String backupName, Instant since) {
    DynamoDbClient ddb = clients.dynamoDb(table);
    String start = null;
    do {
      String after = start;
      var page = calls.call(table, "ListBackups", () -> ddb.listBackups(r -> r.tableName(table.tableName())
          .backupType(BackupTypeFilter.USER).timeRangeLowerBound(since).exclusiveStartBackupArn(after)));
      Optional<BackupSummary> found = page.backupSummaries().stream()
          .filter(s -> backupName.equals(s.backupName())).findFirst();
      if (found.isPresent()) {
        return found;
      }
      start = page.lastEvaluatedBackupArn();
    } while (start != null);
    return Optional.empty();
  }

  /** The backup's description, or empty when AWS has no such backup (deleted, or never made). */
  public Optional<BackupDescription> describe(TableTarget account, String backupArn) {
    try {
      return Optional.of(calls.call(account, "DescribeBackup",
          () -> clients.dynamoDb(account).describeBackup(r -> r.backupArn(backupArn)).backupDescription()));
    } catch (AwsFailure failure) {
      if (failure.getCause() instanceof BackupNotFoundException) {
        return Optional.empty();
      }
      throw failure;
    }
  }

  /** DeleteBackup; false when it was gone already. */
  public boolean delete(TableTarget account, String backupArn) {
    try {
      calls.run(account, "DeleteBackup", () -> clients.dynamoDb(account).deleteBackup(r -> r.backupArn(backupArn)));
      return true;
    } catch (AwsFailure failure) {
      if (failure.getCause() instanceof BackupNotFoundException) {
        return false;
      }
      throw failure;
    }
  }
}
