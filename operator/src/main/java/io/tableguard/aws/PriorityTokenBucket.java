package io.tableguard.aws;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * One permit every {@code 1/rate} seconds, nothing banked (so no sliding second ever holds more than the rate, plus
 * one where two slots meet), where urgent callers go first. (resilience4j's limiter, used before, has no
 * priorities.)
 *
 * <p>Callers that name themselves ({@link #tryAcquire}) never wait longer than they say: when their permit is further
 * away they are told when to come back and keep their place in line meanwhile, so a crowded bucket does not hold
 * the threads that other buckets' callers share. The line is ordered by {@link Priority}, then by arrival; its
 * places are not times set aside, so the rate holds however late a caller comes back, and a place whose caller is
 * not expected soon does not leave its permit unused (the next caller who is there takes it). A place whose caller
 * did not come back within {@link #NO_SHOW} of its time is dropped. Anonymous callers ({@link #acquire}) block.
 */
final class PriorityTokenBucket {
  /** Ahead of lower ones in line; within a priority, first come first served. */
  enum Priority {
    ROUTINE,
    /** A resource's first check, a drift being put right. */
    URGENT,
    /** A caller that already spent a permit of this bucket in the same reconcile (a second call, an SDK retry). */
    FOLLOW_UP
  }

  /** How long past the time it was told a caller keeps its place. */
  static final long NO_SHOW = TimeUnit.SECONDS.toNanos(1);

  private static final class Place {
    final String holder;
    final Priority priority;
    final long arrival;
    /** When the holder's permit is expected (what it was told); it may come back until {@link #NO_SHOW} later. */
    long expected;

    Place(String holder, Priority priority, long arrival, long expected) {
      this.holder = holder;
      this.priority = priority;
      this.arrival = arrival;
      this.expected = expected;
    }
  }

  private static final Comparator<Place> LINE_ORDER = Comparator
      .comparing((Place p) -> p.priority, Comparator.reverseOrder())
      .thenComparingLong(p -> p.arrival);

  private final TreeSet<Place> line = new TreeSet<>(LINE_ORDER);
  private final Map<String, Place> places = new HashMap<>();
  private long arrivals;
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

  long intervalNanos() {
    return intervalNanos;
  }

  /**
   * The holder's permit, if it is due within {@code maxWaitNanos}: then the caller has waited for it and this returns
   * 0. Otherwise the holder keeps (or takes) its place in line and this returns the nanoseconds until its permit is
   * expected, when it should ask again.
   */
  long tryAcquire(String holder, Priority priority, long maxWaitNanos) {
    long deadline = nanoTime.getAsLong() + maxWaitNanos;
    long untilDue;
    while (true) {
      long pause;
      lock.lock();
      try {
        long now = nanoTime.getAsLong();
        Place mine = placeOf(holder, priority, now);
        long due = Math.max(nextFree, now);
        int ahead = 0;
        boolean yield = false;
        for (Place p : line.headSet(mine, false)) {
          ahead++;
          // Someone ahead is expected back in time for this permit: it is theirs.
          yield |= p.expected <= deadline;
        }
        if (!yield && due <= deadline) {
          line.remove(mine);
          places.remove(holder);
          nextFree = due + intervalNanos;
          untilDue = due - now;
          break;
        }
        mine.expected = due + ahead * intervalNanos;
        if (mine.expected > deadline) {
          return mine.expected - now;
        }
        pause = Math.min(mine.expected - now, intervalNanos);
      } finally {
        lock.unlock();
      }
      LockSupport.parkNanos(Math.max(pause, 1_000_000));
    }
    if (untilDue > 0) {
      LockSupport.parkNanos(untilDue);
    }
    return 0;
  }

  /** The holder's place in line, taken now if it has none, moved up if it now asks with a higher priority. */
  private Place placeOf(String holder, Priority priority, long now) {
    line.removeIf(p -> now - p.expected > NO_SHOW && places.remove(p.holder) == p);
    Place mine = places.get(holder);
    if (mine != null && mine.priority.compareTo(priority) >= 0) {
      return mine;
    }
    if (mine != null) {
      line.remove(mine);
    }
    Place place = new Place(holder, priority, mine == null ? arrivals++ : mine.arrival, now);
    places.put(holder, place);
    line.add(place);
    return place;
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
