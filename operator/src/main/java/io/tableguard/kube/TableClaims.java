package io.tableguard.kube;

import io.tableguard.aws.TableTarget;
import io.tableguard.aws.TableTargetResolver;
import io.tableguard.aws.TargetRefused;
import io.tableguard.model.protection.ProtectedTable;
import io.tableguard.model.protection.ProtectionReason;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Decides which ProtectedTable owns a table when several, in any namespaces, name the same one. A resource
 * that already protects the table keeps it; among the others the oldest wins. So an existing protection is
 * never taken over by a newer resource, even one created within the same second.
 */
public class TableClaims {
  /** A candidate with whether it holds the claim worked out once, not at each of the comparisons. */
  private record Candidate(ProtectedTable resource, boolean holdsClaim) {}

  private static final Comparator<Candidate> OWNER_FIRST = Comparator
      .comparing((Candidate c) -> !c.holdsClaim())
      .thenComparing(c -> c.resource().getMetadata().getCreationTimestamp(), Comparator.nullsLast(String::compareTo))
      .thenComparing(c -> c.resource().getMetadata().getNamespace())
      .thenComparing(c -> c.resource().getMetadata().getName());

  private final TableTargetResolver resolver;
  /**
   * Each resource's table ({@link TableTarget#key()}, empty when refused) by uid, resolved once: every check looks
   * for its table's owner among all resources, and resolving all of them each time made a round of N checks cost
   * N x N resolutions. What decides the table (spec.tableName, tableArn, region, aws.roleArn) is immutable, and the
   * role policy and the operator's own account do not change while it runs, so the answer does not change either.
   */
  private final Map<String, Optional<String>> tables = new ConcurrentHashMap<>();

  public TableClaims(TableTargetResolver resolver) {
    this.resolver = resolver;
  }

  /** The resource that owns the target, if it is not the given one. */
  public Optional<ProtectedTable> otherOwner(ProtectedTable self, TableTarget target, Stream<ProtectedTable> all) {
    return naming(target, all).stream()
        .map(p -> new Candidate(p, holdsClaim(p)))
        .min(OWNER_FIRST)
        .map(Candidate::resource)
        .filter(owner -> !Objects.equals(owner.getMetadata().getUid(), self.getMetadata().getUid()));
  }

  /** It has reconciled the table before, and not as the loser of a conflict. */
  private static boolean holdsClaim(ProtectedTable p) {
    return p.getStatus() != null && p.getStatus().getTableName() != null
        && !Conditions.hasReason(p.getStatus().getConditions(), Conditions.READY, ProtectionReason.Conflict);
  }

  /** Other live resources that name the same table, whether or not they own it. */
  public Optional<ProtectedTable> anotherFor(ProtectedTable self, TableTarget target, Stream<ProtectedTable> all) {
    return naming(target, all).stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .filter(p -> !Objects.equals(p.getMetadata().getUid(), self.getMetadata().getUid()))
        .findFirst();
  }

  /**
   * A ProtectedTable, in any namespace and whether or not it won the table, that names the target's table: a
   * TableRestore never restores into such a table, nor deletes it.
   */
  public Optional<ProtectedTable> anyNaming(TableTarget target, Stream<ProtectedTable> all) {
    return naming(target, all).stream().min(Comparator.comparing(p -> p.getMetadata().getNamespace() + "/"
        + p.getMetadata().getName()));
  }

  /** The resources that name the target's table. */
  private List<ProtectedTable> naming(TableTarget target, Stream<ProtectedTable> all) {
    String key = target.key();
    int[] seen = {0};
    List<ProtectedTable> naming = all.filter(p -> p.getSpec() != null)
        .peek(p -> seen[0]++)
        .filter(p -> tableOf(p).filter(key::equals).isPresent())
        .toList();
    if (tables.size() > 2 * seen[0] + 64) {
      // Mostly resources that are gone: start again (each live one is resolved once more).
      tables.clear();
    }
    return naming;
  }

  private Optional<String> tableOf(ProtectedTable p) {
    String uid = p.getMetadata().getUid();
    Optional<String> known = uid == null ? null : tables.get(uid);
    if (known != null) {
      return known;
    }
    Optional<String> table;
    try {
      table = Optional.of(resolver.resolve(p).key());
    } catch (TargetRefused refused) {
      // A refused resource (another account's ARN, a role it may not use) claims nothing.
      table = Optional.empty();
    }
    if (uid != null) {
      tables.put(uid, table);
    }
    return table;
  }
}
