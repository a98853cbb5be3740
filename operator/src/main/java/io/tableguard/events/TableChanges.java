package io.tableguard.events;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.tableguard.aws.TableTarget;
import io.tableguard.aws.TableTargetResolver;
import io.tableguard.aws.TargetRefused;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The kinds' change-event sources: a change of a table wakes every resource whose kind says it verifiably acts on
 * that table. Each kind decides that only on what the operator itself verified and wrote to status, never on a
 * spec: a spec's table is a tenant's claim (it may name another account's table, or one another namespace
 * protects), so an event about that table must not make the operator act for the claimant. Each kind asks for its
 * source once ({@link #sourceFor}); this class names no kind.
 */
public final class TableChanges {
  private final List<TableChangeEventSource<?>> sources = new CopyOnWriteArrayList<>();

  /**
   * The event source of one kind, for its reconciler's prepareEventSources.
   *
   * @param kind the kind's name, for the log line of a change
   * @param verifiedTables the {@link TableTarget#key()}s of the tables a resource's status says it verifiably acts
   *     on (see {@link #verifiedTable})
   */
  public <P extends HasMetadata> TableChangeEventSource<P> sourceFor(String kind,
      Function<P, Set<String>> verifiedTables) {
    TableChangeEventSource<P> source = new TableChangeEventSource<>(kind, verifiedTables);
    sources.add(source);
    return source;
  }

  /** Triggers the reconcile of every resource the table's change concerns; returns them ("Kind namespace/name"). */
  public List<String> wake(TableTarget table) {
    List<String> woken = new ArrayList<>();
    sources.forEach(source -> woken.addAll(source.wake(table)));
    return woken;
  }

  /**
   * The key of a table as a status verified it: the account and name of the ARN AWS answered with, in the region
   * the operator called. Empty when the ARN is missing or not a table's.
   */
  public static Optional<TableTarget> verifiedTable(String answeredArn, String calledRegion) {
    if (answeredArn == null) {
      return Optional.empty();
    }
    try {
      TableTarget answered = TableTargetResolver.fromTableArn(answeredArn);
      return Optional.of(new TableTarget(answered.accountId(), calledRegion == null ? answered.region()
          : calledRegion, answered.tableName(), Optional.empty()));
    } catch (TargetRefused notATableArn) {
      return Optional.empty();
    }
  }
}
