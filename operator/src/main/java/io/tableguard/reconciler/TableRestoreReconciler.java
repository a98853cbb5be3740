package io.tableguard.reconciler;

import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.tableguard.aws.AwsFailure;
import io.tableguard.aws.OwnershipTags;
import io.tableguard.aws.PitrGateway;
import io.tableguard.aws.RestoreGateway;
import io.tableguard.aws.TableObservation;
import io.tableguard.aws.TableTarget;
import io.tableguard.aws.TableTargetResolver;
import io.tableguard.aws.TargetRefused;
import io.tableguard.model.ProtectedTable;
import io.tableguard.model.RestoreDeletionPolicy;
import io.tableguard.model.RestorePhase;
import io.tableguard.model.TableRestore;
import io.tableguard.model.TableRestoreStatus;
import io.tableguard.status.FailureMessages;
import io.tableguard.status.Conditions;
import io.tableguard.status.EventRecorder.Type;
import io.tableguard.status.RestoreStatusRecorder;
import io.tableguard.status.Timestamps;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * Restores a protected table to a point in time, once, into a new table, then copies what the restore drops.
 * The phase on status is the only memory: the restore request is recorded there before AWS is asked, so a
 * restart never asks twice, and a table is adopted only by its ownership tag or as the answer to that
 * recorded request.
 */
@ControllerConfiguration(name = TableRestoreReconciler.NAME)
public class TableRestoreReconciler implements Reconciler<TableRestore>, Cleaner<TableRestore> {
  public static final String NAME = "tablerestore";
  private static final Logger log = LoggerFactory.getLogger(TableRestoreReconciler.class);
  private static final Duration QUEUE_RECHECK = Duration.ofSeconds(10);
  /** How long DescribeTable may not yet see a table AWS has just created. */
  private static final Duration DESCRIBE_LAG = Duration.ofMinutes(2);
  /** A restored table created this long before the recorded request is not the answer to it. */
  private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

  private final TableTargetResolver resolver;
  private final PitrGateway pitr;
  private final RestoreGateway restores;
  private final RestoreQueue queue;
  private final SettingsCopier copier;
  private final RestoreStatusRecorder recorder;
  private final RetryBackoff backoff;
  private final Clock clock;

  public TableRestoreReconciler(TableTargetResolver resolver, PitrGateway pitr, RestoreGateway restores,
      RestoreQueue queue, RestoreStatusRecorder recorder, RetryBackoff backoff, Clock clock) {
    this.resolver = resolver;
    this.pitr = pitr;
    this.restores = restores;
    this.queue = queue;
    this.copier = new SettingsCopier(restores, pitr, recorder);
    this.recorder = recorder;
    this.backoff = backoff;
    this.clock = clock;
  }

  @Override
  public UpdateControl<TableRestore> reconcile(TableRestore restore, Context<TableRestore> context) {
    TableRestoreStatus status = recorder.start(restore);
    if (status.getPhase().terminal()) {
      return afterCompletion(restore, context);
    }
    try {
      Duration next = switch (status.getPhase()) {
        case Pending, Queued -> validateAndStart(restore, context);
        case Restoring -> trackRestore(restore);
        case ApplyingSettings -> copySettings(restore);
        default -> throw new IllegalStateException("unexpected phase " + status.getPhase());
      };
      backoff.reset(restore.getMetadata().getUid());
      return UpdateControl.patchStatus(restore).rescheduleAfter(next);
    } catch (TargetRefused refused) {
      queue.release(restore.getMetadata().getUid());
      recorder.fail(restore, refused.reason(), refused.getMessage());
      return UpdateControl.patchStatus(restore);
    } catch (RestoreFailure failure) {
      queue.release(restore.getMetadata().getUid());
      recorder.fail(restore, failure.reason(), failure.getMessage());
      return UpdateControl.patchStatus(restore);
    } catch (AwsFailure failure) {
      Duration retryIn = backoff.next(restore.getMetadata().getUid(), Duration.ofMinutes(5));
      log.info("{}/{} {} from AWS on {} in phase {}, retrying in {}", restore.getMetadata().getNamespace(),
          restore.getMetadata().getName(), failure.kind(), failure.operation(), status.getPhase(),
          FailureMessages.roundedSeconds(retryIn));
      if (failure.isTransient()) {
        return UpdateControl.<TableRestore>noUpdate().rescheduleAfter(retryIn);
      }
      String message = status.getSourceTableArn() == null
          ? "AWS refused " + failure.action() + ": " + failure.getMessage()
          : FailureMessages.explain(targetOf(restore), failure, retryIn);
      if (!FailureMessages.sameFailure(message, status.getMessage())) {
        recorder.event(restore, Type.Warning, FailureMessages.reason(failure), message);
      }
      status.setMessage(message);
      return UpdateControl.patchStatus(restore).rescheduleAfter(retryIn);
    }
  }

