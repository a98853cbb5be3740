package io.tableguard.model.protection;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the Go-style durations Kubernetes users write ("30s", "5m", "1h30m", "1.5h"). */
public final class CheckInterval {
  private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ms|s|m|h)");

  private CheckInterval() {}

  public static Duration parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("empty duration");
    }
    Matcher m = PART.matcher(text);
    long millis = 0;
    int end = 0;
    while (m.find()) {
      if (m.start() != end) {
        break;
      }
      double amount = Double.parseDouble(m.group(1));
      millis += Math.round(amount * switch (m.group(2)) {
        case "ms" -> 1;
        case "s" -> 1_000;
        case "m" -> 60_000;
        default -> 3_600_000;
      });
      end = m.end();
    }
    if (end != text.length()) {
      throw new IllegalArgumentException("not a duration such as 30s, 5m or 1h30m: " + text);
    }
    return Duration.ofMillis(millis);
  }
}
