package io.tableguard.restore;

import io.tableguard.model.restore.RestorePhase;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * The work of one phase (or of phases that share it) of a TableRestore, found by phase in {@link PhaseHandlers}.
 * A handler does what its phase needs, may move the restore to a later phase on status (never back), and says
 * when to look again. Before any AWS call that cannot be undone it writes the status through
 * {@link RestoreContext#checkpointThen}: that is the contract every handler keeps. Failures that end the restore
 * are thrown as {@link RestoreFailure}; AWS failures as they come, for the reconciler's one failure handling.
 */
interface PhaseHandler {

  /** The phases this handler runs. */
  Set<RestorePhase> phases();

  Step run(RestoreContext context);

  /** What the reconcile does after a handler ran. */
  record Step(Optional<Duration> lookAgainIn, boolean continueNow) {
    /** Look again after this long. */
    static Step after(Duration delay) {
      return new Step(Optional.of(delay), false);
    }

    /** Look again after this long, or (empty) never: the restore ended. */
    static Step of(Optional<Duration> delay) {
      return new Step(delay, false);
    }

    /** The handler moved the restore on: the next phase's handler runs in this same reconcile. */
    static Step nextPhaseNow() {
      return new Step(Optional.empty(), true);
    }
  }
}
