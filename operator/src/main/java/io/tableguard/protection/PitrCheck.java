package io.tableguard.protection;

import io.tableguard.aws.AwsBudgets;
import io.tableguard.aws.PitrGateway;
import io.tableguard.aws.TableObservation.PitrSettings;
import io.tableguard.aws.TableObservation;
import io.tableguard.aws.TableTarget;
import io.tableguard.kube.Conditions;
import io.tableguard.model.protection.PointInTimeRecoveryState;
import io.tableguard.model.protection.ProtectedTable;
import io.tableguard.model.protection.ProtectedTableStatus;
import io.tableguard.model.protection.ProtectionReason;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * How one check of a ProtectedTable spends AWS's budget. A routine check is exactly one DescribeContinuousBackups
 * (the call AWS limits to 10 a second): DescribeTable is asked only for a new spec, a table not yet seen ACTIVE, or
 * when the PITR settings changed since the last check. First checks and drift being put right go ahead of routine
 * checks waiting for the same budget. Routine checks of a resource fall on its own slot of the interval (from its
 * uid), so thousands of resources started together are spread evenly instead of checked in bursts.
 */
class PitrCheck {
  /** Ready reasons after which the table is known ACTIVE and the last PITR settings are worth comparing with. */
  private static final Set<String> SETTLED = Set.of(ProtectionReason.Protected.name(),
      ProtectionReason.DriftDetected.name());

  private final PitrGateway gateway;

  PitrCheck(PitrGateway gateway) {
    this.gateway = gateway;
  }

  /** What AWS says of the table now, with as few calls as the last status allows. */
  TableObservation observe(ProtectedTable pt, TableTarget target) {
    if (!routine(pt)) {
      return gateway.observe(target);
    }
    TableObservation quick = gateway.recheck(target, pt.getStatus().getTableArn());
    return asLastSeen(pt.getStatus().getPointInTimeRecovery(), quick.pitr()) ? quick
        : AwsBudgets.urgent(() -> gateway.observe(target));
  }

  /** Runs a check's calls ahead of routine ones when it is the first for this spec or the last found a problem. */
  static <T> T withPriority(ProtectedTable pt, Supplier<T> check) {
    return routine(pt) && Conditions.isTrue(pt.getStatus().getConditions(), Conditions.READY) ? check.get()
        : AwsBudgets.urgent(check);
  }

  /**
   * The delay until the resource's next slot, at least a tenth of an interval away: a check made on its slot comes
   * back exactly one interval later, and a first check (or one after a restart) at most 1.1 intervals later.
   */
  static Duration untilSlot(String uid, Duration interval, Instant now) {
    long period = Math.max(1, interval.toMillis());
    long offset = Math.floorMod((long) uid.hashCode() * 2_654_435_761L, period);
    long earliest = now.toEpochMilli() + period / 10;
    long slot = earliest + Math.floorMod(offset - earliest, period);
    return Duration.ofMillis(slot - now.toEpochMilli());
  }

  private static boolean routine(ProtectedTable pt) {
    ProtectedTableStatus s = pt.getStatus();
    return s != null && Objects.equals(s.getObservedGeneration(), pt.getMetadata().getGeneration())
        && s.getTableArn() != null && "ACTIVE".equals(s.getTableStatus()) && s.getPointInTimeRecovery() != null
        && Conditions.reason(s.getConditions(), Conditions.READY).filter(SETTLED::contains).isPresent();
  }

  private static boolean asLastSeen(PointInTimeRecoveryState last, PitrSettings now) {
    return Objects.equals(last.getStatus(), now.status())
        && Objects.equals(last.getRecoveryPeriodDays(), now.recoveryPeriodDays().orElse(null));
  }
}
