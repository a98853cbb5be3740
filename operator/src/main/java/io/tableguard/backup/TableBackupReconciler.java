package io.tableguard.backup;

import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.tableguard.aws.AwsBudgets;
import io.tableguard.aws.AwsFailure;
import io.tableguard.aws.BudgetNotDue;
import io.tableguard.aws.TargetRefused;
import io.tableguard.kube.AwsFailureHandling;
import io.tableguard.kube.ClusterView;
import io.tableguard.kube.EventRecorder.Type;
import io.tableguard.kube.FailureMessages;
import io.tableguard.kube.InstallScopes;
import io.tableguard.kube.PhaseHandlers;
import io.tableguard.kube.StatusChange;
import io.tableguard.model.Reason;
import io.tableguard.model.backup.BackupPhase;
import io.tableguard.model.backup.TableBackup;
import io.tableguard.model.backup.TableBackupStatus;
import io.tableguard.model.protection.ProtectedTable;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Makes one on-demand backup of a ProtectedTable's table, exactly once, or adopts one; status is the only memory
 * (the backup's name is on it before CreateBackup is sent). Each phase has its handler; this class routes to them
 * and turns their outcome into a status update. Available and Failed are never acted on again, only deleted.
 */
@ControllerConfiguration(name = TableBackupReconciler.NAME)
public class TableBackupReconciler implements Reconciler<TableBackup>, Cleaner<TableBackup> {
  public static final String NAME = "tablebackup";
  /** How soon to look again at a backup whose ProtectedTable another install manages. */
  private static final Duration OTHER_INSTALL_RECHECK = Duration.ofSeconds(30);
  static final String WHEN_NOT_FOUND = "it was deleted or renamed outside the operator";

  private final BackupSource source;
  private final InstallScopes installs;
  private final BackupStatusRecorder recorder;
  private final AwsFailureHandling failures;
  private final PhaseHandlers<BackupPhase, BackupContext> phases;
  private final BackupCleanup cleanup;

  TableBackupReconciler(BackupSource source, InstallScopes installs, BackupStatusRecorder recorder,
      AwsFailureHandling failures, List<BackupPhaseHandler> handlers, BackupCleanup cleanup) {
    this.source = source;
    this.installs = installs;
    this.recorder = recorder;
    this.failures = failures;
    this.phases = new PhaseHandlers<>(BackupPhase.class, handlers, run -> run.status().getPhase(),
        BackupPhase::terminal);
    this.cleanup = cleanup;
  }

  /** The ProtectedTables TableBackups name: a backup waiting for its ProtectedTable is woken by its change. */
  @Override
  public List<EventSource<?, TableBackup>> prepareEventSources(EventSourceContext<TableBackup> context) {
    InformerEventSource<ProtectedTable, TableBackup> protectedTables = ClusterView.protectedTablesNamedBy(context,
        "tablebackups", backup -> backup.getSpec() == null ? null : backup.getSpec().getProtectedTableRef());
    source.readFrom(protectedTables);
    return List.of(protectedTables);
  }

  @Override
  public UpdateControl<TableBackup> reconcile(TableBackup backup, Context<TableBackup> context) {
    if (installs.leftToOtherInstall(backup, source.protectedTable(backup)).isPresent()) {
      return UpdateControl.<TableBackup>noUpdate().rescheduleAfter(OTHER_INSTALL_RECHECK);
    }
    TableBackupStatus before = backup.getStatus();
    TableBackupStatus status = recorder.start(backup);
    if (status.getPhase().terminal()) {
      recorder.publishAvailable(backup);
      return StatusChange.patchIfChanged(backup, before, context);
    }
    try {
      return AwsBudgets.onBehalfOf(backup.getMetadata().getUid(), () -> {
        Optional<Duration> next = phases.run(new BackupContext(backup, context));
        failures.succeeded(backup);
        UpdateControl<TableBackup> update = StatusChange.patchIfChanged(backup, before, context);
        return next.map(update::rescheduleAfter).orElse(update);
      });
    } catch (TargetRefused refused) {
      return failed(backup, refused.reason(), refused.getMessage());
    } catch (BackupFailure failure) {
      return failed(backup, failure.reason(), failure.getMessage());
    } catch (AwsFailure failure) {
      return awsFailed(backup, failure);
    } catch (BudgetNotDue notDue) {
      return UpdateControl.<TableBackup>noUpdate().rescheduleAfter(notDue.retryIn());
    }
  }

  private UpdateControl<TableBackup> failed(TableBackup backup, Reason reason, String message) {
    recorder.fail(backup, reason, message);
    return UpdateControl.patchStatus(backup);
  }

  /** Transient failures are waited out quietly; others are reported and retried slowly. */
  private UpdateControl<TableBackup> awsFailed(TableBackup backup, AwsFailure failure) {
    TableBackupStatus status = backup.getStatus();
    AwsFailureHandling.Handled handled = failures.handle(backup, "phase " + status.getPhase(),
        status.getTableArn() == null ? null : source.recorded(backup), failure, Duration.ofMinutes(5),
        WHEN_NOT_FOUND);
    if (handled.passesByItself()) {
      return UpdateControl.<TableBackup>noUpdate().rescheduleAfter(handled.retryIn());
    }
    if (!FailureMessages.sameFailure(handled.message(), status.getMessage())) {
      recorder.event(backup, Type.Warning, handled.reason(), handled.message());
    }
    status.setMessage(handled.message());
    return UpdateControl.patchStatus(backup).rescheduleAfter(handled.retryIn());
  }

  @Override
  public DeleteControl cleanup(TableBackup backup, Context<TableBackup> context) {
    if (installs.leftToOtherInstall(backup, source.protectedTable(backup)).isPresent()) {
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(OTHER_INSTALL_RECHECK);
    }
    try {
      return AwsBudgets.onBehalfOf(backup.getMetadata().getUid(),
          () -> cleanup.cleanup(backup, context.getClient()));
    } catch (BudgetNotDue notDue) {
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(notDue.retryIn());
    }
  }
}
