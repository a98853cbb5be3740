package io.tableguard.dataplane;

import java.util.concurrent.locks.LockSupport;

/**
 * At most so many operations a second, slowing down by half when DynamoDB throttles and coming back up by a tenth
 * of the limit after each second without throttling, so a write-back protects the capacity the application lives on.
 */
final class AdaptiveRate {
  private final double max;
  private double rate;
  private long nextFreeNanos = System.nanoTime();
  private long lastThrottleNanos = System.nanoTime();

  AdaptiveRate(double maxPerSecond) {
    if (maxPerSecond <= 0) {
      throw new IllegalArgumentException("a rate must be positive: " + maxPerSecond);
    }
    this.max = maxPerSecond;
    this.rate = maxPerSecond;
  }

  /** Waits until these many operations fit the rate. */
  void acquire(int permits) {
    long wait;
    synchronized (this) {
      long now = System.nanoTime();
      if (rate < max && now - lastThrottleNanos > 1_000_000_000L) {
        rate = Math.min(max, rate + max / 10);
        lastThrottleNanos = now;
      }
      long start = Math.max(now, nextFreeNanos);
      nextFreeNanos = start + (long) (permits * 1_000_000_000L / rate);
      wait = start - now;
    }
    if (wait > 0) {
      LockSupport.parkNanos(wait);
    }
  }

  synchronized void throttled() {
    rate = Math.max(1, rate / 2);
    lastThrottleNanos = System.nanoTime();
  }

  synchronized double current() {
    return rate;
  }
}
