package io.tableguard.kube;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * The work of one phase (or of phases that share it) of a kind with a lifecycle, found by phase in
 * {@link PhaseHandlers}. A handler does what its phase needs, may move the resource to a later phase on status
 * (never back), and says when to look again. Before any AWS call that cannot be undone it writes the status
 * through a checkpoint ({@link StatusCheckpoint}): the contract every handler of every kind keeps.
 *
 * @param <P> the kind's phase enum
 * @param <C> the kind's context of one reconcile
 */
public interface PhaseHandler<P extends Enum<P>, C> {

  /** The phases this handler runs. */
  Set<P> phases();

  Step run(C context);

  /** What the reconcile does after a handler ran. */
  record Step(Optional<Duration> lookAgainIn, boolean continueNow) {
    /** Look again after this long. */
    public static Step after(Duration delay) {
      return new Step(Optional.of(delay), false);
    }

    /** Look again after this long, or (empty) never: the resource's life ended. */
    public static Step of(Optional<Duration> delay) {
      return new Step(delay, false);
    }

    /** The handler moved the resource on: the next phase's handler runs in this same reconcile. */
    public static Step nextPhaseNow() {
      return new Step(Optional.empty(), true);
    }
  }
}
