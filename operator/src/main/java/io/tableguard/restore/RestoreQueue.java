package io.tableguard.restore;

import io.tableguard.model.restore.RestorePhase;
import io.tableguard.model.restore.TableRestore;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Lets at most N restores run at once per account and region (AWS allows 50); the rest wait in creation
 * order. Running restores are counted from the informer cache, plus those admitted here whose new phase the
 * cache has not shown yet, so two reconciles at the same moment cannot both take the last slot. An admission
 * keeps its own account and region: the cache's copy of a restore admitted a moment ago may not show its
 * source yet, and would count for no account at all.
 */
public class RestoreQueue {
  private static final Comparator<TableRestore> FIRST_COME = Comparator
      .comparing((TableRestore r) -> r.getMetadata().getCreationTimestamp(), Comparator.nullsLast(String::compareTo))
      .thenComparing(r -> r.getMetadata().getNamespace())
      .thenComparing(r -> r.getMetadata().getName());

  private final int limit;
  /** uid to account/region of restores admitted here that the cache still shows Pending or Queued. */
  private final Map<String, String> admittedNotYetSeen = new HashMap<>();

  public RestoreQueue(int limit) {
    this.limit = limit;
  }

  /** 0 when the restore may start now, otherwise its place in the queue (1 = next). */
  public synchronized int admit(TableRestore restore, String accountRegion, List<TableRestore> all,
      Function<TableRestore, String> accountRegionOf) {
    String uid = restore.getMetadata().getUid();
    if (admittedNotYetSeen.containsKey(uid)) {
      // Admitted before, but its start failed and is being retried: the slot is still its own.
      return 0;
    }
    Map<String, TableRestore> byUid = all.stream()
        .collect(Collectors.toMap(r -> r.getMetadata().getUid(), r -> r, (a, b) -> a));
    admittedNotYetSeen.keySet().removeIf(admitted -> !byUid.containsKey(admitted)
        || !waiting(phaseOf(byUid.get(admitted))));
    long running = all.stream()
        .filter(r -> phaseOf(r).running() && !admittedNotYetSeen.containsKey(r.getMetadata().getUid()))
        .filter(r -> accountRegion.equals(accountRegionOf.apply(r)))
        .count()
        + admittedNotYetSeen.values().stream().filter(accountRegion::equals).count();
    List<TableRestore> waiting = all.stream()
        .filter(r -> !admittedNotYetSeen.containsKey(r.getMetadata().getUid()))
        .filter(r -> phaseOf(r) == RestorePhase.Queued || Objects.equals(r.getMetadata().getUid(), uid))
        .filter(r -> r.getMetadata().getDeletionTimestamp() == null)
        .filter(r -> accountRegion.equals(accountRegionOf.apply(r)) || Objects.equals(r.getMetadata().getUid(), uid))
        .sorted(FIRST_COME)
        .toList();
    int index = waiting.stream().map(r -> r.getMetadata().getUid()).toList().indexOf(uid);
    long free = limit - running;
    if (index >= 0 && index < free) {
      admittedNotYetSeen.put(uid, accountRegion);
      return 0;
    }
    return (int) Math.max(1, index - Math.max(0, free) + 1);
  }

  /** Forget an admission whose restore never started (it failed validation or was deleted). */
  public synchronized void release(String uid) {
    admittedNotYetSeen.remove(uid);
  }

  private static boolean waiting(RestorePhase phase) {
    return phase == RestorePhase.Pending || phase == RestorePhase.Queued;
  }

  private static RestorePhase phaseOf(TableRestore r) {
    return r.getStatus() == null || r.getStatus().getPhase() == null ? RestorePhase.Pending : r.getStatus().getPhase();
  }
}
