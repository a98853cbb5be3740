package io.tableguard.aws;

import java.time.Instant;
import java.util.Optional;

/** What AWS says about a table and its PITR at one moment. */
public record TableObservation(
    String tableArn,
    String tableStatus,
    PitrSettings pitr) {

  public boolean tableActive() {
    return "ACTIVE".equals(tableStatus);
  }

  /** PITR as DescribeContinuousBackups or UpdateContinuousBackups reports it. */
  public record PitrSettings(
      String status,
      Optional<Integer> recoveryPeriodDays,
      Optional<Instant> earliestRestorable,
      Optional<Instant> latestRestorable) {

    public boolean enabled() {
      return "ENABLED".equals(status);
    }

    public boolean enabling() {
      return "ENABLING".equals(status);
    }

    /** True when PITR is on with exactly the wanted period (AWS's default, 35, when it reports none). */
    public boolean matches(int wantedPeriodDays) {
      return enabled() && recoveryPeriodDays.orElse(35) == wantedPeriodDays;
    }
  }
}
