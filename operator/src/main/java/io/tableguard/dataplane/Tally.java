package io.tableguard.dataplane;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Outcome and difference counts of a write-back, added to from the write threads. */
public final class Tally {
  /** Sample keys kept per difference, at most. */
  public static final int SAMPLES = 10;
  /** A key longer than this, written as DynamoDB JSON, is not kept as a sample: status stays small. */
  public static final int SAMPLE_BYTES = 256;

  /**
   * The counts at one moment, in the shape a checkpoint or a status keeps, and (only when asked for) up to
   * {@link #SAMPLES} keys per difference, as DynamoDB JSON; never attribute values.
   */
  public record Counts(Map<Outcome, Long> outcomes, Map<Difference, Long> differences,
      Map<Difference, List<String>> samples) {
    public Counts {
      outcomes = Collections.unmodifiableMap(new EnumMap<>(fill(Outcome.class, outcomes)));
      differences = Collections.unmodifiableMap(new EnumMap<>(fill(Difference.class, differences)));
      Map<Difference, List<String>> bounded = new EnumMap<>(Difference.class);
      samples.forEach((d, keys) -> bounded.put(d, List.copyOf(keys.subList(0, Math.min(SAMPLES, keys.size())))));
      samples = Collections.unmodifiableMap(bounded);
    }

    public Counts(Map<Outcome, Long> outcomes, Map<Difference, Long> differences) {
      this(outcomes, differences, Map.of());
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
      Map<Difference, List<String>> s = new EnumMap<>(Difference.class);
      samples.forEach((k, v) -> s.put(k, new ArrayList<>(v)));
      other.samples.forEach((k, v) -> s.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
      return new Counts(o, d, s);
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
  private final Map<Difference, List<String>> samples = new EnumMap<>(Difference.class);

  public Tally(Counts start) {
    start.outcomes().forEach((k, v) -> outcomes.put(k, new AtomicLong(v)));
    start.differences().forEach((k, v) -> differences.put(k, new AtomicLong(v)));
    start.samples().forEach((k, v) -> samples.put(k, new ArrayList<>(v)));
  }

  /** Keeps the key as a sample of its difference while there are fewer than {@link #SAMPLES} and it is short. */
  synchronized void sample(Difference difference, String keyJson) {
    List<String> kept = samples.computeIfAbsent(difference, d -> new ArrayList<>());
    if (kept.size() < SAMPLES && keyJson.getBytes(StandardCharsets.UTF_8).length <= SAMPLE_BYTES) {
      kept.add(keyJson);
    }
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
    synchronized (this) {
      return new Counts(o, d, samples);
    }
  }
}
