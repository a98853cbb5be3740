package io.tableguard.restore;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.tableguard.aws.AwsFailure;
import io.tableguard.aws.PitrGateway;
import io.tableguard.aws.RestoreGateway;
import io.tableguard.aws.TableObservation;
import io.tableguard.aws.TableTarget;
import io.tableguard.aws.TableTargetResolver;
import io.tableguard.kube.Timestamps;
import io.tableguard.model.SharedReason;
import io.tableguard.model.protection.ProtectedTable;
import io.tableguard.model.restore.RestorePhase;
import io.tableguard.model.restore.RestoreReason;
import io.tableguard.model.restore.SourceSettings;
import io.tableguard.model.restore.TableRestore;
import io.tableguard.model.restore.TableRestoreStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * Pending and Queued: every check that can be made before AWS is asked, a free slot, a claim on the target, the
 * request written to status, then the restore call. A restart from any point repeats the checks and never asks
 * twice, since the request is on record before the call.
 */
class StartPhase implements PhaseHandler {
  private static final Logger log = LoggerFactory.getLogger(StartPhase.class);
  private static final Duration QUEUE_RECHECK = Duration.ofSeconds(10);

  private final CompletedRestoreRecords records;
  private final SourceReadiness readiness;
  private final TableTargetResolver resolver;
  private final PitrGateway pitr;
  private final RestoreGateway restores;
  private final RestoreTables tables;
  private final RestoreQueue queue;
  private final TargetClaims claims;
  private final RestoreRequest request;
  private final RestoreStatusRecorder recorder;
  private final Clock clock;
  private final ItemRestoreChecks itemChecks;
  private final BackupSources backupSources;
  /** A restore waiting for its backup to become available looks again this soon. */
  private static final Duration BACKUP_WAIT = Duration.ofSeconds(10);

  StartPhase(CompletedRestoreRecords records, SourceReadiness readiness, TableTargetResolver resolver,
      PitrGateway pitr, RestoreGateway restores, RestoreTables tables, RestoreQueue queue, TargetClaims claims,
      RestoreRequest request, RestoreStatusRecorder recorder, Clock clock, ItemRestoreChecks itemChecks,
      BackupSources backupSources) {
    this.records = records;
    this.readiness = readiness;
    this.resolver = resolver;
    this.pitr = pitr;
    this.restores = restores;
    this.tables = tables;
    this.queue = queue;
    this.claims = claims;
    this.request = request;
    this.recorder = recorder;
    this.clock = clock;
    this.itemChecks = itemChecks;
    this.backupSources = backupSources;
  }

  @Override
  public Set<RestorePhase> phases() {
    return EnumSet.of(RestorePhase.Pending, RestorePhase.Queued);
  }

  /** Ended (empty) when it ended here (AlreadyCompleted); otherwise when to look again. */
  @Override
  public Step run(RestoreContext run) {
    return Step.of(start(run.restore(), run.kube(), run));
  }

  private Optional<Duration> start(TableRestore restore, Context<TableRestore> context, RestoreContext run) {
    TableRestoreStatus status = restore.getStatus();
    if (status.getSourceTableArn() == null && alreadyCompleted(restore, context)) {
      return Optional.empty();
    }
    if (status.getPhase() == RestorePhase.Queued && status.getSourceTableArn() != null) {
      // Checked when it was queued; check again only once a slot is free, not every few seconds.
      int position = admit(restore, context);
      if (position > 0) {
        return Optional.of(queued(restore, position));
      }
      if (status.getLeftQueueTime() == null) {
        // On status, so that a restart still counts a wait for the source from here.
        status.setLeftQueueTime(Timestamps.format(clock.instant()));
      }
    }
    if (restore.getSpec().getSource().fromBackup()) {
      return startFromBackup(restore, context, run);
    }
    Optional<ProtectedTable> pt = readiness.readySource(restore, context);
    if (pt.isEmpty()) {
      return Optional.of(readiness.untilGivingUp(restore));
    }
    TableTarget source = resolver.resolve(pt.get());
    TableObservation observed = observeSource(restore, source);
    status.setSourceTableName(source.tableName());
    status.setRoleArn(source.roleArn().orElse(null));
    status.setSourceTableArn(observed.tableArn());
    status.setRestoreDateTime(RestoreTime.choose(restore, observed, clock).toString());
    // A namespace restores only into table names the administrator lets it use.
    TableTarget target = claimTarget(restore, context, source);
    TableDescription sourceDescription = observed.table();
    IndexOverrides.check(restore.getSpec().getOverrides(), sourceDescription, source);
    itemChecks.check(restore, source, sourceDescription);
    status.setSourceTableId(sourceDescription.tableId());
    return admitThenRequest(restore, context, run, target, "restoring " + source.tableName() + " to "
        + status.getRestoreDateTime() + " into " + target.tableName(),
        () -> restores.capture(source, sourceDescription, observed.pitr().recoveryPeriodDays()),
        () -> request.send(restore, context, source, sourceDescription));
  }