  private Duration validateAndStart(TableRestore restore, Context<TableRestore> context) {
    TableRestoreStatus status = restore.getStatus();
    String ns = restore.getMetadata().getNamespace();
    if (status.getPhase() == RestorePhase.Queued && status.getSourceTableArn() != null) {
      // Checked when it was queued; check again only once a slot is free, not every few seconds.
      int position = admit(restore, context);
      if (position > 0) {
        return queued(restore, position);
      }
    }
    String ref = restore.getSpec().getSource().getProtectedTableRef();
    ProtectedTable pt = context.getClient().resources(ProtectedTable.class).inNamespace(ns).withName(ref).get();
    if (pt == null) {
      throw new RestoreFailure("ProtectedTableNotFound", "ProtectedTable " + ns + "/" + ref + " does not exist: a "
          + "TableRestore restores only a table that a ProtectedTable in its own namespace protects");
    }
    if (pt.getStatus() == null || !Conditions.isTrue(pt.getStatus().getConditions(), Conditions.READY)) {
      throw new RestoreFailure("ProtectedTableNotReady", "ProtectedTable " + ns + "/" + ref + " is not Ready ("
          + Optional.ofNullable(pt.getStatus()).map(s -> s.getMessage()).orElse("no status yet")
          + "); restore once it shows Ready=True");
    }
    TableTarget source = resolver.resolve(pt);
    TableObservation observed;
    try {
      observed = pitr.observe(source);
    } catch (AwsFailure failure) {
      if (failure.kind() == AwsFailure.Kind.TABLE_NOT_FOUND) {
        throw new RestoreFailure("SourceTableNotFound", "the source " + source + " no longer exists");
      }
      throw failure;
    }
    if (!observed.pitr().enabled()) {
      throw new RestoreFailure("PointInTimeRecoveryDisabled", "PITR is " + observed.pitr().status() + " on "
          + source + ", so there is nothing to restore from; check ProtectedTable " + ns + "/" + ref);
    }
    Instant restoreTime = restoreTime(restore, observed);
    status.setSourceTableName(source.tableName());
    status.setRoleArn(source.roleArn().orElse(null));
    status.setSourceTableArn(observed.tableArn());
    // Exactly the instant sent to AWS (whole seconds print without a fraction).
    status.setRestoreDateTime(restoreTime.toString());
    String targetName = restore.getSpec().getTarget().getTableName();
    if (restores.describe(source.withTableName(targetName)).isPresent()) {
      throw new RestoreFailure("TargetTableExists", "table " + targetName + " already exists in " + source.region()
          + " (account " + source.accountId() + "): the operator never overwrites a table; choose another "
          + "spec.target.tableName in a new TableRestore");
    }
    int position = admit(restore, context);
    if (position > 0) {
      return queued(restore, position);
    }
    status.setQueuePosition(null);
    TableDescription sourceDescription = describeSource(source);
    status.setSourceSettings(restores.capture(source, sourceDescription, observed.pitr().recoveryPeriodDays()));
    Instant now = clock.instant();
    status.setStartTime(Timestamps.format(now));
    status.setRestoreRequestedTime(Timestamps.format(now));
    recorder.progress(restore, RestorePhase.Restoring, "restoring " + source.tableName() + " to "
        + status.getRestoreDateTime() + " into " + targetName);
    // The request is on record before AWS hears of it: a restart from here on looks for the table first.
    TableRestore recorded = PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(restore, withStatusOnly(restore),
        context);
    restore.getMetadata().setResourceVersion(recorded.getMetadata().getResourceVersion());
    return requestRestore(restore, source, sourceDescription);
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
    TableTarget source = sourceOf(restore);
    status.setQueuePosition(position);
    recorder.progress(restore, RestorePhase.Queued, "waiting for a free restore slot in " + source.region()
        + " (account " + source.accountId() + "); position " + position);
    return QUEUE_RECHECK;
  }

