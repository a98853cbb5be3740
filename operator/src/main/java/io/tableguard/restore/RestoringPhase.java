package io.tableguard.restore;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.tableguard.aws.RestoreGateway;
import io.tableguard.aws.TableTarget;
import io.tableguard.kube.Timestamps;
import io.tableguard.model.restore.RestorePhase;
import io.tableguard.model.restore.RestoreReason;
import io.tableguard.model.restore.TableRestore;
import io.tableguard.model.restore.TableRestoreStatus;
import io.tableguard.model.restore.TargetOwnership;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * Restoring: watches the new table until it is ACTIVE. When the answer to the restore call was never seen (a
 * restart, a lost answer), the table found under the target name is only taken as far as it can be proven ours.
 */
class RestoringPhase implements PhaseHandler {
  /** How long DescribeTable may not yet see a table AWS has just created. */
  private static final Duration DESCRIBE_LAG = Duration.ofMinutes(2);

  private final RestoreGateway restores;
  private final RestoreTables tables;
  private final RestoreRequest request;
  private final TableOwnership ownership;
  private final OwnershipTagger tagger;
  private final RestoreStatusRecorder recorder;
  private final RestorePolling polling;
  private final Clock clock;

  RestoringPhase(RestoreGateway restores, RestoreTables tables, RestoreRequest request, TableOwnership ownership,
      OwnershipTagger tagger, RestoreStatusRecorder recorder, RestorePolling polling, Clock clock) {
    this.restores = restores;
    this.tables = tables;
    this.request = request;
    this.ownership = ownership;
    this.tagger = tagger;
    this.recorder = recorder;
    this.polling = polling;
    this.clock = clock;
  }

  @Override
  public Set<RestorePhase> phases() {
    return EnumSet.of(RestorePhase.Restoring);
  }

  /**
   * Ended once Completed; on to ApplyingSettings (or, for spec.items, WritingBack) at once when the table is ACTIVE;
   * else when to look again.
   */
  @Override
  public Step run(RestoreContext run) {
    TableRestore restore = run.restore();
    Context<TableRestore> context = run.kube();
    TableRestoreStatus status = restore.getStatus();
    TableTarget target = tables.target(restore);
    Optional<TableDescription> found = restores.describe(target);
    if (found.isEmpty()) {
      return Step.after(missing(restore, context, target));
    }
    TableDescription table = found.get();
    if (status.getTargetTableArn() == null) {
      ownership.establish(restore, context, target, table);
    } else {
      ownership.requireSameTable(restore, target, table);
    }
    boolean unproven = status.getTargetOwnership() == TargetOwnership.Unproven;
    if (unproven) {
      recorder.unownedTable(restore);
    }
    if (!"ACTIVE".equals(table.tableStatusAsString())) {
      recorder.progress(restore, RestorePhase.Restoring, "restoring: table " + target.tableName() + " is "
          + table.tableStatusAsString() + " since " + status.getRestoreRequestedTime());
      return Step.after(polling.next(status));
    }
    status.setTableActiveTime(Timestamps.format(clock.instant()));
    if (unproven) {
      recorder.completeUnproven(restore, TableOwnership.unproven(restore, target));
      return Step.of(Optional.empty());
    }
    // The UID tag call after the restore may have failed or never run (a crash): it is the proof for people.
    tagger.tag(restore, target, table.tableArn(), restores.tags(target, table.tableArn()));
    if (restore.getSpec().getItems() != null) {
      // An intermediate table: no settings to copy; its items go back into the live table.
      recorder.progress(restore, RestorePhase.WritingBack, "table " + target.tableName() + " is ACTIVE; writing "
          + "the selected items back into " + status.getSourceTableName());
      return Step.nextPhaseNow();
    }
    recorder.progress(restore, RestorePhase.ApplyingSettings, "table " + target.tableName()
        + " is ACTIVE; copying settings from the source");
    return Step.nextPhaseNow();
  }

  private Duration missing(TableRestore restore, Context<TableRestore> context, TableTarget target) {
    TableRestoreStatus status = restore.getStatus();
    if (status.getTargetTableArn() == null) {
      // The request is on record but AWS has no such table: the call never reached AWS. Ask now.
      return request.resend(restore, context);
    }
    if (polling.sinceRequest(status).compareTo(DESCRIBE_LAG) < 0) {
      // DescribeTable may not see a table for a moment after it was created.
      return polling.next(status);
    }
    throw new RestoreFailure(RestoreReason.TargetTableDeleted, "table " + target.tableName() + " was deleted while it was "
        + "being restored");
  }
}
