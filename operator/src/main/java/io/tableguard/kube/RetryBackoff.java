package io.tableguard.kube;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter per resource, for failures the operator waits out (table missing,
 * throttling, AWS unavailable). In memory only: after a restart a resource simply starts again at the
 * first step, which is harmless.
 */
public class RetryBackoff {
  private final Duration first;
  private final Map<String, Integer> attempts = new ConcurrentHashMap<>();

  public RetryBackoff(Duration first) {
    this.first = first;
  }

  /** The delay before the next try of this resource, never over cap and never under a quarter of a step. */
  public Duration next(String resourceUid, Duration cap) {
    int attempt = attempts.merge(resourceUid, 1, (a, b) -> Math.min(a + 1, 20));
    long step = Math.min(cap.toMillis(), first.toMillis() << Math.min(attempt - 1, 16));
    long jittered = step / 4 + ThreadLocalRandom.current().nextLong(Math.max(1, step - step / 4));
    return Duration.ofMillis(Math.min(jittered, cap.toMillis()));
  }

  public void reset(String resourceUid) {
    attempts.remove(resourceUid);
  }
}
