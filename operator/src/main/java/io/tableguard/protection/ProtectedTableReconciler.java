package io.tableguard.protection;

import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.tableguard.aws.AwsBudgets;
import io.tableguard.aws.AwsFailure;
import io.tableguard.aws.BudgetNotDue;
import io.tableguard.aws.PitrGateway;
import io.tableguard.aws.TableObservation.PitrSettings;
import io.tableguard.aws.TableObservation;
import io.tableguard.aws.TableTarget;
import io.tableguard.aws.TableTargetResolver;
import io.tableguard.aws.TargetRefused;
import io.tableguard.events.TableChanges;
import io.tableguard.kube.AwsFailureHandling;
import io.tableguard.kube.ClusterView;
import io.tableguard.kube.Conditions;
import io.tableguard.kube.EventRecorder;
import io.tableguard.kube.InstallScopes;
import io.tableguard.kube.RetryBackoff;
import io.tableguard.kube.TableClaims;
import io.tableguard.metrics.ProtectionMetrics;
import io.tableguard.model.SharedReason;
import io.tableguard.model.protection.CheckInterval;
import io.tableguard.model.protection.DeletionPolicy;
import io.tableguard.model.protection.DriftPolicy;
import io.tableguard.model.protection.ProtectedTable;
import io.tableguard.model.protection.ProtectedTableStatus;
import io.tableguard.model.protection.ProtectionReason;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a table's PITR as its ProtectedTable declares. Each reconcile validates, observes AWS, then acts:
 * the status written last is the operator's only memory, so a restart at any point resumes correctly.
 */
@ControllerConfiguration(name = ProtectedTableReconciler.NAME)
public class ProtectedTableReconciler implements Reconciler<ProtectedTable>, Cleaner<ProtectedTable> {
  public static final String NAME = "protectedtable";
  private static final Logger log = LoggerFactory.getLogger(ProtectedTableReconciler.class);
  /** What a ProtectedTable advises when AWS has no such table. */
  static final String WHEN_NOT_FOUND = "create it, or correct spec.tableName, spec.region or spec.tableArn. PITR is "
      + "turned on as soon as the table appears";
  /** How soon to look again while AWS is busy creating the table or turning PITR on. */
  private static final Duration SETTLE_DELAY = Duration.ofSeconds(5);

  private final TableTargetResolver resolver;
  private final TableClaims claims;
  private final PitrGateway gateway;
  private final ProtectionStatusRecorder recorder;
  private final EventRecorder events;
  private final ProtectionMetrics metrics;
  private final AwsFailureHandling failures;
  private final ClusterView cluster;
  private final InstallScopes installs;
  /** Set when change events are on (before registration); null otherwise. */
  private TableChanges changes;
  private final PitrCheck check;
  private final CheckLoad load;
  private final Clock clock;

  public ProtectedTableReconciler(TableTargetResolver resolver, PitrGateway gateway,
      ProtectionStatusRecorder recorder, EventRecorder events, ProtectionMetrics metrics, RetryBackoff backoff,
      ClusterView cluster, InstallScopes installs, CheckLoad load, Clock clock) {
    this.resolver = resolver;
    this.load = load;
    this.check = new PitrCheck(gateway);
    this.clock = clock;
    this.cluster = cluster;
    this.installs = installs;
    this.claims = new TableClaims(resolver);
    this.gateway = gateway;
    this.recorder = recorder;
    this.events = events;
    this.metrics = metrics;
    this.failures = new AwsFailureHandling(backoff);
  }

  /**
   * Change events (TABLEGUARD_EVENT_QUEUE_URLS, opt-in): a change of a resource's verified table in AWS triggers
   * its reconcile at once. Every resource is still checked each checkInterval. Call before registering.
   */
  public ProtectedTableReconciler wakingOn(TableChanges tableChanges) {
    this.changes = tableChanges;
    return this;
  }

  @Override
  public List<EventSource<?, ProtectedTable>> prepareEventSources(EventSourceContext<ProtectedTable> context) {
    return changes == null ? List.of()
        : changes.sourceFor("ProtectedTable", ProtectedTableReconciler::verifiedTable).prepare(context);
  }

  /**
   * The table a change event wakes this resource for: the one its last check verified (the account and name AWS
   * answered with, in the region the operator called), never the spec's.
   */
  static Set<String> verifiedTable(ProtectedTable pt) {
    ProtectedTableStatus status = pt.getStatus();
    if (status == null || status.getRegion() == null) {
      return Set.of();
    }
    return TableChanges.verifiedTable(status.getTableArn(), status.getRegion())
        .filter(t -> t.tableName().equals(status.getTableName()))
        .map(t -> Set.of(t.key())).orElse(Set.of());
  }

  @Override
  public UpdateControl<ProtectedTable> reconcile(ProtectedTable pt, Context<ProtectedTable> context) {
    return AwsBudgets.onBehalfOf(pt.getMetadata().getUid(), () -> check(pt, context));
  }

