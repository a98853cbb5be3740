package io.tableguard.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** tableguard_change_events_total{outcome}: what became of each message of the change-event queues. */
public class ChangeEventMetrics {

  public enum Outcome {
    /** It woke at least one resource. */
    HANDLED,
    /** Well-formed, but about nothing the operator reads, or a table no resource verifiably has. */
    IGNORED,
    /** Not an event the operator can read. */
    MALFORMED
  }

  private final Map<Outcome, Counter> counters = new EnumMap<>(Outcome.class);

  public ChangeEventMetrics(MeterRegistry registry) {
    // Every outcome from 0, so that increase() sees the first one too.
    for (Outcome outcome : Outcome.values()) {
      counters.put(outcome, Counter.builder("tableguard.change.events")
          .description("Messages of the change-event queues, by what became of them (each is deleted)")
          .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
          .register(registry));
    }
  }

  public void count(Outcome outcome) {
    counters.get(outcome).increment();
  }
}
