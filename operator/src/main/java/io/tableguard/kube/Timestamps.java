package io.tableguard.kube;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Status times are RFC 3339 in UTC, to the second, the form kubectl and the API server use. */
public final class Timestamps {
  private Timestamps() {}

  public static String format(Instant instant) {
    return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
