package io.tableguard.backup;

import io.tableguard.aws.AwsFailure;
import io.tableguard.aws.BackupGateway;
import io.tableguard.aws.TableTarget;
import io.tableguard.kube.PhaseHandler.Step;
import io.tableguard.kube.Timestamps;
import io.tableguard.model.backup.BackupPhase;
import io.tableguard.model.backup.BackupReason;
import io.tableguard.model.backup.TableBackup;
import io.tableguard.model.backup.TableBackupStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.BackupDetails;
import software.amazon.awssdk.services.dynamodb.model.BackupInUseException;
import software.amazon.awssdk.services.dynamodb.model.BackupStatus;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;

/**
 * Asks AWS for the backup, exactly once: the name (from the TableBackup's uid) and the time of asking are on
 * status before CreateBackup is sent; the answer's ARN is recorded after it. Whoever finds a name without an ARN
 * (a restart, a lost answer) looks for the backup by that name, over a bounded window, before asking again.
 */
class BackupRequest {
  private static final Logger log = LoggerFactory.getLogger(BackupRequest.class);
  /** Another backup, restore or delete running on the table: asked again after this long, under the same name. */
  static final Duration IN_USE_RETRY = Duration.ofSeconds(30);
  /** A backup being made is looked at again after this long (they take seconds to minutes). */
  static final Duration POLL = Duration.ofSeconds(10);

  private final BackupGateway backups;
  private final BackupStatusRecorder recorder;
  private final Clock clock;

  BackupRequest(BackupGateway backups, BackupStatusRecorder recorder, Clock clock) {
    this.backups = backups;
    this.recorder = recorder;
    this.clock = clock;
  }

  /** AWS's clock and the operator's may differ: backups are listed from this long before the resource existed. */
  private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

  /** Where to list the table's backups from when looking for this TableBackup's by name. */
  static Instant listedFrom(TableBackup backup) {
    return Instant.parse(backup.getMetadata().getCreationTimestamp()).minus(CLOCK_SKEW);
  }

  /** The backup's name: unique to this TableBackup, and the same after any restart. */
  static String nameOf(BackupContext run) {
    return "tableguard-" + run.backup().getMetadata().getUid();
  }

  /** Records the request, writes it to status, then sends CreateBackup. */
  Step ask(BackupContext run, TableTarget table) {
    TableBackupStatus status = run.status();
    status.setBackupName(nameOf(run));
    status.setBackupArn(null);
    status.setBackupRequestedTime(Timestamps.format(clock.instant()));
    recorder.progress(run.backup(), BackupPhase.Creating, BackupReason.BackupRequested, "asking AWS for backup "
        + status.getBackupName() + " of " + table);
    BackupDetails made;
    try {
      made = run.checkpointThen(() -> backups.create(table, status.getBackupName()));
    } catch (AwsFailure failure) {
      if (!(failure.getCause() instanceof BackupInUseException)) {
        // The answer may be lost with the backup made: the name is on record, so the next look lists first.
        throw failure;
      }
      // Refused outright: nothing was made, so the next attempt asks again at once (not listing first).
      status.setBackupRequestedTime(null);
      recorder.progress(run.backup(), BackupPhase.Creating, BackupReason.BackupInUse, "another backup, restore or "
          + "delete is running on " + table + "; asking again in " + IN_USE_RETRY.toSeconds() + "s under the same "
          + "name " + status.getBackupName());
      return Step.after(IN_USE_RETRY);
    }
    log.info("{}/{} backup {} requested: {}", run.namespace(), run.name(), status.getBackupName(),
        made.backupArn());
    record(status, made.backupArn(), made.backupCreationDateTime(), made.backupSizeBytes());
    return Step.nextPhaseNow();
  }

  /** A backup found by its name after a lost answer. */
  void found(BackupContext run, BackupSummary summary) {
    log.info("{}/{} backup {} found by its name after a lost answer: {}", run.namespace(), run.name(),
        summary.backupName(), summary.backupArn());
    record(run.status(), summary.backupArn(), summary.backupCreationDateTime(), summary.backupSizeBytes());
  }

  static void record(TableBackupStatus status, String arn, Instant created, Long sizeBytes) {
    status.setBackupArn(arn);
    status.setCreationTime(created == null ? null : Timestamps.format(created));
    status.setSizeBytes(sizeBytes);
  }

  static boolean available(BackupStatus status) {
    return status == BackupStatus.AVAILABLE;
  }
}
