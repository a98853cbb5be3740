package io.tableguard.restore;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.tableguard.aws.AwsFailure;
import io.tableguard.aws.RestoreGateway;
import io.tableguard.aws.TableIdentity;
import io.tableguard.aws.TableTarget;
import io.tableguard.kube.EventRecorder.Type;
import io.tableguard.kube.StatusCheckpoint;
import io.tableguard.model.restore.RestoreReason;
import io.tableguard.model.restore.TableRestore;
import io.tableguard.model.restore.TableRestoreStatus;
import io.tableguard.model.restore.TargetOwnership;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * The restore call, made once the request is on record. Its answer is the proof that this TableRestore created
 * the table, so the table's ARN and TableId are written to status before anything is done to the table; then
 * it is tagged.
 */
class RestoreRequest {
  private final RestoreGateway restores;
  private final RestoreTables tables;
  private final OwnershipTagger tagger;
  private final RestoreStatusRecorder recorder;
  private final RestorePolling polling;

  RestoreRequest(RestoreGateway restores, RestoreTables tables, OwnershipTagger tagger,
      RestoreStatusRecorder recorder, RestorePolling polling) {
    this.restores = restores;
    this.tables = tables;
    this.tagger = tagger;
    this.recorder = recorder;
    this.polling = polling;
  }

  /** Asks again: the request is on record, but AWS has no such table, so the call never reached AWS. */
  Duration resend(TableRestore restore, Context<TableRestore> context) {
    TableTarget source = tables.source(restore);
    // A restore from a backup needs no source table (it may be gone): the backup is the source.
    return send(restore, context, source, restore.getStatus().getSourceBackupArn() != null ? null
        : describeSource(source));
  }

  /** The source's description gives the index definitions that index overrides need. */
  private TableDescription describeSource(TableTarget source) {
    return restores.describe(source).orElseThrow(
        () -> new RestoreFailure(RestoreReason.SourceTableNotFound, "the source " + source + " no longer exists"));
  }

  /**
   * RestoreTableToPointInTime, or RestoreTableFromBackup when status names the backup (then the source's
   * description is not needed, and may be null). Returns when to look at the table next.
   */
  Duration send(TableRestore restore, Context<TableRestore> context, TableTarget source,
      TableDescription sourceDescription) {
    TableRestoreStatus status = restore.getStatus();
    String targetName = restore.getSpec().getTarget().getTableName();
    TableDescription created;
    try {
      created = status.getSourceBackupArn() != null
          ? restores.restoreFromBackup(source, status.getSourceBackupArn(), targetName, restore.getSpec().getOverrides())
          : restores.restore(source, sourceDescription, targetName, Instant.parse(status.getRestoreDateTime()),
              restore.getSpec().getOverrides());
    } catch (AwsFailure failure) {
      if (failure.kind() == AwsFailure.Kind.REJECTED && failure.getMessage().startsWith("TableAlreadyExists")) {
        // Maybe our own earlier request, whose answer was lost: tracking decides what the table is.
        return polling.next(status);
      }
      if (failure.kind() == AwsFailure.Kind.REJECTED) {
        throw new RestoreFailure(RestoreReason.RestoreRejected, "AWS rejected the restore of " + source + ": "
            + failure.getMessage());
      }
      throw failure;
    }
    status.setTargetTableArn(created.tableArn());
    status.setTargetTableId(TableIdentity.of(created));
    status.setTargetOwnership(TargetOwnership.Proven);
    try {
      StatusCheckpoint.write(restore, context);
      // Told once AWS has it on record, before tagging, whose failure must not lose the Event.
      recorder.event(restore, Type.Normal, RestoreReason.RestoreStarted, "restoring " + source.tableName() + " to "
          + status.getRestoreDateTime() + " into " + targetName);
    } finally {
      // Even when the status could not be written, the UID tag keeps the proof for the next attempt.
      tagger.tag(restore, source.withTableName(targetName), created.tableArn(), Map.of());
    }
    return polling.next(status);
  }
}
