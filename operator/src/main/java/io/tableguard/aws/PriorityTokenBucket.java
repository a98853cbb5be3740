package io.tableguard.aws;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * One permit every {@code 1/rate} seconds, nothing banked (so no sliding second ever holds more than the rate, plus
 * one where two slots meet), where urgent callers go first: a routine caller waits while an urgent one waits.
 * Callers block until their permit is due; nothing is refused. (resilience4j's limiter, used before, has no
 * priorities.)
 */
final class PriorityTokenBucket {
  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  /** When the next permit is due. */
  private long nextFree;
  private int urgentWaiting;

  PriorityTokenBucket(double permitsPerSecond, LongSupplier nanoTime) {
    this.intervalNanos = (long) (1_000_000_000L / permitsPerSecond);
    this.nanoTime = nanoTime;
    this.nextFree = nanoTime.getAsLong();
  }

  /** Blocks until a permit is the caller's; urgent callers are served before routine ones. */
  void acquire(boolean urgent) throws InterruptedException {
    lock.lock();
    try {
      if (urgent) {
        urgentWaiting++;
      }
      try {
        while (true) {
          long now = nanoTime.getAsLong();
          if (!urgent && urgentWaiting > 0) {
            changed.await(intervalNanos, TimeUnit.NANOSECONDS);
            continue;
          }
          long due = Math.max(nextFree, now);
          if (due <= now) {
            nextFree = due + intervalNanos;
            return;
          }
          changed.awaitNanos(due - now);
        }
      } finally {
        if (urgent) {
          urgentWaiting--;
        }
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }
}
