package io.tableguard.sandbox;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** What happened when, printed as the first part of the report. */
final class Timeline {
  private record Entry(Instant at, String what) {}

  private final Instant start = Instant.now();
  private final List<Entry> entries = new ArrayList<>();

  Instant mark(String what) {
    Instant now = Instant.now();
    entries.add(new Entry(now, what));
    return now;
  }

  Duration elapsed() {
    return Duration.between(start, Instant.now());
  }

  void print(PrintStream out) {
    for (Entry e : entries) {
      out.printf("  %s  +%5.1fs  %s%n", e.at().truncatedTo(ChronoUnit.MILLIS),
          Duration.between(start, e.at()).toMillis() / 1000.0, e.what());
    }
  }
}
