package io.tableguard.reconciler;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.tableguard.aws.TargetRefused;
import io.tableguard.model.ProtectedTable;
import io.tableguard.model.TableRestore;
import io.tableguard.status.Conditions;
import io.tableguard.status.RestoreStatusRecorder;
import io.tableguard.status.Timestamps;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a TableRestore's ProtectedTable is ready to restore from. GitOps tools apply a TableRestore together
 * with its ProtectedTable, so a ProtectedTable that does not exist yet, has no status yet, or is not Ready for a
 * reason that passes (the table is being created, PITR is turning on) is waited for, up to a bound counted from
 * the TableRestore's creation; a ProtectedTable refused for a reason only a person can change fails at once.
 */
class SourceReadiness {
  static final Duration RECHECK = Duration.ofSeconds(5);
  /** Ready reasons that stay until someone edits a spec or the role policy. */
  private static final Set<String> LASTING = Set.of("Conflict", TargetRefused.ACCOUNT_MISMATCH,
      TargetRefused.ROLE_NOT_ALLOWED, TargetRefused.INVALID_SPEC, InstallScopes.REASON);

  private final RestoreStatusRecorder recorder;
  private final Clock clock;
  private final ClusterView cluster;
  private final Duration limit;

  SourceReadiness(RestoreStatusRecorder recorder, Clock clock, ClusterView cluster, Duration limit) {
    this.limit = limit;
    this.cluster = cluster;
    this.recorder = recorder;
    this.clock = clock;
  }

  /**
   * The Ready ProtectedTable; or empty while it is worth waiting for, with the restore left Pending and saying
   * so; or a {@link RestoreFailure}.
   */
  Optional<ProtectedTable> readySource(TableRestore restore, Context<TableRestore> context) {
    String ns = restore.getMetadata().getNamespace();
    String ref = restore.getSpec().getSource().getProtectedTableRef();
    ProtectedTable pt = cluster.protectedTable(ns, ref, context).orElse(null);
    if (pt == null) {
      return waitOrFail(restore, "ProtectedTableNotFound", "ProtectedTable " + ns + "/" + ref + " does not exist: "
          + "a TableRestore restores only a table that a ProtectedTable in its own namespace protects",
          "ProtectedTable " + ns + "/" + ref + " to exist");
    }
    if (pt.getStatus() == null
        || !Objects.equals(pt.getStatus().getObservedGeneration(), pt.getMetadata().getGeneration())) {
      return waitOrFail(restore, "ProtectedTableNotReady", "ProtectedTable " + ns + "/" + ref + " has not reported "
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
      throw new RestoreFailure("ProtectedTableNotReady", notReady + "; fix it, then create a new TableRestore");
    }
    return waitOrFail(restore, "ProtectedTableNotReady", notReady + "; restore once it shows Ready=True",
        "ProtectedTable " + ns + "/" + ref + " to become Ready (now " + reason + ")");
  }

  private Optional<ProtectedTable> waitOrFail(TableRestore restore, String failure, String failureMessage,
      String waitingFor) {
    Instant created = Optional.ofNullable(restore.getMetadata().getCreationTimestamp()).map(Instant::parse)
        .orElseGet(clock::instant);
    Instant deadline = created.plus(limit);
    if (!clock.instant().isBefore(deadline)) {
      throw new RestoreFailure(failure, failureMessage + " (waited " + limit.toMinutes()
          + " minutes from the TableRestore's creation)");
    }
    recorder.waiting(restore, "WaitingForSource", "waiting for " + waitingFor + "; checked every "
        + RECHECK.toSeconds() + "s until " + Timestamps.format(deadline) + " (" + limit.toMinutes()
        + " minutes after this TableRestore was created), then it fails");
    return Optional.empty();
  }
}
