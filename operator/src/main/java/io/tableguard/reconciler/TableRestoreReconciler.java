package io.tableguard.reconciler;

import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.tableguard.aws.AwsBudgets;
import io.tableguard.aws.AwsFailure;
import io.tableguard.aws.BudgetNotDue;
import io.tableguard.aws.PitrGateway;
import io.tableguard.aws.RestoreGateway;
import io.tableguard.aws.TableTargetResolver;
import io.tableguard.aws.TargetRefused;
import io.tableguard.model.TableRestore;
import io.tableguard.model.TableRestoreStatus;
import io.tableguard.status.EventRecorder.Type;
import io.tableguard.status.FailureMessages;
import io.tableguard.status.RestoreStatusRecorder;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores a protected table to a point in time, once, into a new table, then copies what the restore drops.
 * The phase on status is the only memory: the restore request is recorded there before AWS is asked, so a
 * restart never asks twice, and a table is changed or deleted only when this TableRestore provably created it.
 * Each phase has its handler; this class routes to them and turns their outcome into a status update.
 */
@ControllerConfiguration(name = TableRestoreReconciler.NAME)
public class TableRestoreReconciler implements Reconciler<TableRestore>, Cleaner<TableRestore> {
  public static final String NAME = "tablerestore";
  private static final Logger log = LoggerFactory.getLogger(TableRestoreReconciler.class);
  /** Every wake-up is at most this far away: a later one just works out again what is due. */
  static final Duration MAX_DELAY = Duration.ofHours(1);

  private final RestoreQueue queue;
  /** How soon to look again at a restore that another install runs, in case that install goes away. */
  private static final Duration OTHER_INSTALL_RECHECK = Duration.ofSeconds(30);

  private final TargetClaims claims;
  private final ClusterView cluster;
  private final InstallScopes installs;
  private final RestoreStatusRecorder recorder;
  private final RetryBackoff backoff;
  private final RestoreTables tables;
  private final StartPhase start;
  private final RestoringPhase restoring;
  private final ApplyingSettingsPhase settings;
  private final CompletedPhase completed;
  private final RestoreCleanup cleanup;
  private final CompletedRestoreRecords records;
  /** Set when change events are on (before registration); null otherwise. */
  private TableChanges changes;

  /**
   * @param operatorNamespace where the operator keeps its records of restores that ttlAfterCompletion deleted
   * @param sourceWait how long a restore waits for its ProtectedTable to become Ready before it fails
   */
  public TableRestoreReconciler(TableTargetResolver resolver, PitrGateway pitr, RestoreGateway restores,
      RestoreQueue queue, RestoreStatusRecorder recorder, RetryBackoff backoff, Clock clock,
      String operatorNamespace, ClusterView cluster, InstallScopes installs, Duration sourceWait) {
    this.cluster = cluster;
    this.installs = installs;
    this.claims = new TargetClaims(cluster, new TableClaims(resolver));
    this.queue = queue;
    this.recorder = recorder;
    this.backoff = backoff;
    this.tables = new RestoreTables(resolver);
    RestorePolling polling = new RestorePolling(clock);
    OwnershipTagger tagger = new OwnershipTagger(restores, recorder);
    TableOwnership ownership = new TableOwnership(restores, claims, tagger, recorder);
    RestoreRequest request = new RestoreRequest(restores, tables, tagger, recorder, polling);
    this.settings = new ApplyingSettingsPhase(restores, tables, ownership,
        new SettingsCopier(restores, pitr, recorder), recorder);
    this.restoring = new RestoringPhase(restores, tables, request, ownership, tagger, settings, recorder, polling,
        clock);
    this.records = new CompletedRestoreRecords(operatorNamespace, clock);
    this.completed = new CompletedPhase(records, recorder, clock);
    this.start = new StartPhase(records, new SourceReadiness(recorder, clock, cluster, sourceWait), resolver, pitr,
        restores, tables, queue, claims, request, recorder, clock);
    this.cleanup = new RestoreCleanup(restores, tables, ownership, claims, recorder, backoff, polling);
  }

  /**
   * Change events (TABLEGUARD_EVENT_QUEUE_URLS, opt-in): a change of a running restore's verified source or of its
   * target triggers its reconcile at once; the polling schedule stays as it is. Call before registering.
   */
  public TableRestoreReconciler wakingOn(TableChanges tableChanges) {
    this.changes = tableChanges;
    return this;
  }

  /**
   * Besides change events: the ProtectedTables (a restore waiting for its source is woken by a change of it, and
   * reads it from this cache) and the records of completed restores, so that no reconcile reads the API server.
   */
  @Override
  public List<EventSource<?, TableRestore>> prepareEventSources(EventSourceContext<TableRestore> context) {
    List<EventSource<?, TableRestore>> sources = new ArrayList<>();
    sources.add(cluster.sourcesOfRestores(context));
    sources.add(records.eventSource(context));
    if (changes != null) {
      sources.addAll(changes.tableRestores().prepare(context));
    }
    return sources;
  }

