package io.tableguard.backup;

import io.tableguard.aws.BackupGateway;
import io.tableguard.aws.TableTarget;
import io.tableguard.model.SharedReason;
import io.tableguard.model.backup.BackupPhase;
import io.tableguard.model.backup.BackupReason;
import io.tableguard.model.backup.TableBackup;
import io.tableguard.model.backup.TableBackupStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.BackupDescription;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;

/**
 * Creating: until the backup is AVAILABLE. Without its ARN on status (the answer to CreateBackup was lost, or the
 * operator died before recording it), the backup is looked for by its recorded name for the listing window, and
 * asked for again only after that.
 */
class CreatingPhase implements BackupPhaseHandler {
  private static final Logger log = LoggerFactory.getLogger(CreatingPhase.class);
  /** How soon to list again while a lost backup may still show up. */
  private static final Duration LIST_AGAIN = Duration.ofSeconds(5);

  private final BackupSource source;
  private final BackupGateway backups;
  private final BackupRequest request;
  private final BackupStatusRecorder recorder;
  private final Clock clock;
  private final Duration listingWindow;

  CreatingPhase(BackupSource source, BackupGateway backups, BackupRequest request, BackupStatusRecorder recorder,
      Clock clock, Duration listingWindow) {
    this.source = source;
    this.backups = backups;
    this.request = request;
    this.recorder = recorder;
    this.clock = clock;
    this.listingWindow = listingWindow;
  }

  @Override
  public Set<BackupPhase> phases() {
    return EnumSet.of(BackupPhase.Creating);
  }

  @Override
  public Step run(BackupContext run) {
    TableBackupStatus status = run.status();
    TableTarget table = source.recorded(run.backup());
    if (status.getBackupArn() == null) {
      Optional<Step> notYet = findOrAskAgain(run, table);
      if (notYet.isPresent()) {
        return notYet.get();
      }
    }
    Optional<BackupDescription> described = backups.describe(table, status.getBackupArn());
    if (described.isEmpty()) {
      throw new BackupFailure(SharedReason.BackupNotFound, "backup " + status.getBackupArn() + " no longer exists: "
          + "it was deleted outside tableguard before it became available");
    }
    var details = described.get().backupDetails();
    BackupRequest.record(status, details.backupArn(), details.backupCreationDateTime(), details.backupSizeBytes());
    if (described.get().sourceTableDetails().itemCount() != null) {
      status.setItemCount(described.get().sourceTableDetails().itemCount());
    }
    if (!BackupRequest.available(details.backupStatus())) {
      recorder.progress(run.backup(), BackupPhase.Creating, BackupReason.BackupRequested, "backup "
          + status.getBackupName() + " of " + table + " is " + details.backupStatusAsString());
      return Step.after(BackupRequest.POLL);
    }
    recorder.available(run.backup(), (Boolean.TRUE.equals(status.getAdopted()) ? "adopted" : "made") + " backup "
        + status.getBackupName() + " of " + table + " as of " + status.getCreationTime());
    return Step.of(Optional.empty());
  }

  /** Empty once the ARN is on status (found, or asked for and answered); else what to do meanwhile. */
  private Optional<Step> findOrAskAgain(BackupContext run, TableTarget table) {
    TableBackupStatus status = run.status();
    if (status.getBackupRequestedTime() == null) {
      // Refused as in use last time: nothing was made.
      Step step = request.ask(run, table);
      return status.getBackupArn() == null ? Optional.of(step) : Optional.empty();
    }
    TableBackup backup = run.backup();
    Optional<BackupSummary> found = backups.findByName(table, status.getBackupName(),
        BackupRequest.listedFrom(backup));
    if (found.isPresent()) {
      request.found(run, found.get());
      return Optional.empty();
    }
    Instant askAgainAt = Instant.parse(status.getBackupRequestedTime()).plus(listingWindow);
    Instant now = clock.instant();
    if (now.isBefore(askAgainAt)) {
      recorder.progress(backup, BackupPhase.Creating, BackupReason.BackupRequested, "the answer to CreateBackup "
          + status.getBackupName() + " was not recorded; looking for the backup by name (AWS may list a new backup "
          + "late) until " + askAgainAt + ", then asking again");
      Duration wait = Duration.between(now, askAgainAt);
      return Optional.of(Step.after(wait.compareTo(LIST_AGAIN) < 0 ? wait : LIST_AGAIN));
    }
    log.info("{}/{} backup {} not listed {}s after it was asked for: asking again", run.namespace(), run.name(),
        status.getBackupName(), listingWindow.toSeconds());
    Step step = request.ask(run, table);
    return status.getBackupArn() == null ? Optional.of(step) : Optional.empty();
  }
}