  /**
   * spec.source.backupRef or backupArn: validated against the backup (not PITR, not the ProtectedTable's
   * readiness: the source table may be gone), then the same target rules, queue and exactly-once request.
   */
  private Optional<Duration> startFromBackup(TableRestore restore, Context<TableRestore> context,
      RestoreContext run) {
    Optional<BackupSources.Found> found = backupSources.find(restore, context);
    if (found.isEmpty()) {
      return Optional.of(BACKUP_WAIT);
    }
    var overrides = restore.getSpec().getOverrides();
    if (overrides != null && (overrides.getGlobalSecondaryIndexes() != null
        || overrides.getLocalSecondaryIndexes() != null)) {
      throw new RestoreFailure(SharedReason.InvalidSpec, "spec.overrides.globalSecondaryIndexes and "
          + "localSecondaryIndexes are not supported when restoring from a backup: the new table gets the "
          + "backup's indexes");
    }
    BackupSources.Found backup = found.get();
    TableRestoreStatus status = restore.getStatus();
    TableTarget source = backup.source();
    status.setSourceTableName(source.tableName());
    status.setRoleArn(source.roleArn().orElse(null));
    status.setSourceTableArn(backup.tableArn());
    status.setSourceBackupArn(backup.backupArn());
    status.setRestoreDateTime(backup.createdAt().toString());
    TableTarget target = claimTarget(restore, context, source);
    return admitThenRequest(restore, context, run, target, "restoring backup " + backup.backupArn() + " of "
        + source.tableName() + " (as of " + status.getRestoreDateTime() + ") into " + target.tableName(),
        backup::settings, () -> request.send(restore, context, source, null));
  }

  /** A namespace restores only into table names the administrator lets it use, and never over a table. */
  private TableTarget claimTarget(TableRestore restore, Context<TableRestore> context, TableTarget source) {
    TableTarget target = resolver.allowed(restore.getMetadata().getNamespace(),
        source.withTableName(restore.getSpec().getTarget().getTableName()));
    claims.claim(restore, context, target);
    if (restores.describe(target).isPresent()) {
      throw new RestoreFailure(RestoreReason.TargetTableExists, "table " + target.tableName() + " already exists in "
          + source.region() + " (account " + source.accountId() + "): the operator never overwrites a table; "
          + "choose another spec.target.tableName in a new TableRestore");
    }
    return target;
  }

  /**
   * A free slot, then the settings a restore drops read and the request written to status, then the restore call:
   * a restart from here on looks for the table first.
   */
  private Optional<Duration> admitThenRequest(TableRestore restore, Context<TableRestore> context,
      RestoreContext run, TableTarget target, String starting, Supplier<SourceSettings> settings,
      Supplier<Duration> send) {
    TableRestoreStatus status = restore.getStatus();
    int position = admit(restore, context);
    if (position > 0) {
      return Optional.of(queued(restore, position));
    }
    status.setQueuePosition(null);
    status.setSourceSettings(settings.get());
    Instant now = clock.instant();
    status.setStartTime(Timestamps.format(now));
    status.setRestoreRequestedTime(Timestamps.format(now));
    recorder.progress(restore, RestorePhase.Restoring, starting);
    return Optional.of(run.checkpointThen(send));
  }

  /** A re-creation (by a GitOps tool) of a TableRestore that ttlAfterCompletion deleted reports its result. */
  private boolean alreadyCompleted(TableRestore restore, Context<TableRestore> context) {
    Optional<CompletedRestoreRecords.Earlier> earlier = records.find(restore, context.getClient());
    earlier.ifPresent(e -> {
      TableRestoreStatus status = restore.getStatus();
      status.setTargetTableArn(e.targetTableArn());
      status.setRestoreDateTime(e.restoreDateTime());
      status.setCompletionTime(e.completionTime());
      recorder.alreadyCompleted(restore, "not restored again: TableRestore " + restore.getMetadata().getNamespace()
          + "/" + restore.getMetadata().getName() + " with this same spec (uid " + e.uid() + ") completed at "
          + e.completionTime() + ", restoring " + e.targetTableArn() + " to " + e.restoreDateTime()
          + ", and was deleted by its ttlAfterCompletion; this one was created again (by a GitOps tool?). "
          + "Remembered until " + e.expiresAt() + "; to restore again, use another name");
    });
    return earlier.isPresent();
  }

  /** PITR must be on, and AWS must answer for the table the ProtectedTable claims. */
  private TableObservation observeSource(TableRestore restore, TableTarget source) {
    TableObservation observed;
    try {
      observed = pitr.observe(source);
    } catch (AwsFailure failure) {
      if (failure.kind() == AwsFailure.Kind.TABLE_NOT_FOUND) {
        throw new RestoreFailure(RestoreReason.SourceTableNotFound, "the source " + source + " no longer exists");
      }
      throw failure;
    }
    TableTargetResolver.verifyAnswer(source, observed.tableArn());
    if (!observed.pitr().enabled()) {
      throw new RestoreFailure(RestoreReason.PointInTimeRecoveryDisabled, "PITR is " + observed.pitr().status() + " on "
          + source + ", so there is nothing to restore from; check ProtectedTable "
          + restore.getMetadata().getNamespace() + "/" + restore.getSpec().getSource().getProtectedTableRef());
    }
    return observed;
  }

  private int admit(TableRestore restore, Context<TableRestore> context) {
    return queue.admit(restore, accountRegion(restore.getStatus().getSourceTableArn()),
        context.getPrimaryCache().list().toList(),
        r -> r.getStatus() == null || r.getStatus().getSourceTableArn() == null ? ""
            : accountRegion(r.getStatus().getSourceTableArn()));
  }

  private Duration queued(TableRestore restore, int position) {
    TableRestoreStatus status = restore.getStatus();
    if (status.getPhase() != RestorePhase.Queued || !Integer.valueOf(position).equals(status.getQueuePosition())) {
      log.info("{}/{} queued at position {}", restore.getMetadata().getNamespace(), restore.getMetadata().getName(),
          position);
    }
    TableTarget source = tables.source(restore);
    status.setQueuePosition(position);
    status.setLeftQueueTime(null);
    recorder.progress(restore, RestorePhase.Queued, "waiting for a free restore slot in " + source.region()
        + " (account " + source.accountId() + "); position " + position);
    return QUEUE_RECHECK;
  }

  private static String accountRegion(String tableArn) {
    return TableTargetResolver.fromTableArn(tableArn).accountRegion();
  }
}
