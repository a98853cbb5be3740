package io.tableguard.aws;

import io.tableguard.aws.TableObservation.PitrSettings;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ContinuousBackupsDescription;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryDescription;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/** The DynamoDB calls that read and set a table's PITR, each rate-limited per account and region. */
public class PitrGateway {
  private final AwsClients clients;
  private final AwsCalls calls;

  public PitrGateway(AwsClients clients, AwsCalls calls) {
    this.clients = clients;
    this.calls = calls;
  }

  public TableObservation observe(TableTarget target) {
    DynamoDbClient ddb = clients.dynamoDb(target);
    TableDescription table = calls.call(target, "DescribeTable",
        () -> ddb.describeTable(r -> r.tableName(target.tableName())).table());
    ContinuousBackupsDescription backups = calls.call(target, "DescribeContinuousBackups",
        () -> ddb.describeContinuousBackups(r -> r.tableName(target.tableName())).continuousBackupsDescription());
    return new TableObservation(table, pitrOf(backups));
  }

  /**
   * A routine check of a table seen ACTIVE before: DescribeContinuousBackups alone, the one call AWS's tightest
   * limit counts. A table that is gone answers TableNotFoundException all the same; anything else that changed
   * shows in the PITR settings, and then the caller looks again with {@link #observe}.
   */
  public TableObservation recheck(TableTarget target, String knownTableArn) {
    DynamoDbClient ddb = clients.dynamoDb(target);
    ContinuousBackupsDescription backups = calls.call(target, "DescribeContinuousBackups",
        () -> ddb.describeContinuousBackups(r -> r.tableName(target.tableName())).continuousBackupsDescription());
    TableDescription asSeen = TableDescription.builder().tableName(target.tableName()).tableArn(knownTableArn)
        .tableStatus(TableStatus.ACTIVE).build();
    return new TableObservation(asSeen, pitrOf(backups));
  }

  public PitrSettings enable(TableTarget target, int recoveryPeriodDays) {
    return update(target, true, recoveryPeriodDays);
  }

  public PitrSettings disable(TableTarget target) {
    return update(target, false, null);
  }

  private PitrSettings update(TableTarget target, boolean enabled, Integer recoveryPeriodDays) {
    DynamoDbClient ddb = clients.dynamoDb(target);
    ContinuousBackupsDescription result = calls.call(target, "UpdateContinuousBackups",
        () -> ddb.updateContinuousBackups(r -> r.tableName(target.tableName())
            .pointInTimeRecoverySpecification(s -> s.pointInTimeRecoveryEnabled(enabled)
                .recoveryPeriodInDays(recoveryPeriodDays)))
            .continuousBackupsDescription());
    return pitrOf(result);
  }

  private static PitrSettings pitrOf(ContinuousBackupsDescription backups) {
    PointInTimeRecoveryDescription pitr = backups == null ? null : backups.pointInTimeRecoveryDescription();
    if (pitr == null) {
      return new PitrSettings("DISABLED", Optional.empty(), Optional.empty(), Optional.empty());
    }
    return new PitrSettings(pitr.pointInTimeRecoveryStatusAsString(),
        Optional.ofNullable(pitr.recoveryPeriodInDays()),
        Optional.ofNullable(pitr.earliestRestorableDateTime()),
        Optional.ofNullable(pitr.latestRestorableDateTime()));
  }
}
