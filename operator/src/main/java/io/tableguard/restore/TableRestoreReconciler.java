package io.tableguard.restore;

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
import io.tableguard.aws.BackupGateway;
import io.tableguard.aws.BudgetNotDue;
import io.tableguard.aws.PitrGateway;
import io.tableguard.aws.RestoreGateway;
import io.tableguard.aws.TableTarget;
import io.tableguard.aws.TableTargetResolver;
import io.tableguard.aws.TargetRefused;
import io.tableguard.events.TableChanges;
import io.tableguard.kube.AwsFailureHandling;
import io.tableguard.kube.ClusterView;
import io.tableguard.kube.EventRecorder.Type;
import io.tableguard.kube.FailureMessages;
import io.tableguard.kube.InstallScopes;
import io.tableguard.kube.PhaseHandlers;
import io.tableguard.kube.RetryBackoff;
import io.tableguard.kube.StatusChange;
import io.tableguard.kube.TableClaims;
import io.tableguard.model.Reason;
import io.tableguard.model.restore.RestorePhase;
import io.tableguard.model.restore.TableRestore;
import io.tableguard.model.restore.TableRestoreStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
  /** What a TableRestore says when AWS has no such table (its source, or the table it restored). */
  static final String WHEN_NOT_FOUND = "it was deleted or renamed outside the operator";
  /** Every wake-up is at most this far away: a later one just works out again what is due. */
  static final Duration MAX_DELAY = Duration.ofHours(1);

  private final RestoreQueue queue;
  /** How soon to look again at a restore that another install runs, in case that install goes away. */
  private static final Duration OTHER_INSTALL_RECHECK = Duration.ofSeconds(30);

  private final TargetClaims claims;
  private final ClusterView cluster;
  private final InstallScopes installs;
  private final RestoreStatusRecorder recorder;
  private final AwsFailureHandling failures;
  private final RestoreTables tables;
  private final PhaseHandlers<RestorePhase, RestoreContext> phases;
  private final CompletedPhase completed;
  private final RestoreCleanup cleanup;
  private final CompletedRestoreRecords records;
  /** Set when change events are on (before registration); null otherwise. */
  private TableChanges changes;

  /**
   * @param backups the backups a restore from spec.source.backupRef or backupArn reads
   * @param operatorNamespace where the operator keeps its records of restores that ttlAfterCompletion deleted
   * @param sourceWait how long a restore waits for its ProtectedTable to become Ready before it fails
   * @param writeBacks how item-level restores run their copy Jobs
   */
  public TableRestoreReconciler(TableTargetResolver resolver, PitrGateway pitr, RestoreGateway restores,
      BackupGateway backups, RestoreQueue queue, RestoreStatusRecorder recorder, RetryBackoff backoff, Clock clock,
      String operatorNamespace, ClusterView cluster, InstallScopes installs, Duration sourceWait,
      WriteBackSetup writeBacks) {
    this.cluster = cluster;
    this.installs = installs;
    this.claims = new TargetClaims(cluster, new TableClaims(resolver));
    this.queue = queue;
    this.recorder = recorder;
    this.failures = new AwsFailureHandling(backoff);
    this.tables = new RestoreTables(resolver);
    RestorePolling polling = new RestorePolling(clock);
    OwnershipTagger tagger = new OwnershipTagger(restores, recorder);
    TableOwnership ownership = new TableOwnership(restores, claims, tagger, recorder);
    RestoreRequest request = new RestoreRequest(restores, tables, tagger, recorder, polling);
    this.records = new CompletedRestoreRecords(operatorNamespace, clock);
    this.completed = new CompletedPhase(records, recorder, clock);
    this.phases = new PhaseHandlers<>(RestorePhase.class, List.of(
        new StartPhase(records, new SourceReadiness(recorder, clock, cluster, sourceWait), resolver, pitr, restores,
            tables, queue, claims, request, recorder, clock, new ItemRestoreChecks(writeBacks.settings()),
            new BackupSources(resolver, backups, cluster, recorder)),
        new RestoringPhase(restores, tables, request, ownership, tagger, recorder, polling, clock),
        new ApplyingSettingsPhase(restores, tables, ownership, new SettingsCopier(restores, pitr, recorder),
            recorder),
        new WritingBackPhase(restores, tables, ownership, writeBacks.jobs(), writeBacks.sessions(),
            writeBacks.settings(), writeBacks.awsEndpoint(), recorder, clock)),
        run -> run.status().getPhase(), RestorePhase::terminal);
    this.cleanup = new RestoreCleanup(restores, tables, ownership, claims, recorder, failures, polling,
        writeBacks.jobs());
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
      sources.addAll(changes.sourceFor("TableRestore", TableRestoreReconciler::verifiedTables).prepare(context));
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
      Optional<Duration> next = phases.run(new RestoreContext(restore, context));
      failures.succeeded(restore);
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

  /**
   * The tables a change event wakes a running restore for: its source as AWS answered for it, and its target
   * (as AWS named it, before that spec.target.tableName in the verified source's account and region).
   */
  static Set<String> verifiedTables(TableRestore restore) {
    TableRestoreStatus status = restore.getStatus();
    if (status == null || status.getPhase() == null || status.getPhase().terminal()) {
      return Set.of();
    }
    Set<String> keys = new HashSet<>();
    Optional<TableTarget> source = TableChanges.verifiedTable(status.getSourceTableArn(), null);
    source.ifPresent(s -> keys.add(s.key()));
    Optional<TableTarget> target = TableChanges.verifiedTable(status.getTargetTableArn(), null);
    if (target.isEmpty() && restore.getSpec() != null && restore.getSpec().getTarget() != null
        && restore.getSpec().getTarget().getTableName() != null) {
      target = source.map(s -> s.withTableName(restore.getSpec().getTarget().getTableName()));
    }
    target.ifPresent(t -> keys.add(t.key()));
    return keys;
  }

  private UpdateControl<TableRestore> failed(TableRestore restore, Reason reason, String message) {
    release(restore.getMetadata().getUid());
    recorder.fail(restore, reason, message);
    return UpdateControl.patchStatus(restore);
  }

  /** Transient failures are waited out quietly; others are reported and retried slowly. */
  private UpdateControl<TableRestore> awsFailed(TableRestore restore, AwsFailure failure) {
    TableRestoreStatus status = restore.getStatus();
    AwsFailureHandling.Handled handled = failures.handle(restore, "phase " + status.getPhase(),
        status.getSourceTableArn() == null ? null : tables.target(restore), failure, Duration.ofMinutes(5),
        WHEN_NOT_FOUND);
    if (handled.passesByItself()) {
      return UpdateControl.<TableRestore>noUpdate().rescheduleAfter(handled.retryIn());
    }
    if (!FailureMessages.sameFailure(handled.message(), status.getMessage())) {
      recorder.event(restore, Type.Warning, handled.reason(), handled.message());
    }
    status.setMessage(handled.message());
    return UpdateControl.patchStatus(restore).rescheduleAfter(handled.retryIn());
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
    String ref = restore.getSpec().getSource().getProtectedTableRef();
    // A restore from a TableBackup names no ProtectedTable: the install serving its namespace restores it.
    return ref != null && installs.leftToOtherInstall(restore, cluster.protectedTable(
        restore.getMetadata().getNamespace(), ref, context)).isPresent();
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
