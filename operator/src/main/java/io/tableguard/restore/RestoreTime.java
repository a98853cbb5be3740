package io.tableguard.restore;

import io.tableguard.aws.TableObservation;
import io.tableguard.kube.Timestamps;
import io.tableguard.model.restore.RestoreReason;
import io.tableguard.model.restore.TableRestore;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * The instant to restore to. AWS takes milliseconds, so every instant is cut to the millisecond before it is
 * recorded, sent or compared: what status shows is what AWS got, and a restored table's RestoreSummary matches
 * the recorded request after a restart.
 */
final class RestoreTime {
  private RestoreTime() {}

  /** The requested time, or exactly the latest restorable one AWS reports; inside the source's window. */
  static Instant choose(TableRestore restore, TableObservation observed, Clock clock) {
    Instant earliest = observed.pitr().earliestRestorable().orElse(Instant.EPOCH);
    Instant latest = observed.pitr().latestRestorable().orElse(clock.instant());
    if (Boolean.TRUE.equals(restore.getSpec().getRestorePoint().getLatest())) {
      return millis(latest);
    }
    String text = restore.getSpec().getRestorePoint().getTime();
    Instant wanted;
    try {
      wanted = millis(OffsetDateTime.parse(text).toInstant());
    } catch (DateTimeParseException e) {
      throw new RestoreFailure(RestoreReason.InvalidRestoreTime, "spec.restorePoint.time " + text + " is not a valid time ("
          + e.getMessage() + "); use RFC 3339, e.g. 2025-03-01T12:30:00Z");
    }
    if (wanted.isBefore(earliest) || wanted.isAfter(latest)) {
      throw new RestoreFailure(RestoreReason.RestoreTimeOutsideWindow, "restore time " + wanted
          + " is outside the window " + Timestamps.format(earliest) + ".." + Timestamps.format(latest)
          + " (UTC) of the source table; choose a time inside it in a new TableRestore");
    }
    return wanted;
  }

  static Instant millis(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MILLIS);
  }
}