  private UpdateControl<ProtectedTable> check(ProtectedTable pt, Context<ProtectedTable> context) {
    Duration interval = CheckInterval.parse(pt.getSpec().getCheckInterval());
    TableTarget target = null;
    TableObservation observed = null;
    if (installs.leftToOtherInstall(pt, Optional.of(pt)).isPresent()) {
      // Both installs watch this namespace; the status is the other's to write.
      load.forget(pt.getMetadata().getUid());
      return UpdateControl.<ProtectedTable>noUpdate().rescheduleAfter(interval);
    }
    try {
      target = resolver.resolve(pt);
      Optional<String> serving = installs.servingElsewhere(target, cluster.protectedTables(context));
      if (serving.isPresent()) {
        load.forget(pt.getMetadata().getUid());
        recorder.refused(pt, SharedReason.ManagedByAnotherInstall, installs.refusal(target, serving.get()));
        return UpdateControl.patchStatus(pt).rescheduleAfter(interval);
      }
      Optional<ProtectedTable> owner = claims.otherOwner(pt, target, cluster.protectedTables(context));
      if (owner.isPresent()) {
        load.forget(pt.getMetadata().getUid());
        recorder.failed(pt, target, null, ProtectionReason.Conflict, target + " is already protected by ProtectedTable "
            + owner.get().getMetadata().getNamespace() + "/" + owner.get().getMetadata().getName()
            + "; this resource does nothing until that one is deleted");
        return UpdateControl.patchStatus(pt).rescheduleAfter(interval);
      }
      load.checked(pt.getMetadata().getUid(), target.accountRegion(), interval);
      TableTarget resolved = target;
      observed = PitrCheck.withPriority(pt, () -> check.observe(pt, resolved));
      TableTargetResolver.verifyAnswer(target, observed.tableArn());
      Duration next = converge(pt, target, observed, interval);
      failures.succeeded(pt);
      return UpdateControl.patchStatus(pt).rescheduleAfter(next);
    } catch (TargetRefused refused) {
      // Nothing is done until the spec or the administrator's policy changes; looked at again each interval.
      load.forget(pt.getMetadata().getUid());
      recorder.refused(pt, refused.reason(), refused.getMessage());
      return UpdateControl.patchStatus(pt).rescheduleAfter(interval);
    } catch (AwsFailure failure) {
      return onFailure(pt, target, observed, failure, interval);
    } catch (BudgetNotDue notDue) {
      if (observed != null) {
        recorder.publish(pt, target, observed);
      }
      // Not a failure: the account's budget has no permit for this check yet. Back when one is expected.
      log.debug("{}/{} waits for its AWS request budget: {}", pt.getMetadata().getNamespace(),
          pt.getMetadata().getName(), notDue.getMessage());
      return UpdateControl.<ProtectedTable>noUpdate().rescheduleAfter(notDue.retryIn());
    }
  }

  private Duration converge(ProtectedTable pt, TableTarget target, TableObservation observed, Duration interval) {
    int period = pt.getSpec().getRecoveryPeriodDays();
    PitrVerdict verdict = PitrVerdict.assess(period, observed.pitr(),
        ProtectionStatusRecorder.wasInSync(pt));
    if (verdict == PitrVerdict.IN_SYNC) {
      recorder.inSync(pt, target, observed);
      return nextSlot(pt, interval);
    }
    if (!observed.tableActive()) {
      recorder.waiting(pt, target, observed, ProtectionReason.TableNotActive, "waiting for " + target + " to become ACTIVE (it is "
          + observed.tableStatus() + ") before turning PITR on");
      return shorter(interval, SETTLE_DELAY);
    }
    if (verdict == PitrVerdict.ENABLING) {
      recorder.waiting(pt, target, observed, ProtectionReason.PointInTimeRecoveryEnabling, "AWS is turning PITR on for " + target);
      return shorter(interval, SETTLE_DELAY);
    }
    if (pt.getSpec().getDriftPolicy() == DriftPolicy.Report) {
      recorder.driftReported(pt, target, observed);
      return nextSlot(pt, interval);
    }
    // Drift is put right ahead of routine checks.
    PitrSettings after = AwsBudgets.urgent(() -> gateway.enable(target, period));
    if (verdict == PitrVerdict.DRIFTED) {
      recorder.driftCorrected(pt, target, observed, after);
    } else {
      recorder.applied(pt, target, observed, after);
    }
    return after.matches(period) ? nextSlot(pt, interval) : shorter(interval, SETTLE_DELAY);
  }

