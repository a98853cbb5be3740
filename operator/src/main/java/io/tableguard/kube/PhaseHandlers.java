package io.tableguard.kube;

import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The handlers of a kind's running phases, by phase: adding a phase is a class and an entry in the list this is
 * built from. Each running phase has exactly one handler, checked when the operator starts. Every kind with a
 * lifecycle (TableRestore, TableBackup) routes its reconciles through one of these.
 *
 * @param <P> the kind's phase enum
 * @param <C> the kind's context of one reconcile
 */
public final class PhaseHandlers<P extends Enum<P>, C> {
  private final Map<P, PhaseHandler<P, C>> byPhase;
  private final Function<C, P> phaseOf;
  private final Predicate<P> terminal;

  /**
   * @param phaseOf the phase a context's resource is in now
   * @param terminal the phases that are never left and have no handler
   */
  public PhaseHandlers(Class<P> phases, List<? extends PhaseHandler<P, C>> handlers, Function<C, P> phaseOf,
      Predicate<P> terminal) {
    this.byPhase = new EnumMap<>(phases);
    this.phaseOf = phaseOf;
    this.terminal = terminal;
    for (PhaseHandler<P, C> handler : handlers) {
      for (P phase : handler.phases()) {
        if (byPhase.put(phase, handler) != null) {
          throw new IllegalStateException("two handlers for phase " + phase);
        }
      }
    }
    Arrays.stream(phases.getEnumConstants()).filter(terminal.negate()).filter(p -> !byPhase.containsKey(p))
        .findFirst().ifPresent(p -> {
          throw new IllegalStateException("no handler for phase " + p);
        });
  }

  /**
   * Runs the handler of the resource's phase, and the next phase's at once when a handler asks for it; returns
   * when to look again (empty: it ended).
   */
  public Optional<Duration> run(C context) {
    while (true) {
      P phase = phaseOf.apply(context);
      PhaseHandler<P, C> handler = byPhase.get(phase);
      if (handler == null) {
        throw new IllegalStateException("no handler for phase " + phase);
      }
      PhaseHandler.Step step = handler.run(context);
      P now = phaseOf.apply(context);
      if (!step.continueNow() || now == phase || terminal.test(now)) {
        return step.lookAgainIn();
      }
    }
  }
}
