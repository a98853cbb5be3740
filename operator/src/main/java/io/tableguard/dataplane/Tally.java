package io.tableguard.dataplane;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Outcome and difference counts of a write-back, added to from the write threads. */
public final class Tally {
  /** The counts at one moment, in the shape a checkpoint or a status keeps. */
  public record Counts(Map<Outcome, Long> outcomes, Map<Difference, Long> differences) {
    public Counts {
      outcomes = Collections.unmodifiableMap(new EnumMap<>(fill(Outcome.class, outcomes)));
      differences = Collections.unmodifiableMap(new EnumMap<>(fill(Difference.class, differences)));
    }

    public static Counts none() {
      return new Counts(Map.of(), Map.of());
    }

    /** Items examined: the sum of every outcome. */
    public long examined() {
      return outcomes.values().stream().mapToLong(Long::longValue).sum();
    }

    public long of(Outcome outcome) {
      return outcomes.get(outcome);
    }

    public long of(Difference difference) {
      return differences.get(difference);
    }

    public Counts plus(Counts other) {
      Map<Outcome, Long> o = new EnumMap<>(outcomes);
      other.outcomes.forEach((k, v) -> o.merge(k, v, Long::sum));
      Map<Difference, Long> d = new EnumMap<>(differences);
      other.differences.forEach((k, v) -> d.merge(k, v, Long::sum));
      return new Counts(o, d);
    }

    private static <E extends Enum<E>> Map<E, Long> fill(Class<E> type, Map<E, Long> given) {
      Map<E, Long> all = new EnumMap<>(type);
      for (E e : type.getEnumConstants()) {
        all.put(e, given.getOrDefault(e, 0L));
      }
      return all;
    }
  }

  private final Map<Outcome, AtomicLong> outcomes = new EnumMap<>(Outcome.class);
  private final Map<Difference, AtomicLong> differences = new EnumMap<>(Difference.class);

  public Tally(Counts start) {
    start.outcomes().forEach((k, v) -> outcomes.put(k, new AtomicLong(v)));
    start.differences().forEach((k, v) -> differences.put(k, new AtomicLong(v)));
  }

  void add(Difference difference, Outcome outcome) {
    if (difference != null) {
      differences.get(difference).incrementAndGet();
    }
    outcomes.get(outcome).incrementAndGet();
  }

  public Counts counts() {
    Map<Outcome, Long> o = new EnumMap<>(Outcome.class);
    outcomes.forEach((k, v) -> o.put(k, v.get()));
    Map<Difference, Long> d = new EnumMap<>(Difference.class);
    differences.forEach((k, v) -> d.put(k, v.get()));
    return new Counts(o, d);
  }
}
