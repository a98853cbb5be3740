package io.tableguard.benchmark;

import io.tableguard.testsupport.AwsFaultProxy.RecordedCall;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The operator's AWS calls in a window, by operation, as the proxy recorded them: every request sent, refused
 * ones and SDK retries included, since AWS counts those against its limits too.
 *
 * @param byOperation requests per operation in the window
 * @param window the window's length
 * @param tables ProtectedTables the calls were made for
 */
record CallCounts(Map<String, Long> byOperation, Duration window, int tables) {

  static CallCounts between(List<RecordedCall> calls, Instant from, Instant to, int tables) {
    Map<String, Long> counts = new TreeMap<>();
    calls.stream().filter(c -> !c.at().isBefore(from) && c.at().isBefore(to))
        .forEach(c -> counts.merge(c.operation(), 1L, Long::sum));
    return new CallCounts(counts, Duration.between(from, to), tables);
  }

  double perTablePerHour(long calls) {
    return calls / (double) tables / (window.toMillis() / 3_600_000.0);
  }

  double totalPerTablePerHour() {
    return perTablePerHour(byOperation.values().stream().mapToLong(Long::longValue).sum());
  }
}
