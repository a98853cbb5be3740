package io.tableguard.reconciler;

import io.tableguard.aws.TableTarget;
import io.tableguard.aws.TableTargetResolver;
import io.tableguard.model.ProtectedTable;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Decides which ProtectedTable owns a table when several, in any namespaces, name the same one: the oldest
 * wins, so an existing protection is never taken over by a newer resource.
 */
public class TableClaims {
  private static final Comparator<ProtectedTable> OLDEST_FIRST = Comparator
      .comparing((ProtectedTable p) -> p.getMetadata().getCreationTimestamp(), Comparator.nullsLast(String::compareTo))
      .thenComparing(p -> p.getMetadata().getNamespace())
      .thenComparing(p -> p.getMetadata().getName());

  private final TableTargetResolver resolver;

  public TableClaims(TableTargetResolver resolver) {
    this.resolver = resolver;
  }

  /** The resource that owns the target, if it is not the given one. */
  public Optional<ProtectedTable> otherOwner(ProtectedTable self, TableTarget target, Stream<ProtectedTable> all) {
    return all.filter(p -> p.getSpec() != null && sameTable(p, target))
        .min(OLDEST_FIRST)
        .filter(owner -> !Objects.equals(owner.getMetadata().getUid(), self.getMetadata().getUid()));
  }

  private boolean sameTable(ProtectedTable candidate, TableTarget target) {
    try {
      return resolver.resolve(candidate.getSpec()).key().equals(target.key());
    } catch (IllegalArgumentException invalid) {
      return false;
    }
  }
}
