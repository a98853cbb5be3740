package io.tableguard.status;

import io.tableguard.metrics.RestoreMetrics;
import io.tableguard.model.AppliedSetting;
import io.tableguard.model.RestorePhase;
import io.tableguard.model.TableRestore;
import io.tableguard.model.TableRestoreStatus;
import io.tableguard.status.EventRecorder.Type;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

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
    return s;
  }

  public void progress(TableRestore restore, RestorePhase phase, String message) {
    TableRestoreStatus s = restore.getStatus();
    s.setPhase(phase);
    s.setMessage(message);
    Conditions.set(s.getConditions(), generation(restore), Conditions.READY, false, phase.name(), message, now());
    metrics.running(restore.getMetadata().getUid(), phase.running());
  }

  /** Terminal: the phase never changes again. */
  public void fail(TableRestore restore, String reason, String message) {
    TableRestoreStatus s = restore.getStatus();
    s.setPhase(RestorePhase.Failed);
    s.setMessage(message);
    s.setQueuePosition(null);
    Conditions.set(s.getConditions(), generation(restore), Conditions.READY, false, reason, message, now());
    Conditions.set(s.getConditions(), generation(restore), FAILED, true, reason, message, now());
    events.record(restore, Type.Warning, reason, "Restore", message);
    metrics.finished(restore.getMetadata().getUid(), "failed", null);
  }

  /** Terminal: the data is there; failed settings are named in the message and in appliedSettings. */
  public void complete(TableRestore restore) {
    TableRestoreStatus s = restore.getStatus();
    Instant done = now();
    s.setPhase(RestorePhase.Completed);
    s.setCompletionTime(Timestamps.format(done));
    Duration took = s.getStartTime() == null ? null : Duration.between(Instant.parse(s.getStartTime()), done);
    s.setDurationSeconds(took == null ? null : took.toSeconds());
    long failed = s.getAppliedSettings().stream().filter(a -> "Failed".equals(a.getResult())).count();
    String message = "restored " + restore.getSpec().getTarget().getTableName() + " to " + s.getRestoreDateTime()
        + (failed == 0 ? "" : "; " + failed + " setting(s) could not be copied: " + String.join(", ",
            s.getAppliedSettings().stream().filter(a -> "Failed".equals(a.getResult()))
                .map(a -> a.getName().name()).toList()));
    s.setMessage(message);
    Conditions.set(s.getConditions(), generation(restore), Conditions.READY, true,
        failed == 0 ? "Completed" : "CompletedWithWarnings", message, done);
    events.record(restore, failed == 0 ? Type.Normal : Type.Warning, "RestoreCompleted", "Restore", message);
    metrics.finished(restore.getMetadata().getUid(), failed == 0 ? "completed" : "completed_with_warnings", took);
  }

  public void settingFailed(TableRestore restore, AppliedSetting setting) {
    events.record(restore, Type.Warning, "SettingNotCopied", "ApplySettings",
        setting.getName() + " could not be copied to " + restore.getSpec().getTarget().getTableName() + ": "
            + setting.getMessage() + ". The data is restored; set it by hand");
  }

  /** The restore no longer counts as running (deleted, or never started). */
  public void forget(String uid) {
    metrics.running(uid, false);
  }

  public void event(TableRestore restore, Type type, String reason, String message) {
    events.record(restore, type, reason, "Restore", message);
  }

  private static long generation(TableRestore restore) {
    return restore.getMetadata().getGeneration() == null ? 1 : restore.getMetadata().getGeneration();
  }

  private Instant now() {
    return clock.instant();
  }
}
