package io.tableguard.aws;

import java.time.Instant;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * What AWS says about a table and its PITR at one moment. The whole description is kept, so a restore reads
 * the source's indexes from the same DescribeTable rather than asking again.
 */
public record TableObservation(
    TableDescription table,
    PitrSettings pitr) {

  public String tableArn() {
    return table.tableArn();
  }

  public String tableStatus() {
    return table.tableStatusAsString();
  }

  public boolean tableActive() {
    return "ACTIVE".equals(tableStatus());
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
