package io.tableguard.restore;

import io.tableguard.model.restore.TableRestoreStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Restores take minutes to hours: look often at first (small tables), then every minute. */
class RestorePolling {
  private final Clock clock;

  RestorePolling(Clock clock) {
    this.clock = clock;
  }

  Duration next(TableRestoreStatus status) {
    Duration elapsed = sinceRequest(status);
    if (elapsed.compareTo(Duration.ofSeconds(30)) < 0) {
      return Duration.ofSeconds(2);
    }
    if (elapsed.compareTo(Duration.ofMinutes(2)) < 0) {
      return Duration.ofSeconds(5);
    }
    return elapsed.compareTo(Duration.ofMinutes(30)) < 0 ? Duration.ofSeconds(30) : Duration.ofMinutes(1);
  }

  Duration sinceRequest(TableRestoreStatus status) {
    return status.getRestoreRequestedTime() == null ? Duration.ZERO
        : Duration.between(Instant.parse(status.getRestoreRequestedTime()), clock.instant());
  }
}
