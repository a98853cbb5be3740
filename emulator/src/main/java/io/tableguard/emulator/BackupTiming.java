package io.tableguard.emulator;

import java.time.Duration;
import java.util.Objects;

/**
 * How on-demand backups take time, on the emulator's clock. AWS answers CreateBackup with a backup that is
 * {@code CREATING} and becomes {@code AVAILABLE} later, and ListBackups is eventually consistent: a backup made a
 * moment ago may not be listed yet. A caller that lost CreateBackup's answer and looks for the backup by listing
 * must allow for both.
 *
 * @param creation how long a new backup stays CREATING (while it does, another CreateBackup or a DeleteBackup of
 *     the table's backups is refused with BackupInUseException)
 * @param listingLag how long after its creation ListBackups starts to list a backup
 */
public record BackupTiming(Duration creation, Duration listingLag) {
  /** AVAILABLE at once and listed at once. */
  public static final BackupTiming IMMEDIATE = new BackupTiming(Duration.ZERO, Duration.ZERO);

  public BackupTiming {
    Objects.requireNonNull(creation, "creation");
    Objects.requireNonNull(listingLag, "listingLag");
    if (creation.isNegative() || listingLag.isNegative()) {
      throw new IllegalArgumentException("backup timings must not be negative: " + creation + ", " + listingLag);
    }
  }
}
