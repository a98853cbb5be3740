package io.tableguard.restore;

import io.tableguard.model.restore.RestorePhase;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The handlers of a TableRestore's running phases, by phase: adding a phase is a class and an entry in the list
 * this is built from. Each running phase has exactly one handler, checked when the operator starts.
 */
final class PhaseHandlers {
  private final Map<RestorePhase, PhaseHandler> byPhase = new EnumMap<>(RestorePhase.class);

  PhaseHandlers(List<PhaseHandler> handlers) {
    for (PhaseHandler handler : handlers) {
      for (RestorePhase phase : handler.phases()) {
        if (byPhase.put(phase, handler) != null) {
          throw new IllegalStateException("two handlers for phase " + phase);
        }
      }
    }
    Arrays.stream(RestorePhase.values()).filter(p -> !p.terminal()).filter(p -> !byPhase.containsKey(p))
        .findFirst().ifPresent(p -> {
          throw new IllegalStateException("no handler for phase " + p);
        });
  }

  /**
   * Runs the handler of the restore's phase, and the next phase's at once when a handler asks for it; returns when
   * to look again (empty: it ended).
   */
  Optional<Duration> run(RestoreContext context) {
    while (true) {
      RestorePhase phase = context.status().getPhase();
      PhaseHandler handler = byPhase.get(phase);
      if (handler == null) {
        throw new IllegalStateException("no handler for phase " + phase);
      }
      PhaseHandler.Step step = handler.run(context);
      RestorePhase now = context.status().getPhase();
      if (!step.continueNow() || now == phase || now.terminal()) {
        return step.lookAgainIn();
      }
    }
  }
}