  /** The instant to restore to: the requested time, or exactly the latest restorable one AWS reports. */
  private Instant restoreTime(TableRestore restore, TableObservation observed) {
    Instant earliest = observed.pitr().earliestRestorable().orElse(Instant.EPOCH);
    Instant latest = observed.pitr().latestRestorable().orElse(clock.instant());
    if (Boolean.TRUE.equals(restore.getSpec().getRestorePoint().getLatest())) {
      return latest;
    }
    Instant wanted;
    try {
      wanted = OffsetDateTime.parse(restore.getSpec().getRestorePoint().getTime()).toInstant();
    } catch (DateTimeParseException e) {
      throw new RestoreFailure("InvalidRestoreTime", "spec.restorePoint.time " + restore.getSpec().getRestorePoint()
          .getTime() + " is not a valid time (" + e.getMessage() + "); use RFC 3339, e.g. 2025-03-01T12:30:00Z");
    }
    if (wanted.isBefore(earliest) || wanted.isAfter(latest)) {
      throw new RestoreFailure("RestoreTimeOutsideWindow", "restore time " + wanted
          + " is outside the window " + Timestamps.format(earliest) + ".." + Timestamps.format(latest)
          + " (UTC) of the source table; choose a time inside it in a new TableRestore");
    }
    return wanted;
  }

  private TableDescription describeSource(TableTarget source) {
    return restores.describe(source).orElseThrow(
        () -> new RestoreFailure("SourceTableNotFound", "the source " + source + " no longer exists"));
  }

  /** The source's description gives the index definitions that index overrides need. */
  private Duration requestRestore(TableRestore restore, TableTarget source, TableDescription sourceDescription) {
    TableRestoreStatus status = restore.getStatus();
    String targetName = restore.getSpec().getTarget().getTableName();
    TableDescription created;
    try {
      created = restores.restore(source, sourceDescription, targetName, Instant.parse(status.getRestoreDateTime()),
          restore.getSpec().getOverrides());
    } catch (AwsFailure failure) {
      if (failure.kind() == AwsFailure.Kind.REJECTED && failure.getMessage().startsWith("TableAlreadyExists")) {
        // Maybe our own earlier request, whose answer was lost: tracking tells by tag and restore summary.
        return pollDelay(status);
      }
      if (failure.kind() == AwsFailure.Kind.REJECTED) {
        throw new RestoreFailure("RestoreRejected", "AWS rejected the restore of " + source + ": "
            + failure.getMessage());
      }
      throw failure;
    }
    restores.tag(source.withTableName(targetName), created.tableArn(), ownership(restore));
    status.setTargetTableArn(created.tableArn());
    recorder.event(restore, Type.Normal, "RestoreStarted", "restoring " + source.tableName() + " to "
        + status.getRestoreDateTime() + " into " + targetName);
    return trackRestore(restore);
  }

  private Duration trackRestore(TableRestore restore) {
    TableRestoreStatus status = restore.getStatus();
    TableTarget target = targetOf(restore);
    Optional<TableDescription> table = restores.describe(target);
    if (table.isEmpty()) {
      if (status.getTargetTableArn() == null) {
        // The request is on record but AWS has no such table: the call never reached AWS. Ask now.
        TableTarget source = sourceOf(restore);
        return requestRestore(restore, source, describeSource(source));
      }
      if (sinceRequest(status).compareTo(DESCRIBE_LAG) < 0) {
        // DescribeTable may not see a table for a moment after it was created.
        return pollDelay(status);
      }
      throw new RestoreFailure("TargetTableDeleted", "table " + target.tableName() + " was deleted while it was "
          + "being restored");
    }
    if (status.getTargetTableArn() == null) {
      adoptIfOurs(restore, target, table.get());
    }
    String tableStatus = table.get().tableStatusAsString();
    if (!"ACTIVE".equals(tableStatus)) {
      recorder.progress(restore, RestorePhase.Restoring, "restoring: table " + target.tableName() + " is "
          + tableStatus + " since " + status.getRestoreRequestedTime());
      return pollDelay(status);
    }
    status.setTableActiveTime(Timestamps.format(clock.instant()));
    recorder.progress(restore, RestorePhase.ApplyingSettings, "table " + target.tableName()
        + " is ACTIVE; copying settings from the source");
    return copySettings(restore);
  }

