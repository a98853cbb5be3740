package io.tableguard.protection;

import io.tableguard.aws.TableObservation.PitrSettings;
import io.tableguard.aws.TableObservation;
import io.tableguard.kube.Timestamps;
import io.tableguard.model.protection.PointInTimeRecoveryState;
import io.tableguard.model.protection.ProtectedTableStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds that a table's restorable window was restarted since the last status, that is, that PITR was turned
 * off (even for a moment: AWS discards the change log then) so that nothing before the new start can be
 * restored any more.
 *
 * <p>What "more than the elapsed time allows" means: AWS reports the window's start as the later of the time
 * PITR was turned on and {@code now - recoveryPeriod}. While the recovery period is not yet full the start
 * does not move at all; once it is full, it trails now by exactly the period, so it advances with the elapsed
 * time (by at most the time since the last check's lastCheckTime) and never past {@code now - period}. A new
 * start later than both the last status's start and {@code now - period} cannot come from time passing (nor
 * from a shorter period, which also only moves it up to {@code now - period}): the window began again. A bound
 * of "old start + elapsed time" alone would miss a restart of a window younger than one check interval, so the
 * elapsed time enters through {@code now - period} instead.
 *
 * <p>Tolerances: the last start was written to the second ({@link Timestamps}) and AWS's clock answers both
 * starts, so comparing them needs a second or two; {@code now} is the operator's clock against AWS's, so that
 * comparison allows for clock skew. A restarted window starts near now, at least a day (the shortest period)
 * later than {@code now - period}, so the skew allowance never hides a restart.
 */
final class HistoryLoss {
  /** The two AWS times are compared to the second, after the status truncated the old one. */
  static final Duration SAME_CLOCK_TOLERANCE = Duration.ofSeconds(2);
  /** The operator's clock against AWS's. */
  static final Duration CLOCK_SKEW_TOLERANCE = Duration.ofMinutes(5);

  /** What was lost: the old window start and, when PITR is on again, the new one. */
  record Loss(Instant previousEarliest, Optional<Instant> newEarliest) {}

  private HistoryLoss() {}

  /**
   * @param last the status written by the previous check (null on the first)
   * @param observation the table as this check found it, before the operator changed anything
   * @param now the operator's clock
   */
  static Optional<Loss> assess(ProtectedTableStatus last, TableObservation observation, Instant now) {
    Optional<Instant> previous = previousEarliest(last, observation.tableArn());
    PitrSettings observed = observation.pitr();
    if (previous.isEmpty()) {
      return Optional.empty();
    }
    if ("DISABLED".equals(observed.status())) {
      // Turned off: the history is gone now, whether or not anyone turns PITR on again.
      return Optional.of(new Loss(previous.get(), Optional.empty()));
    }
    if (!observed.enabled() || observed.earliestRestorable().isEmpty()) {
      // ENABLING (or a partial answer) says nothing of the window yet.
      return Optional.empty();
    }
    Instant earliest = observed.earliestRestorable().get();
    Instant periodStart = now.minus(Duration.ofDays(observed.recoveryPeriodDays().orElse(35)));
    Instant allowed = later(previous.get().plus(SAME_CLOCK_TOLERANCE), periodStart.plus(CLOCK_SKEW_TOLERANCE));
    return earliest.isAfter(allowed) ? Optional.of(new Loss(previous.get(), Optional.of(earliest)))
        : Optional.empty();
  }

  /**
   * The window start on the last status, if it describes the same table (the ARN names account, region and
   * table: a spec pointed at another table starts afresh) with PITR on.
   */
  private static Optional<Instant> previousEarliest(ProtectedTableStatus last, String tableArn) {
    if (last == null || last.getPointInTimeRecovery() == null || !Objects.equals(last.getTableArn(), tableArn)) {
      return Optional.empty();
    }
    PointInTimeRecoveryState pitr = last.getPointInTimeRecovery();
    if (!"ENABLED".equals(pitr.getStatus()) || pitr.getEarliestRestorableTime() == null) {
      return Optional.empty();
    }
    return Optional.of(Instant.parse(pitr.getEarliestRestorableTime()));
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
