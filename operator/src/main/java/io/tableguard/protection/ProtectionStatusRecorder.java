package io.tableguard.protection;

import static io.tableguard.kube.Conditions.READY;

import io.tableguard.aws.TableObservation.PitrSettings;
import io.tableguard.aws.TableObservation;
import io.tableguard.aws.TableTarget;
import io.tableguard.kube.Conditions;
import io.tableguard.kube.EventRecorder.Type;
import io.tableguard.kube.EventRecorder;
import io.tableguard.kube.FailureMessages;
import io.tableguard.kube.Timestamps;
import io.tableguard.metrics.ProtectionMetrics;
import io.tableguard.model.Reason;
import io.tableguard.model.protection.CheckInterval;
import io.tableguard.model.protection.PointInTimeRecoveryState;
import io.tableguard.model.protection.ProtectedTable;
import io.tableguard.model.protection.ProtectedTableStatus;
import io.tableguard.model.protection.ProtectionReason;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes what a check found onto the ProtectedTable's status, and the Events and metrics that go with it.
 * Events are written when something changes (a new Ready reason, a drift), not on every check.
 */
public class ProtectionStatusRecorder {
  public static final String PITR_ENABLED = "PointInTimeRecoveryEnabled";
  public static final String DRIFTED = "Drifted";

  private final EventRecorder events;
  private final ProtectionMetrics metrics;
  private final Clock clock;
  private final String installId;