  @Override
  public UpdateControl<TableRestore> reconcile(TableRestore restore, Context<TableRestore> context) {
    return AwsBudgets.onBehalfOf(restore.getMetadata().getUid(), () -> advance(restore, context));
  }

  private UpdateControl<TableRestore> advance(TableRestore restore, Context<TableRestore> context) {
    if (sourceManagedElsewhere(restore, context)) {
      return UpdateControl.<TableRestore>noUpdate().rescheduleAfter(OTHER_INSTALL_RECHECK);
    }
    TableRestoreStatus before = restore.getStatus();
    TableRestoreStatus status = recorder.start(restore);
    if (status.getPhase().terminal()) {
      return later(UpdateControl.noUpdate(), completed.check(restore, context));
    }
    String uid = restore.getMetadata().getUid();
    try {
      Optional<Duration> next = switch (status.getPhase()) {
        case Pending, Queued -> start.start(restore, context);
        case Restoring -> restoring.track(restore, context);
        case ApplyingSettings -> settings.apply(restore);
        default -> throw new IllegalStateException("unexpected phase " + status.getPhase());
      };
      backoff.reset(uid);
      if (status.getPhase().terminal()) {
        release(uid);
        next = completed.untilExpiry(restore);
      }
      return later(StatusChange.patchIfChanged(restore, before, context), next);
    } catch (TargetRefused refused) {
      return failed(restore, refused.reason(), refused.getMessage());
    } catch (RestoreFailure failure) {
      return failed(restore, failure.reason(), failure.getMessage());
    } catch (AwsFailure failure) {
      return awsFailed(restore, failure);
    } catch (BudgetNotDue notDue) {
      // Not a failure: nothing was sent, nothing changes; back when the account's budget has a permit for it.
      return UpdateControl.<TableRestore>noUpdate().rescheduleAfter(notDue.retryIn());
    }
  }

  private UpdateControl<TableRestore> failed(TableRestore restore, String reason, String message) {
    release(restore.getMetadata().getUid());
    recorder.fail(restore, reason, message);
    return UpdateControl.patchStatus(restore);
  }

  /** Transient failures are waited out quietly; others are reported and retried slowly. */
  private UpdateControl<TableRestore> awsFailed(TableRestore restore, AwsFailure failure) {
    TableRestoreStatus status = restore.getStatus();
    Duration retryIn = backoff.next(restore.getMetadata().getUid(), Duration.ofMinutes(5));
    log.info("{}/{} {} from AWS on {} in phase {}, retrying in {}", restore.getMetadata().getNamespace(),
        restore.getMetadata().getName(), failure.kind(), failure.operation(), status.getPhase(),
        FailureMessages.roundedSeconds(retryIn));
    if (failure.isTransient()) {
      return UpdateControl.<TableRestore>noUpdate().rescheduleAfter(retryIn);
    }
    String message = status.getSourceTableArn() == null
        ? "AWS refused " + failure.action() + ": " + failure.getMessage()
        : FailureMessages.explain(tables.target(restore), failure, retryIn);
    if (!FailureMessages.sameFailure(message, status.getMessage())) {
      recorder.event(restore, Type.Warning, FailureMessages.reason(failure), message);
    }
    status.setMessage(message);
    return UpdateControl.patchStatus(restore).rescheduleAfter(retryIn);
  }

  /** Its queue slot and its claim on the target go to others once it ended or never started. */
  private void release(String uid) {
    queue.release(uid);
    claims.release(uid);
  }

  private static UpdateControl<TableRestore> later(UpdateControl<TableRestore> update, Optional<Duration> next) {
    return next.map(delay -> update.rescheduleAfter(delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay))
        .orElse(update);
  }

  /**
   * Another install that also watches this namespace manages the source ProtectedTable, so the restore (and its
   * status, and its clean-up) is that install's: two would race to restore and to apply settings.
   */
  private boolean sourceManagedElsewhere(TableRestore restore, Context<TableRestore> context) {
    Optional<String> manager = cluster.protectedTable(restore.getMetadata().getNamespace(),
        restore.getSpec().getSource().getProtectedTableRef(), context).flatMap(installs::managerElsewhere);
    manager.ifPresent(other -> log.debug("{}/{} restores from a table install {} manages; left to it",
        restore.getMetadata().getNamespace(), restore.getMetadata().getName(), other));
    return manager.isPresent();
  }

  @Override
  public DeleteControl cleanup(TableRestore restore, Context<TableRestore> context) {
    if (sourceManagedElsewhere(restore, context)) {
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(OTHER_INSTALL_RECHECK);
    }
    release(restore.getMetadata().getUid());
    try {
      return AwsBudgets.onBehalfOf(restore.getMetadata().getUid(), () -> cleanup.cleanup(restore));
    } catch (BudgetNotDue notDue) {
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(notDue.retryIn());
    }
  }
}
