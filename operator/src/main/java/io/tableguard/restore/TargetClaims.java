package io.tableguard.restore;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.tableguard.aws.TableTarget;
import io.tableguard.kube.ClusterView;
import io.tableguard.kube.TableClaims;
import io.tableguard.model.restore.RestoreReason;
import io.tableguard.model.restore.TableRestore;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides which TableRestore may restore into a table, in the cluster rather than by tags: AWS's TagResource is
 * eventually consistent, so a tag read back at once proves nothing. A TableRestore claims its target (account,
 * region and table name, from the source ARN AWS returned) before it asks AWS. A claim is held by a TableRestore
 * in any namespace that recorded its request (the informer cache shows it), or that this process let through and
 * whose status the cache does not show yet; the earliest request wins, so every process decides the same.
 */
class TargetClaims {
  private static final Comparator<TableRestore> CLAIM_ORDER = Comparator
      .comparing((TableRestore r) -> r.getStatus() == null ? null : r.getStatus().getRestoreRequestedTime(),
          Comparator.nullsLast(String::compareTo))
      .thenComparing(r -> r.getMetadata().getCreationTimestamp(), Comparator.nullsLast(String::compareTo))
      .thenComparing(r -> r.getMetadata().getNamespace())
      .thenComparing(r -> r.getMetadata().getName());

  private record Claim(String uid, String resource) {}

  private final Map<String, Claim> byTarget = new HashMap<>();
  private final ClusterView cluster;
  private final TableClaims protections;

  TargetClaims(ClusterView cluster, TableClaims protections) {
    this.cluster = cluster;
    this.protections = protections;
  }

  /**
   * Claims the restore's target (its source ARN is on status), or fails with TargetClaimed: a table that a
   * ProtectedTable in any namespace names is someone's table, even before it exists (AWS would make it for the
   * restore, and the restore's deletionPolicy could later delete it).
   */
  void claim(TableRestore restore, Context<TableRestore> context, TableTarget target) {
    protectedBy(target).ifPresent(pt -> {
      throw new RestoreFailure(RestoreReason.TargetClaimed, target + " is named by ProtectedTable " + pt + "; a TableRestore "
          + "never restores into a table a ProtectedTable protects or claims. Nothing was restored here: choose "
          + "another spec.target.tableName in a new TableRestore");
    });
    String key = RestoreTables.targetKey(restore).orElseThrow();
    holderBefore(restore, key, cluster.tableRestores(context)).ifPresent(other -> {
      throw new RestoreFailure(RestoreReason.TargetClaimed, target + " is the target of TableRestore " + other
          + ", which restores into it; two TableRestores never share a table. Nothing was restored here: choose "
          + "another spec.target.tableName in a new TableRestore");
    });
  }

  /** The ProtectedTable (namespace/name), in any namespace, that names the table, if any. */
  Optional<String> protectedBy(TableTarget target) {
    return protections.anyNaming(target, cluster.allProtectedTables())
        .map(pt -> pt.getMetadata().getNamespace() + "/" + pt.getMetadata().getName());
  }

  /** The TableRestore (namespace/name) that holds the target before this one; empty when the claim is its own. */
  synchronized Optional<String> holderBefore(TableRestore restore, String targetKey, List<TableRestore> all) {
    forgetEnded(all);
    String uid = restore.getMetadata().getUid();
    Claim held = byTarget.get(targetKey);
    if (held != null && !held.uid().equals(uid)) {
      return Optional.of(held.resource());
    }
    Optional<TableRestore> earlier = all.stream()
        .filter(r -> !uid.equals(r.getMetadata().getUid()))
        .filter(TargetClaims::requested)
        .filter(r -> RestoreTables.targetKey(r).filter(targetKey::equals).isPresent())
        .filter(r -> CLAIM_ORDER.compare(r, restore) < 0)
        .min(CLAIM_ORDER);
    if (earlier.isPresent()) {
      return earlier.map(TargetClaims::resource);
    }
    byTarget.put(targetKey, new Claim(uid, resource(restore)));
    return Optional.empty();
  }

  /** The restore ended or never started: its target is free for others. */
  synchronized void release(String uid) {
    byTarget.values().removeIf(c -> c.uid().equals(uid));
  }

  /** Claims of restores that are gone or ended, as the cache shows them. */
  private void forgetEnded(List<TableRestore> all) {
    Set<String> live = all.stream()
        .filter(r -> r.getStatus() == null || r.getStatus().getPhase() == null || !r.getStatus().getPhase().terminal())
        .map(r -> r.getMetadata().getUid()).collect(Collectors.toSet());
    byTarget.values().removeIf(c -> !live.contains(c.uid()));
  }

  /** It asked AWS (or is about to) and has not ended. */
  private static boolean requested(TableRestore r) {
    return r.getStatus() != null && r.getStatus().getRestoreRequestedTime() != null
        && (r.getStatus().getPhase() == null || !r.getStatus().getPhase().terminal());
  }

  private static String resource(TableRestore r) {
    return r.getMetadata().getNamespace() + "/" + r.getMetadata().getName();
  }
}
