package io.tableguard.backup;

import io.tableguard.kube.Conditions;
import io.tableguard.kube.EventRecorder;
import io.tableguard.kube.EventRecorder.Type;
import io.tableguard.kube.Timestamps;
import io.tableguard.metrics.BackupMetrics;
import io.tableguard.model.Reason;
import io.tableguard.model.backup.BackupPhase;
import io.tableguard.model.backup.BackupReason;
import io.tableguard.model.backup.TableBackup;
import io.tableguard.model.backup.TableBackupStatus;
import java.time.Clock;
import java.time.Instant;

/** Moves a TableBackup between phases on its status, with the conditions, Events and metrics of each. */
class BackupStatusRecorder {
  static final String FAILED = "Failed";

  private final EventRecorder events;
  private final BackupMetrics metrics;
  private final Clock clock;

  BackupStatusRecorder(EventRecorder events, BackupMetrics metrics, Clock clock) {
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** The status to work on: a copy of the last one, or a new Pending one. */
  TableBackupStatus start(TableBackup backup) {
    TableBackupStatus s = backup.getStatus() == null ? new TableBackupStatus() : backup.getStatus().copy();
    if (s.getPhase() == null) {
      s.setPhase(BackupPhase.Pending);
    }
    s.setObservedGeneration(backup.getMetadata().getGeneration());
    backup.setStatus(s);
    return s;
  }

  /** Still in its phase, or moved on to a later one (never back), not Ready yet, for this reason. */
  void progress(TableBackup backup, BackupPhase phase, Reason reason, String message) {
    TableBackupStatus s = backup.getStatus();
    s.setPhase(phase);
    s.setMessage(message);
    Conditions.set(s.getConditions(), generation(backup), Conditions.READY, false, reason, message, clock.instant());
  }

  /** Terminal: the backup is AVAILABLE. */
  void available(TableBackup backup, String message) {
    TableBackupStatus s = backup.getStatus();
    Instant now = clock.instant();
    s.setPhase(BackupPhase.Available);
    s.setAvailableTime(Timestamps.format(now));
    s.setMessage(message);
    Conditions.set(s.getConditions(), generation(backup), Conditions.READY, true, BackupReason.BackupAvailable,
        message, now);
    events.record(backup, Type.Normal, BackupReason.BackupAvailable, "Backup", message);
    metrics.ended(BackupMetrics.Outcome.available);
    publishAvailable(backup);
  }

  /** Terminal: the phase never changes again. */
  void fail(TableBackup backup, Reason reason, String message) {
    TableBackupStatus s = backup.getStatus();
    s.setPhase(BackupPhase.Failed);
    s.setMessage(message);
    Conditions.set(s.getConditions(), generation(backup), Conditions.READY, false, reason, message, clock.instant());
    Conditions.set(s.getConditions(), generation(backup), FAILED, true, reason, message, clock.instant());
    events.record(backup, Type.Warning, reason, "Backup", message);
    metrics.ended(BackupMetrics.Outcome.failed);
  }

  /** The last-success gauge of an available backup: when it becomes available, and again after a restart. */
  void publishAvailable(TableBackup backup) {
    TableBackupStatus s = backup.getStatus();
    if (s.getPhase() == BackupPhase.Available && s.getCreationTime() != null) {
      metrics.available(backup.getMetadata().getNamespace(), backup.getSpec().getProtectedTableRef(),
          s.getTableName(), Instant.parse(s.getCreationTime()));
    }
  }

  /** What happened to the AWS backup when the TableBackup was deleted. */
  void deleted(TableBackup backup, boolean awsBackupDeleted, String message) {
    events.record(backup, Type.Normal, awsBackupDeleted ? BackupReason.BackupDeleted : BackupReason.BackupRetained,
        "Delete", message);
    metrics.ended(awsBackupDeleted ? BackupMetrics.Outcome.deleted : BackupMetrics.Outcome.retained);
  }

  void event(TableBackup backup, Type type, Reason reason, String message) {
    events.record(backup, type, reason, "Backup", message);
  }

  private static long generation(TableBackup backup) {
    return backup.getMetadata().getGeneration() == null ? 1 : backup.getMetadata().getGeneration();
  }
}