  /** @param observed what AWS answered before the failing call, or null when the failure came first */
  private UpdateControl<ProtectedTable> onFailure(ProtectedTable pt, TableTarget target, TableObservation observed,
      AwsFailure failure, Duration interval) {
    AwsFailureHandling.Handled handled = failures.handle(pt, "check", target, failure, interval, WHEN_NOT_FOUND);
    if (handled.passesByItself() || target == null) {
      if (observed != null) {
        // PITR seen off while turning it on was throttled: the gauges say so even though status waits.
        recorder.publish(pt, target, observed);
      }
      // Throttling and 5xx pass by themselves (as does STS not yet telling the operator's own account):
      // retry quietly, keep the last good status.
      return UpdateControl.<ProtectedTable>noUpdate().rescheduleAfter(handled.retryIn());
    }
    recorder.failed(pt, target, observed, handled.reason(), handled.message());
    return UpdateControl.patchStatus(pt).rescheduleAfter(handled.retryIn());
  }

  @Override
  public DeleteControl cleanup(ProtectedTable pt, Context<ProtectedTable> context) {
    // Whatever is left to undo, the resource is no longer checked: its demand leaves the budget now.
    load.forget(pt.getMetadata().getUid());
    return AwsBudgets.onBehalfOf(pt.getMetadata().getUid(), () -> undo(pt, context));
  }

  private DeleteControl undo(ProtectedTable pt, Context<ProtectedTable> context) {
    String ns = pt.getMetadata().getNamespace();
    String name = pt.getMetadata().getName();
    if (installs.leftToOtherInstall(pt, Optional.of(pt)).isPresent()) {
      // The managing install undoes what it did and removes the shared finalizer; if it is gone, its stamp goes
      // stale and this install does it.
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(Duration.ofSeconds(30));
    }
    if (pt.getStatus() != null && Conditions.hasReason(pt.getStatus().getConditions(), Conditions.READY,
        SharedReason.ManagedByAnotherInstall)) {
      // Left to the install that serves its account: this one never acted on it, so there is nothing to undo.
      metrics.forget(ns, name);
      load.forget(pt.getMetadata().getUid());
      return DeleteControl.defaultDelete();
    }
    TableTarget target;
    try {
      target = resolver.resolve(pt);
    } catch (TargetRefused refused) {
      // It never reached a table, so there is nothing to undo.
      metrics.forget(ns, name);
      load.forget(pt.getMetadata().getUid());
      return DeleteControl.defaultDelete();
    } catch (AwsFailure accountUnknown) {
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(failures.handle(pt, "deletion", null,
          accountUnknown, Duration.ofMinutes(1), WHEN_NOT_FOUND).retryIn());
    }
    boolean owner = claims.otherOwner(pt, target, cluster.protectedTables(context)).isEmpty();
    Optional<ProtectedTable> successor = claims.anotherFor(pt, target, cluster.protectedTables(context));
    if (owner && pt.getSpec().getDeletionPolicy() == DeletionPolicy.Disable && successor.isPresent()) {
      // Turning PITR off would throw away the history the other resource is about to protect.
      events.record(pt, EventRecorder.Type.Normal, ProtectionReason.PointInTimeRecoveryKept, "Delete", "PITR stays on for "
          + target + " despite deletionPolicy: Disable, because ProtectedTable "
          + successor.get().getMetadata().getNamespace() + "/" + successor.get().getMetadata().getName()
          + " also protects it");
    } else if (owner && pt.getSpec().getDeletionPolicy() == DeletionPolicy.Disable) {
      try {
        gateway.disable(target);
        events.record(pt, EventRecorder.Type.Normal, ProtectionReason.PointInTimeRecoveryDisabled, "Delete",
            "turned PITR off for " + target + " (deletionPolicy: Disable); the table itself is kept");
      } catch (AwsFailure failure) {
        if (failure.kind() != AwsFailure.Kind.TABLE_NOT_FOUND) {
          AwsFailureHandling.Handled handled = failures.handle(pt, "deletion", target, failure,
              Duration.ofMinutes(5), WHEN_NOT_FOUND);
          events.record(pt, EventRecorder.Type.Warning, handled.reason(), "Delete",
              "could not turn PITR off for " + target + " on deletion: " + handled.message()
                  + ". To leave PITR on instead, set deletionPolicy: Retain");
          return DeleteControl.noFinalizerRemoval().rescheduleAfter(handled.retryIn());
        }
      } catch (BudgetNotDue notDue) {
        return DeleteControl.noFinalizerRemoval().rescheduleAfter(notDue.retryIn());
      }
    } else if (owner) {
      log.info("{}/{} deleted; PITR stays on for {} (deletionPolicy: Retain)", ns, name, target);
    }
    metrics.forget(ns, name);
    failures.succeeded(pt);
    return DeleteControl.defaultDelete();
  }

  /** Routine checks of many resources are spread evenly over the interval. */
  private Duration nextSlot(ProtectedTable pt, Duration interval) {
    return PitrCheck.untilSlot(pt.getMetadata().getUid(), interval, clock.instant());
  }

  private static Duration shorter(Duration a, Duration b) {
    return a.compareTo(b) < 0 ? a : b;
  }
}
