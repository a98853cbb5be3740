package io.tableguard.restore;

import io.tableguard.kube.Conditions;
import io.tableguard.kube.EventRecorder.Type;
import io.tableguard.kube.EventRecorder;
import io.tableguard.kube.Timestamps;
import io.tableguard.metrics.RestoreMetrics;
import io.tableguard.model.Reason;
import io.tableguard.model.restore.AppliedSetting;
import io.tableguard.model.restore.RestorePhase;
import io.tableguard.model.restore.RestoreReason;
import io.tableguard.model.restore.TableRestore;
import io.tableguard.model.restore.TableRestoreStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Moves a TableRestore between phases on its status, with the conditions, Events and metrics of each. */
public class RestoreStatusRecorder {
  public static final String FAILED = "Failed";

  private final EventRecorder events;
  private final RestoreMetrics metrics;
  private final Clock clock;

  public RestoreStatusRecorder(EventRecorder events, RestoreMetrics metrics, Clock clock) {
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** The status to work on: a copy of the last one, or a new Pending one. */
  public TableRestoreStatus start(TableRestore restore) {
    TableRestoreStatus s = restore.getStatus() == null ? new TableRestoreStatus() : restore.getStatus().copy();
    if (s.getPhase() == null) {
      s.setPhase(RestorePhase.Pending);
    }
    s.setObservedGeneration(restore.getMetadata().getGeneration());
    restore.setStatus(s);
    // At every reconcile, so that a restore already running when the operator (re)started is published too.
    publishRunning(restore);
    return s;
  }

  public void progress(TableRestore restore, RestorePhase phase, String message) {
    progress(restore, phase, phase, message);
  }

  /** Still Pending (or Queued: a phase never goes back), for a reason that passes by itself. */
  public void waiting(TableRestore restore, Reason reason, String message) {
    progress(restore, restore.getStatus().getPhase(), reason, message);
  }

  private void progress(TableRestore restore, RestorePhase phase, Reason reason, String message) {
    TableRestoreStatus s = restore.getStatus();
    s.setPhase(phase);
    s.setMessage(message);
    Conditions.set(s.getConditions(), generation(restore), Conditions.READY, false, reason, message, now());
    publishRunning(restore);
  }

  /** tableguard_restores_in_progress and tableguard_restore_started_timestamp_seconds follow the phase. */
  private void publishRunning(TableRestore restore) {
    TableRestoreStatus s = restore.getStatus();
    String uid = restore.getMetadata().getUid();
    String ns = restore.getMetadata().getNamespace();
    String name = restore.getMetadata().getName();
    if (s.getPhase().working()) {
      metrics.running(uid, ns, name, Optional.ofNullable(s.getStartTime()).map(Instant::parse));
    } else {
      metrics.notRunning(uid, ns, name);
    }
  }

  /** Terminal: the phase never changes again. */
  public void fail(TableRestore restore, Reason reason, String message) {
    TableRestoreStatus s = restore.getStatus();
    s.setPhase(RestorePhase.Failed);
    s.setMessage(message);
    s.setQueuePosition(null);
    Conditions.set(s.getConditions(), generation(restore), Conditions.READY, false, reason, message, now());
    Conditions.set(s.getConditions(), generation(restore), FAILED, true, reason, message, now());
    events.record(restore, Type.Warning, reason, "Restore", message);
    finished(restore, "failed", null);
    // A table tracked as unproven that was then replaced is no longer there to report.
    metrics.forgetUnowned(restore.getMetadata().getNamespace(), restore.getMetadata().getName());
  }

  /** Terminal: the data is there; failed settings are named in the message and in appliedSettings. */
  public void complete(TableRestore restore) {
    TableRestoreStatus s = restore.getStatus();
    List<String> failed = s.getAppliedSettings().stream().filter(a -> "Failed".equals(a.getResult()))
        .map(a -> a.getName().name()).toList();
    String message = "restored " + restore.getSpec().getTarget().getTableName() + " to " + s.getRestoreDateTime()
        + (failed.isEmpty() ? "" : "; " + failed.size() + " setting(s) could not be copied: "
            + String.join(", ", failed));
    if (failed.isEmpty()) {
      completed(restore, RestoreReason.Completed, Type.Normal, message, "completed");
    } else {
      completed(restore, RestoreReason.CompletedWithWarnings, Type.Warning, message, "completed_with_warnings");
    }
  }

  /** Terminal: the selected items were written back (or, with DiffOnly, compared); outcomes counted by name. */
  public void completeWriteBack(TableRestore restore, String message, Map<String, Long> outcomes) {
    outcomes.forEach(metrics::itemsWrittenBack);
    completed(restore, RestoreReason.WriteBackCompleted, Type.Normal, message, "completed");
  }

  /**
   * Terminal: a table answers the request but the operator cannot prove it made it, so nothing was done to it.
   * Ready, since the data is there, with reason OwnershipUnproven.
   */
  public void completeUnproven(TableRestore restore, String message) {
    completed(restore, RestoreReason.OwnershipUnproven, Type.Warning, message, "ownership_unproven");
  }

  /** The gauge of a table the operator cannot prove it created, for as long as the resource exists. */
  public void unownedTable(TableRestore restore) {
    metrics.unownedTable(restore.getMetadata().getNamespace(), restore.getMetadata().getName(),
        restore.getSpec().getTarget().getTableName());
  }

  /** Terminal without a restore: an earlier TableRestore of the same name and spec did it already. */
  public void alreadyCompleted(TableRestore restore, String message) {
    TableRestoreStatus s = restore.getStatus();
    s.setPhase(RestorePhase.Completed);
    s.setMessage(message);
    Conditions.set(s.getConditions(), generation(restore), Conditions.READY, true, RestoreReason.AlreadyCompleted, message,
        now());
    events.record(restore, Type.Normal, RestoreReason.AlreadyCompleted, "Restore", message);
    publishRunning(restore);
  }

  private void completed(TableRestore restore, Reason reason, Type type, String message, String outcome) {
    TableRestoreStatus s = restore.getStatus();
    Instant done = now();
    s.setPhase(RestorePhase.Completed);
    s.setCompletionTime(Timestamps.format(done));
    Duration took = s.getStartTime() == null ? null : Duration.between(Instant.parse(s.getStartTime()), done);
    s.setDurationSeconds(took == null ? null : took.toSeconds());
    s.setMessage(message);
    Conditions.set(s.getConditions(), generation(restore), Conditions.READY, true, reason, message, done);
    events.record(restore, type, RestoreReason.RestoreCompleted, "Restore", message);
    finished(restore, outcome, took);
  }

  private void finished(TableRestore restore, String outcome, Duration took) {
    metrics.finished(restore.getMetadata().getUid(), restore.getMetadata().getNamespace(),
        restore.getMetadata().getName(), outcome, took);
  }

  public void settingFailed(TableRestore restore, AppliedSetting setting) {
    events.record(restore, Type.Warning, RestoreReason.SettingNotCopied, "ApplySettings",
        setting.getName() + " could not be copied to " + restore.getSpec().getTarget().getTableName() + ": "
            + setting.getMessage() + ". The data is restored; set it by hand");
  }

  /** The resource is gone: it no longer counts as running, and its series go. */
  public void forget(TableRestore restore) {
    metrics.forget(restore.getMetadata().getUid(), restore.getMetadata().getNamespace(),
        restore.getMetadata().getName());
  }

  public void event(TableRestore restore, Type type, Reason reason, String message) {
    events.record(restore, type, reason, "Restore", message);
  }

  private static long generation(TableRestore restore) {
    return restore.getMetadata().getGeneration() == null ? 1 : restore.getMetadata().getGeneration();
  }

  private Instant now() {
    return clock.instant();
  }
}
