package io.tableguard.emulator;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Keeps each table's PITR log exact without making writes to different tables wait for each other: a write holds
 * the locks of the tables it touches (taken in name order, so two transactions never deadlock) while it is
 * applied, read back and logged; what cannot name its tables beforehand (PartiQL) holds every table. Turning
 * PITR on holds its table, so no write falls between the snapshot and the log. {@code serial} holds every table
 * for every write (how the emulator worked before; kept to measure the difference).
 */
final class WriteLocks {
  /** Locks held until closed, in the reverse of the order they were taken. */
  interface Held extends AutoCloseable {
    @Override
    void close();
  }

  private final boolean serial;
  private final ReentrantReadWriteLock all = new ReentrantReadWriteLock(true);
  private final ConcurrentHashMap<String, ReentrantLock> byTable = new ConcurrentHashMap<>();

  WriteLocks(boolean serial) {
    this.serial = serial;
  }

  /** The tables' locks (and a share of the lock on all tables). */
  Held tables(Collection<String> tables) {
    if (serial) {
      return everything();
    }
    List<Lock> taken = new ArrayList<>();
    taken.add(all.readLock());
    new TreeSet<>(tables).forEach(t -> taken.add(byTable.computeIfAbsent(t, k -> new ReentrantLock(true))));
    return hold(taken);
  }

  /** Every table, for a write whose tables are not known before it runs. */
  Held everything() {
    return hold(List.of(all.writeLock()));
  }

  private static Held hold(List<Lock> locks) {
    List<Lock> held = new ArrayList<>();
    try {
      for (Lock lock : locks) {
        lock.lock();
        held.add(lock);
      }
    } catch (RuntimeException e) {
      release(held);
      throw e;
    }
    return () -> release(held);
  }

  private static void release(List<Lock> held) {
    for (int i = held.size() - 1; i >= 0; i--) {
      held.get(i).unlock();
    }
  }
}
