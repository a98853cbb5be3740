package io.tableguard.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tableguard.testsupport.AwsFaultProxy.RecordedCall;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PITR turned off behind the operator's back on a random 1% of the tables, each at a random moment, and the time
 * until the operator put it back: until its UpdateContinuousBackups for that table reached AWS, as the proxy
 * recorded it. Reading the proxy's record rather than asking the emulator spends none of the DescribeContinuousBackups
 * budget the operator is measured on.
 */
final class DriftProbe implements AutoCloseable {
  static final double SHARE = 0.01;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger log = LoggerFactory.getLogger(DriftProbe.class);

  private final AwsWorld aws;
  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(4);
  /** Table to when the benchmark began turning its PITR off. */
  private final Map<String, Instant> offAt = new ConcurrentHashMap<>();
  private final List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
  private Instant lastOff = Instant.now();

  DriftProbe(AwsWorld aws) {
    this.aws = aws;
  }

  /**
   * Picks 1% of the tables (at least one) and turns each off at a random moment of the next {@code spread}; returns
   * how many.
   */
  int start(List<String> tables, Duration spread, Random random) {
    List<String> shuffled = new ArrayList<>(tables);
    Collections.shuffle(shuffled, random);
    List<String> chosen = shuffled.subList(0, Math.max(1, (int) Math.round(tables.size() * SHARE)));
    Instant start = Instant.now();
    for (String table : chosen) {
      long delay = (long) (random.nextDouble() * spread.toMillis());
      lastOff = max(lastOff, start.plusMillis(delay));
      scheduler.schedule(() -> turnOff(table), delay, TimeUnit.MILLISECONDS);
    }
    return chosen.size();
  }

  private void turnOff(String table) {
    // Taken before the call: the latency then includes the call itself, never less than the truth.
    Instant at = Instant.now();
    try {
      aws.turnPitrOff(table);
      offAt.put(table, at);
    } catch (RuntimeException e) {
      failures.add(e);
    }
  }

  /**
   * Waits until every chosen table was turned off and put back, or until {@code grace} after the last one was turned
   * off; the rest count as not put back.
   */
  Latencies await(int chosen, Duration grace) {
    Instant deadline = lastOff.plus(grace);
    Latencies latest = measure(chosen);
    while (latest.corrected().size() < chosen && Instant.now().isBefore(deadline)) {
      if (!failures.isEmpty()) {
        throw new IllegalStateException("could not turn PITR off", failures.get(0));
      }
      AwsWorld.sleep(Duration.ofSeconds(2));
      latest = measure(chosen);
    }
    // Each table's story in the log, to check a figure against the operator's own log.
    Map<String, Duration> took = latest.byTable();
    offAt.forEach((table, off) -> log.info("drift: PITR of {} turned off at {}, put back {}", table, off,
        took.containsKey(table) ? "at " + off.plus(took.get(table)) : "not yet"));
    return latest;
  }

  private Latencies measure(int chosen) {
    Map<String, List<Instant>> enabled = enablingsSince(offAt.values().stream().min(Instant::compareTo)
        .orElse(Instant.MAX));
    Map<String, Duration> corrected = new TreeMap<>();
    offAt.forEach((table, off) -> enabled.getOrDefault(table, List.of()).stream()
        .filter(at -> !at.isBefore(off)).min(Instant::compareTo)
        .ifPresent(at -> corrected.put(table, Duration.between(off, at))));
    return new Latencies(chosen, corrected);
  }

  /** Table to the moments an UpdateContinuousBackups turning its PITR on reached AWS, from {@code since} on. */
  private Map<String, List<Instant>> enablingsSince(Instant since) {
    Map<String, List<Instant>> enabled = new HashMap<>();
    for (RecordedCall call : aws.operatorCalls()) {
      if (call.operation().equals("UpdateContinuousBackups") && call.acceptedByAws() && !call.at().isBefore(since)) {
        enabledTable(call.requestBody())
            .ifPresent(table -> enabled.computeIfAbsent(table, t -> new ArrayList<>()).add(call.at()));
      }
    }
    return enabled;
  }

  private static Optional<String> enabledTable(String body) {
    try {
      JsonNode request = JSON.readTree(body);
      return request.path("PointInTimeRecoverySpecification").path("PointInTimeRecoveryEnabled").asBoolean()
          ? Optional.of(request.path("TableName").asText()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static <T extends Comparable<T>> T max(T a, T b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }

  /** @param drifted tables turned off; @param byTable how long each that was put back took */
  record Latencies(int drifted, Map<String, Duration> byTable) {
    /** The latencies, shortest first. */
    List<Duration> corrected() {
      return byTable.values().stream().sorted().toList();
    }

    int notCorrected() {
      return drifted - byTable.size();
    }

    Optional<Duration> median() {
      List<Duration> corrected = corrected();
      if (corrected.isEmpty()) {
        return Optional.empty();
      }
      int n = corrected.size();
      return Optional.of(n % 2 == 1 ? corrected.get(n / 2)
          : corrected.get(n / 2 - 1).plus(corrected.get(n / 2)).dividedBy(2));
    }

    Optional<Duration> worst() {
      return byTable.values().stream().max(Duration::compareTo);
    }
  }
}
