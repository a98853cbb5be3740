package io.tableguard.emulator;

import java.util.function.LongSupplier;

/**
 * N requests a second with a burst of one second's worth (at least one request, so rates below one a second
 * work): full at the start, refilled continuously, and a request finding it empty is refused without taking
 * anything, so a refused client loses nothing by retrying.
 * Timed by a nanosecond source rather than the emulator's clock, which tests stop or move by hand: a rate
 * limit is about how fast requests really arrive.
 */
final class TokenBucket {
  private static final double NANOS_PER_SECOND = 1e9;

  private final double perSecond;
  private final double burst;
  private final LongSupplier nanoTime;
  private double tokens;
  private long refilledAt;

  TokenBucket(double perSecond, LongSupplier nanoTime) {
    this.perSecond = perSecond;
    this.nanoTime = nanoTime;
    this.burst = Math.max(1, perSecond);
    this.tokens = burst;
    this.refilledAt = nanoTime.getAsLong();
  }

  synchronized boolean tryTake() {
    long now = nanoTime.getAsLong();
    tokens = Math.min(burst, tokens + (now - refilledAt) * perSecond / NANOS_PER_SECOND);
    refilledAt = now;
    if (tokens < 1) {
      return false;
    }
    tokens -= 1;
    return true;
  }
}