  /** Only a table that carries our tag, or answers our recorded request, is taken as ours. */
  private void adoptIfOurs(TableRestore restore, TableTarget target, TableDescription table) {
    Map<String, String> tags = restores.tags(target, table.tableArn());
    if (!isOurs(restore, table, tags)) {
      throw new RestoreFailure("TargetTableExists", "table " + target.tableName() + " exists but was not created "
          + "by this TableRestore; the operator never adopts or overwrites it");
    }
    if (!OwnershipTags.ownedBy(tags, restore.getMetadata().getUid())) {
      restores.tag(target, table.tableArn(), ownership(restore));
    }
    restore.getStatus().setTargetTableArn(table.tableArn());
    log.info("{}/{} found its restored table {} after a restart", restore.getMetadata().getNamespace(),
        restore.getMetadata().getName(), target.tableName());
  }

  /**
   * Our tag, or, with no other TableRestore's tag on it, a restore summary that answers exactly our recorded
   * request: the same source, the same instant, created after we asked (a lost answer, or a crash before
   * tagging).
   */
  private boolean isOurs(TableRestore restore, TableDescription table, Map<String, String> tags) {
    TableRestoreStatus status = restore.getStatus();
    if (OwnershipTags.ownedBy(tags, restore.getMetadata().getUid())) {
      return true;
    }
    var summary = table.restoreSummary();
    return !tags.containsKey(OwnershipTags.RESTORE_UID)
        && summary != null
        && status.getRestoreRequestedTime() != null
        && status.getSourceTableArn() != null && status.getSourceTableArn().equals(summary.sourceTableArn())
        && status.getRestoreDateTime() != null && summary.restoreDateTime() != null
        && Instant.parse(status.getRestoreDateTime()).equals(summary.restoreDateTime())
        && table.creationDateTime() != null
        && !table.creationDateTime().isBefore(Instant.parse(status.getRestoreRequestedTime()).minus(CLOCK_SKEW));
  }

  private Duration copySettings(TableRestore restore) {
    TableTarget target = targetOf(restore);
    TableDescription table = restores.describe(target).orElseThrow(() -> new RestoreFailure("TargetTableDeleted",
        "table " + target.tableName() + " was deleted before its settings were copied"));
    if (!copier.copyAll(restore, target, table)) {
      return Duration.ofSeconds(5);
    }
    TableDescription after = restores.describe(target).orElse(table);
    restore.getStatus().setItemCount(after.itemCount());
    restore.getStatus().setTableSizeBytes(after.tableSizeBytes());
    recorder.complete(restore);
    return ttlRemaining(restore).orElse(Duration.ofHours(1));
  }

  private UpdateControl<TableRestore> afterCompletion(TableRestore restore, Context<TableRestore> context) {
    Optional<Duration> remaining = ttlRemaining(restore);
    if (remaining.isEmpty()) {
      return UpdateControl.noUpdate();
    }
    if (!remaining.get().isNegative() && !remaining.get().isZero()) {
      return UpdateControl.<TableRestore>noUpdate().rescheduleAfter(remaining.get());
    }
    log.info("{}/{} ttlAfterCompletion {} has passed; deleting it", restore.getMetadata().getNamespace(),
        restore.getMetadata().getName(), restore.getSpec().getTtlAfterCompletion());
    context.getClient().resource(restore).delete();
    return UpdateControl.noUpdate();
  }

  private Optional<Duration> ttlRemaining(TableRestore restore) {
    String ttl = restore.getSpec().getTtlAfterCompletion();
    String done = restore.getStatus().getCompletionTime();
    if (ttl == null || done == null || restore.getStatus().getPhase() != RestorePhase.Completed) {
      return Optional.empty();
    }
    return Optional.of(Duration.between(clock.instant(), Instant.parse(done).plus(CheckInterval.parse(ttl))));
  }

