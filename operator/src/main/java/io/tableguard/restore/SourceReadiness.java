package io.tableguard.restore;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.tableguard.aws.TargetRefused;
import io.tableguard.kube.ClusterView;
import io.tableguard.kube.Conditions;
import io.tableguard.kube.FailureMessages;
import io.tableguard.kube.InstallScopes;
import io.tableguard.kube.Timestamps;
import io.tableguard.model.Reason;
import io.tableguard.model.SharedReason;
import io.tableguard.model.protection.ProtectedTable;
import io.tableguard.model.protection.ProtectionReason;
import io.tableguard.model.restore.RestoreReason;
import io.tableguard.model.restore.TableRestore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Whether a TableRestore's ProtectedTable is ready to restore from. GitOps tools apply a TableRestore together
 * with its ProtectedTable, so a ProtectedTable that does not exist yet, has no status yet, or is not Ready for a
 * reason that passes (the table is being created, PITR is turning on) is waited for, up to a bound; a
 * ProtectedTable refused for a reason only a person can change fails at once. The bound counts from the
 * TableRestore's creation, or, for one that waited in the restore queue, from when it left the queue: time spent
 * waiting for a slot is not time spent waiting for the source. A waiting restore is woken by any change of its
 * ProtectedTable (the controller's event source), so it is looked at again only at the bound.
 */
class SourceReadiness {
  /** Ready reasons of a ProtectedTable that stay until someone edits a spec or the access policy. */
  private static final Set<String> LASTING = Stream.of(ProtectionReason.Conflict, SharedReason.AccountMismatch,
      SharedReason.RoleNotAllowed, SharedReason.TableNotAllowed, SharedReason.InvalidSpec,
      SharedReason.ManagedByAnotherInstall, SharedReason.InvalidRegion, SharedReason.RegionMismatch)
      .map(Reason::name).collect(Collectors.toUnmodifiableSet());
  /** Never looked at again sooner than this when the bound is (nearly) reached. */
  private static final Duration MIN_RECHECK = Duration.ofSeconds(1);

  private final RestoreStatusRecorder recorder;
  private final Clock clock;
  private final ClusterView cluster;
  private final Duration limit;

  SourceReadiness(RestoreStatusRecorder recorder, Clock clock, ClusterView cluster, Duration limit) {
    this.cluster = cluster;
    this.recorder = recorder;
    this.clock = clock;
    this.limit = limit;
  }

  /**
   * The Ready ProtectedTable; or empty while it is worth waiting for, with the restore left Pending (or Queued)
   * and saying so; or a {@link RestoreFailure}.
   */
  Optional<ProtectedTable> readySource(TableRestore restore, Context<TableRestore> context) {
    String ns = restore.getMetadata().getNamespace();
    String ref = restore.getSpec().getSource().getProtectedTableRef();
    ProtectedTable pt = cluster.protectedTable(ns, ref, context).orElse(null);
    if (pt == null) {
      return waitOrFail(restore, SharedReason.ProtectedTableNotFound, "ProtectedTable " + ns + "/" + ref + " does not exist: "
          + "a TableRestore restores only a table that a ProtectedTable in its own namespace protects",
          "ProtectedTable " + ns + "/" + ref + " to exist");
    }
    if (pt.getStatus() == null
        || !Objects.equals(pt.getStatus().getObservedGeneration(), pt.getMetadata().getGeneration())) {
      return waitOrFail(restore, SharedReason.ProtectedTableNotReady, "ProtectedTable " + ns + "/" + ref + " has not reported "
          + "on its current spec; restore once it shows Ready=True", "ProtectedTable " + ns + "/" + ref
          + " to report on its current spec");
    }
    if (Conditions.isTrue(pt.getStatus().getConditions(), Conditions.READY)) {
      return Optional.of(pt);
    }
    String reason = Conditions.reason(pt.getStatus().getConditions(), Conditions.READY).orElse("");
    String notReady = "ProtectedTable " + ns + "/" + ref + " is not Ready (" + reason + ": "
        + pt.getStatus().getMessage() + ")";
    if (LASTING.contains(reason)) {
      throw new RestoreFailure(SharedReason.ProtectedTableNotReady, notReady + "; fix it, then create a new TableRestore");
    }
    return waitOrFail(restore, SharedReason.ProtectedTableNotReady, notReady + "; restore once it shows Ready=True",
        "ProtectedTable " + ns + "/" + ref + " to become Ready (now " + reason + ")");
  }

  /** When a restore that waits for its source fails unless the source changes first (which wakes it sooner). */
  Duration untilGivingUp(TableRestore restore) {
    Duration left = Duration.between(clock.instant(), since(restore).at().plus(limit));
    return left.compareTo(MIN_RECHECK) < 0 ? MIN_RECHECK : left;
  }

  private Optional<ProtectedTable> waitOrFail(TableRestore restore, Reason failure, String failureMessage,
      String waitingFor) {
    WaitStart since = since(restore);
    Instant now = clock.instant();
    Instant deadline = since.at().plus(limit);
    if (!now.isBefore(deadline)) {
      throw new RestoreFailure(failure, failureMessage + " (gave up after waiting "
          + FailureMessages.roundedSeconds(Duration.between(since.at(), now)) + " for " + waitingFor + " since "
          + since.what() + " at " + Timestamps.format(since.at()) + "; a restore waits at most "
          + length(limit) + ")");
    }
    recorder.waiting(restore, RestoreReason.WaitingForSource, "waiting for " + waitingFor + "; looked at again whenever it "
        + "changes, until " + Timestamps.format(deadline) + " (" + length(limit)
        + " after " + since.what() + "), then it fails");
    return Optional.empty();
  }

  /** "10 minutes" for the default, "15s" for a test-sized wait. */
  private static String length(Duration wait) {
    return wait.toSecondsPart() == 0 && wait.toMinutes() > 0
        ? wait.toMinutes() + (wait.toMinutes() == 1 ? " minute" : " minutes") : FailureMessages.roundedSeconds(wait);
  }

  private record WaitStart(Instant at, String what) {}

  private WaitStart since(TableRestore restore) {
    String leftQueue = restore.getStatus() == null ? null : restore.getStatus().getLeftQueueTime();
    if (leftQueue != null) {
      return new WaitStart(Instant.parse(leftQueue), "this TableRestore left the restore queue");
    }
    Instant created = Optional.ofNullable(restore.getMetadata().getCreationTimestamp()).map(Instant::parse)
        .orElseGet(clock::instant);
    return new WaitStart(created, "this TableRestore was created");
  }
}
