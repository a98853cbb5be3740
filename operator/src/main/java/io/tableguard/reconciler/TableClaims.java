package io.tableguard.reconciler;

import io.tableguard.aws.TableTarget;
import io.tableguard.aws.TableTargetResolver;
import io.tableguard.aws.TargetRefused;
import io.tableguard.model.ProtectedTable;
import io.tableguard.status.Conditions;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Decides which ProtectedTable owns a table when several, in any namespaces, name the same one. A resource
 * that already protects the table keeps it; among the others the oldest wins. So an existing protection is
 * never taken over by a newer resource, even one created within the same second.
 */
public class TableClaims {
  private static final Comparator<ProtectedTable> OWNER_FIRST = Comparator
      .comparing((ProtectedTable p) -> !holdsClaim(p))
      .thenComparing(p -> p.getMetadata().getCreationTimestamp(), Comparator.nullsLast(String::compareTo))
      .thenComparing(p -> p.getMetadata().getNamespace())
      .thenComparing(p -> p.getMetadata().getName());

  private final TableTargetResolver resolver;

  public TableClaims(TableTargetResolver resolver) {
    this.resolver = resolver;
  }

  /** The resource that owns the target, if it is not the given one. */
  public Optional<ProtectedTable> otherOwner(ProtectedTable self, TableTarget target, Stream<ProtectedTable> all) {
    return all.filter(p -> p.getSpec() != null && sameTable(p, target))
        .min(OWNER_FIRST)
        .filter(owner -> !Objects.equals(owner.getMetadata().getUid(), self.getMetadata().getUid()));
  }

  /** It has reconciled the table before, and not as the loser of a conflict. */
  private static boolean holdsClaim(ProtectedTable p) {
    return p.getStatus() != null && p.getStatus().getTableName() != null
        && !Conditions.reason(p.getStatus().getConditions(), Conditions.READY).filter("Conflict"::equals).isPresent();
  }

  /** Other live resources that name the same table, whether or not they own it. */
  public Optional<ProtectedTable> anotherFor(ProtectedTable self, TableTarget target, Stream<ProtectedTable> all) {
    return all.filter(p -> p.getSpec() != null && p.getMetadata().getDeletionTimestamp() == null)
        .filter(p -> !Objects.equals(p.getMetadata().getUid(), self.getMetadata().getUid()))
        .filter(p -> sameTable(p, target))
        .findFirst();
  }

  private boolean sameTable(ProtectedTable candidate, TableTarget target) {
    try {
      return resolver.resolve(candidate).key().equals(target.key());
    } catch (TargetRefused refused) {
      // A refused resource (another account's ARN, a role it may not use) claims nothing.
      return false;
    }
  }
}