  @Override
  public DeleteControl cleanup(TableRestore restore, Context<TableRestore> context) {
    String uid = restore.getMetadata().getUid();
    queue.release(uid);
    TableRestoreStatus status = restore.getStatus();
    if (restore.getSpec().getDeletionPolicy() != RestoreDeletionPolicy.Delete || status == null
        || status.getRestoreRequestedTime() == null) {
      recorder.forget(uid);
      return DeleteControl.defaultDelete();
    }
    TableTarget target = targetOf(restore);
    try {
      Optional<TableDescription> table = restores.describe(target);
      if (table.isEmpty()) {
        recorder.forget(uid);
        return DeleteControl.defaultDelete();
      }
      // Deletion asks for proof by tag alone, as promised: a table that lost it is left alone.
      if (!OwnershipTags.ownedBy(restores.tags(target, table.get().tableArn()), uid)) {
        recorder.event(restore, Type.Warning, "TableNotDeleted", "table " + target.tableName() + " does not carry "
            + "this TableRestore's ownership tag, so it was left alone");
        recorder.forget(uid);
        return DeleteControl.defaultDelete();
      }
      if (!"ACTIVE".equals(table.get().tableStatusAsString())) {
        // AWS cannot delete a table it is still restoring; the finalizer holds until it can.
        return DeleteControl.noFinalizerRemoval().rescheduleAfter(pollDelay(status));
      }
      if (Boolean.TRUE.equals(table.get().deletionProtectionEnabled())) {
        restores.setDeletionProtection(target, false);
      }
      restores.delete(target);
      recorder.event(restore, Type.Normal, "TableDeleted", "deleted restored table " + target.tableName()
          + " (deletionPolicy: Delete)");
      recorder.forget(uid);
      return DeleteControl.defaultDelete();
    } catch (AwsFailure failure) {
      Duration retryIn = backoff.next(uid, Duration.ofMinutes(5));
      recorder.event(restore, Type.Warning, FailureMessages.reason(failure), "could not delete table "
          + target.tableName() + ": " + FailureMessages.explain(target, failure, retryIn));
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(retryIn);
    }
  }

  /** Restores take minutes to hours: look often at first (small tables), then every minute. */
  private Duration pollDelay(TableRestoreStatus status) {
    Duration elapsed = sinceRequest(status);
    if (elapsed.compareTo(Duration.ofSeconds(30)) < 0) {
      return Duration.ofSeconds(2);
    }
    if (elapsed.compareTo(Duration.ofMinutes(2)) < 0) {
      return Duration.ofSeconds(5);
    }
    return elapsed.compareTo(Duration.ofMinutes(30)) < 0 ? Duration.ofSeconds(30) : Duration.ofMinutes(1);
  }

  private Duration sinceRequest(TableRestoreStatus status) {
    return status.getRestoreRequestedTime() == null ? Duration.ZERO
        : Duration.between(Instant.parse(status.getRestoreRequestedTime()), clock.instant());
  }

  private TableTarget sourceOf(TableRestore restore) {
    return resolver.forRestore(restore.getStatus().getSourceTableArn(), roleOf(restore),
        restore.getMetadata().getNamespace(), restore.getMetadata().getName());
  }

  private TableTarget targetOf(TableRestore restore) {
    return sourceOf(restore).withTableName(restore.getSpec().getTarget().getTableName());
  }

  private Optional<String> roleOf(TableRestore restore) {
    return Optional.ofNullable(restore.getStatus().getRoleArn());
  }

  private static Map<String, String> ownership(TableRestore restore) {
    return OwnershipTags.of(restore.getMetadata().getNamespace(), restore.getMetadata().getName(),
        restore.getMetadata().getUid());
  }

  private static String accountRegion(String tableArn) {
    return TableTargetResolver.fromTableArn(tableArn).accountRegion();
  }

  private static TableRestore withStatusOnly(TableRestore restore) {
    TableRestore fresh = new TableRestore();
    fresh.getMetadata().setName(restore.getMetadata().getName());
    fresh.getMetadata().setNamespace(restore.getMetadata().getNamespace());
    fresh.setStatus(restore.getStatus());
    return fresh;
  }
}
