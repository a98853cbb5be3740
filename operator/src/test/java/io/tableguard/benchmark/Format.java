package io.tableguard.benchmark;

import java.time.Duration;
import java.util.Locale;

/** How numbers are shown in the progress lines and the report, the same way everywhere. */
final class Format {
  private Format() {
  }

  /** 8, 10, 7.5: a rate a second, without a needless ".0". */
  static String rate(double perSecond) {
    return perSecond == Math.rint(perSecond) ? String.valueOf((long) perSecond)
        : String.format(Locale.ROOT, "%s", perSecond);
  }

  /** As a ProtectedTable's checkInterval is written: 5m, 1h, 30s, 1500ms. */
  static String goDuration(Duration d) {
    long millis = d.toMillis();
    if (millis % 3_600_000 == 0) {
      return millis / 3_600_000 + "h";
    }
    if (millis % 60_000 == 0) {
      return millis / 60_000 + "m";
    }
    return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
  }

  /** Seconds with the precision that matters at that size: 0.84 s, 12.5 s, 375 s. */
  static String seconds(Duration d) {
    double s = d.toMillis() / 1000.0;
    if (s < 10) {
      return String.format(Locale.ROOT, "%.2f s", s);
    }
    return s < 100 ? String.format(Locale.ROOT, "%.1f s", s) : String.format(Locale.ROOT, "%,.0f s", s);
  }

  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  static String decimal(double value, int places) {
    return String.format(Locale.ROOT, "%,." + places + "f", value);
  }

  static String mib(long kib) {
    return String.format(Locale.ROOT, "%,.0f MiB", kib / 1024.0);
  }
}