  /** @param installId stamped as status.managedBy on what this install manages */
  public ProtectionStatusRecorder(EventRecorder events, ProtectionMetrics metrics, Clock clock, String installId) {
    this.installId = installId;
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** True when the last status says PITR was as declared for the current generation. */
  public static boolean wasInSync(ProtectedTable pt) {
    ProtectedTableStatus s = pt.getStatus();
    return s != null
        && Objects.equals(s.getObservedGeneration(), pt.getMetadata().getGeneration())
        && Conditions.isTrue(s.getConditions(), PITR_ENABLED)
        && s.getPointInTimeRecovery() != null
        && Objects.equals(s.getPointInTimeRecovery().getRecoveryPeriodDays(), pt.getSpec().getRecoveryPeriodDays());
  }

  public void inSync(ProtectedTable pt, TableTarget target, TableObservation observed) {
    ProtectedTableStatus s = observedStatus(pt, target, observed, observed.pitr());
    if (Conditions.isTrue(s.getConditions(), DRIFTED)) {
      events.record(pt, Type.Normal, ProtectionReason.DriftResolved, "Observe",
          "PITR of " + target + " is back as declared; nothing was changed by the operator");
    }
    condition(pt, s, DRIFTED, false, ProtectionReason.NoDrift, "PITR matches the declaration");
    ready(pt, s, true, ProtectionReason.Protected, protectedMessage(pt, observed.pitr()));
  }

  public void applied(ProtectedTable pt, TableTarget target, TableObservation before, PitrSettings after) {
    ProtectedTableStatus s = observedStatus(pt, target, before, after);
    boolean wasOff = !before.pitr().enabled();
    events.record(pt, Type.Normal, wasOff ? ProtectionReason.PointInTimeRecoveryEnabled : ProtectionReason.RecoveryPeriodUpdated, "Enable",
        wasOff ? "turned PITR on for " + target + " with a " + declaredPeriod(pt) + "-day recovery period"
            : "set the recovery period of " + target + " from " + before.pitr().recoveryPeriodDays().orElse(35)
                + " to " + declaredPeriod(pt) + " days");
    condition(pt, s, DRIFTED, false, ProtectionReason.NoDrift, "PITR matches the declaration");
    readyAfterWrite(pt, s, after);
  }

  public void driftCorrected(ProtectedTable pt, TableTarget target, TableObservation before, PitrSettings after) {
    ProtectedTableStatus s = observedStatus(pt, target, before, after);
    countDrift(pt, s, target);
    metrics.driftCorrected(ns(pt), name(pt), target.tableName());
    String what = describeDrift(pt, before.pitr());
    events.record(pt, Type.Warning, ProtectionReason.DriftCorrected, "Enforce", what + "; the operator put it back"
        + (before.pitr().enabled() ? "" : ": the restorable window starts again now"));
    condition(pt, s, DRIFTED, false, ProtectionReason.DriftCorrected,
        what + " at " + s.getLastDriftTime() + " and was put back");
    readyAfterWrite(pt, s, after);
  }

  public void driftReported(ProtectedTable pt, TableTarget target, TableObservation observed) {
    ProtectedTableStatus s = observedStatus(pt, target, observed, observed.pitr());
    String what = describeDrift(pt, observed.pitr());
    if (!Conditions.isTrue(s.getConditions(), DRIFTED)) {
      countDrift(pt, s, target);
      events.record(pt, Type.Warning, ProtectionReason.DriftDetected, "Observe", what
          + "; driftPolicy is Report, so nothing was changed: set driftPolicy: Enforce to have it put back");
    }
    condition(pt, s, DRIFTED, true, ProtectionReason.DriftDetected, what);
    ready(pt, s, false, ProtectionReason.DriftDetected, what + " (driftPolicy: Report)");
  }

  public void waiting(ProtectedTable pt, TableTarget target, TableObservation observed, Reason reason, String why) {
    ProtectedTableStatus s = observedStatus(pt, target, observed, observed.pitr());
    ready(pt, s, false, reason, why);
  }

  /**
   * A failure the user must act on, or that lasts: shown on status, with an Event when it is new.
   * {@code observed} is what AWS answered before the failing call (null when the failure came first): a table
   * whose PITR is off and cannot be turned on must say so on status and in tableguard_pitr_enabled.
   */
  public void failed(ProtectedTable pt, TableTarget target, TableObservation observed, Reason reason,
      String message) {
    ProtectedTableStatus s = observed == null ? baseStatus(pt, target)
        : observedStatus(pt, target, observed, observed.pitr());
    boolean isNew = !Conditions.hasReason(s.getConditions(), READY, reason)
        || !FailureMessages.sameFailure(message, s.getMessage());
    if (isNew) {
      events.record(pt, Type.Warning, reason, "Check", message);
    }
    ready(pt, s, false, reason, message);
  }

  /**
   * The operator will not touch the table the spec names (invalid, not allowed, another account's, or an account
   * another install serves). A refused resource is managed by no install: it does not hold an account for this one.
   */
  public void refused(ProtectedTable pt, Reason reason, String message) {
    ProtectedTableStatus s = startStatus(pt);
    s.setManagedBy(null);
    if (!Conditions.hasReason(s.getConditions(), READY, reason)) {
      events.record(pt, Type.Warning, reason, "Validate", message);
    }
    ready(pt, s, false, reason, message);
  }

  /**
   * Only the metrics of what a check saw, for a check whose status is not written (a transient failure after
   * the observation): the gauges must not keep saying PITR is on while it is off.
   */
  public void publish(ProtectedTable pt, TableTarget target, TableObservation observed) {
    publish(pt, target, observed.pitr());
  }

  private void publish(ProtectedTable pt, TableTarget target, PitrSettings pitr) {
    metrics.observed(ns(pt), name(pt), target.tableName(), CheckInterval.parse(pt.getSpec().getCheckInterval()),
        pitr.enabled(), pitr.earliestRestorable(), pitr.latestRestorable());
  }

  /**
   * @param observed what AWS reported before the operator acted
   * @param pitr PITR as it is now (after the operator's change, if any), which the status shows
   */
  private ProtectedTableStatus observedStatus(ProtectedTable pt, TableTarget target, TableObservation observed,
      PitrSettings pitr) {
    Optional<HistoryLoss.Loss> loss = HistoryLoss.assess(pt.getStatus(), observed, clock.instant());
    ProtectedTableStatus s = baseStatus(pt, target);
    s.setTableArn(observed.tableArn());
    s.setTableStatus(observed.tableStatus());
    s.setPointInTimeRecovery(new PointInTimeRecoveryState(pitr.status(), pitr.recoveryPeriodDays().orElse(null),
        Timestamps.format(pitr.earliestRestorable().orElse(null)),
        Timestamps.format(pitr.latestRestorable().orElse(null))));
    condition(pt, s, PITR_ENABLED, pitr.enabled(), pitrReason(pitr),
        pitr.enabled() ? "PITR is on with a " + pitr.recoveryPeriodDays().orElse(35) + "-day recovery period"
            : "PITR is " + pitr.status());
    publish(pt, target, pitr);
    loss.ifPresent(l -> historyLost(pt, target, l, pitr));
    return s;
  }

  private void historyLost(ProtectedTable pt, TableTarget target, HistoryLoss.Loss loss, PitrSettings now) {
    metrics.historyLost(ns(pt), name(pt), target.tableName());
    Optional<Instant> newEarliest = loss.newEarliest().or(() -> now.enabled() ? now.earliestRestorable()
        : Optional.empty());
    String lost = newEarliest.map(Timestamps::format)
        .map(e -> " and now starts at " + e + ", so nothing before " + e + " can be restored any more")
        .orElse(" and PITR is now off, so nothing can be restored until it is on again");
    events.record(pt, Type.Warning, ProtectionReason.HistoryLost, "Check", "the restorable window of " + target
        + " was restarted: it reached back to " + Timestamps.format(loss.previousEarliest()) + lost
        + ". PITR was turned off outside the operator, even if only briefly (AWS discards the history then), or "
        + "the table was deleted and created again. "
        + "Find who did it in CloudTrail (UpdateContinuousBackups on this table), deny that action to them, "
        + "keep driftPolicy: Enforce, and take an on-demand backup now if you need a restore point you can keep");
  }

  private ProtectedTableStatus baseStatus(ProtectedTable pt, TableTarget target) {
    ProtectedTableStatus s = startStatus(pt);
    s.setTableName(target.tableName());
    s.setRegion(target.region());
    return s;
  }

  private ProtectedTableStatus startStatus(ProtectedTable pt) {
    ProtectedTableStatus s = pt.getStatus() == null ? new ProtectedTableStatus() : pt.getStatus().copy();
    s.setObservedGeneration(pt.getMetadata().getGeneration());
    s.setLastCheckTime(Timestamps.format(clock.instant()));
    s.setManagedBy(installId);
    pt.setStatus(s);
    return s;
  }

  private void readyAfterWrite(ProtectedTable pt, ProtectedTableStatus s, PitrSettings after) {
    if (after.matches(declaredPeriod(pt))) {
      ready(pt, s, true, ProtectionReason.Protected, protectedMessage(pt, after));
    } else {
      ready(pt, s, false, ProtectionReason.PointInTimeRecoveryEnabling,
          "AWS is turning PITR on; the operator checks again shortly");
    }
  }

  private void countDrift(ProtectedTable pt, ProtectedTableStatus s, TableTarget target) {
    Instant now = clock.instant();
    s.setDriftCount((s.getDriftCount() == null ? 0 : s.getDriftCount()) + 1);
    s.setLastDriftTime(Timestamps.format(now));
    metrics.driftDetected(ns(pt), name(pt), target.tableName());
  }

  private String describeDrift(ProtectedTable pt, PitrSettings actual) {
    if (!actual.enabled()) {
      return "PITR was turned off outside the operator (found " + actual.status() + ")";
    }
    return "the recovery period was changed outside the operator to " + actual.recoveryPeriodDays().orElse(35)
        + " days (declared: " + declaredPeriod(pt) + ")";
  }

  private static String protectedMessage(ProtectedTable pt, PitrSettings pitr) {
    String window = pitr.earliestRestorable().isPresent() && pitr.latestRestorable().isPresent()
        ? "; restorable from " + Timestamps.format(pitr.earliestRestorable().get()) + " to "
            + Timestamps.format(pitr.latestRestorable().get())
        : "";
    return "PITR is on with a " + declaredPeriod(pt) + "-day recovery period" + window;
  }

  private static ProtectionReason pitrReason(PitrSettings pitr) {
    return switch (pitr.status()) {
      case "ENABLED" -> ProtectionReason.Enabled;
      case "ENABLING" -> ProtectionReason.Enabling;
      case "DISABLED" -> ProtectionReason.Disabled;
      default -> ProtectionReason.Unknown;
    };
  }

  private void ready(ProtectedTable pt, ProtectedTableStatus s, boolean ready, Reason reason, String message) {
    condition(pt, s, READY, ready, reason, message);
    s.setMessage(message);
  }

  private void condition(ProtectedTable pt, ProtectedTableStatus s, String type, boolean value, Reason reason,
      String message) {
    Conditions.set(s.getConditions(), pt.getMetadata().getGeneration(), type, value, reason, message, clock.instant());
  }

  private static int declaredPeriod(ProtectedTable pt) {
    return pt.getSpec().getRecoveryPeriodDays();
  }

  private static String ns(ProtectedTable pt) {
    return pt.getMetadata().getNamespace();
  }

  private static String name(ProtectedTable pt) {
    return pt.getMetadata().getName();
  }
}
