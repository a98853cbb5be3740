package io.tableguard.reconciler;

import io.tableguard.aws.TableTarget;
import io.tableguard.aws.TableTargetResolver;
import io.tableguard.aws.TargetRefused;
import io.tableguard.model.ProtectedTable;
import io.tableguard.model.ProtectedTableStatus;
import io.tableguard.model.TableRestore;
import io.tableguard.model.TableRestoreStatus;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which resources a change of a table concerns, decided only on what the operator itself verified and wrote to
 * status, never on a spec: a spec's table is a tenant's claim (it may name another account's table, or one another
 * namespace protects), so an event about that table must not make the operator act for the claimant.
 * <ul>
 * <li>a ProtectedTable whose status names the table as its check verified it: the account and name of
 * status.tableArn (the ARN AWS answered with; its name is status.tableName) in status.region, where it called;</li>
 * <li>a TableRestore that has not ended, whose source (status.sourceTableArn, read from AWS) is the table, or whose
 * target is: status.targetTableArn once AWS named it, before that spec.target.tableName in the verified source's
 * account and region (where the restore creates it).</li>
 * </ul>
 */
public final class TableChanges {
  private final TableChangeEventSource<ProtectedTable> protectedTables =
      new TableChangeEventSource<>("ProtectedTable", TableChanges::verifiedTable);
  private final TableChangeEventSource<TableRestore> tableRestores =
      new TableChangeEventSource<>("TableRestore", TableChanges::restoreTables);

  public TableChangeEventSource<ProtectedTable> protectedTables() {
    return protectedTables;
  }

  public TableChangeEventSource<TableRestore> tableRestores() {
    return tableRestores;
  }

  /** Triggers the reconcile of every resource the table's change concerns; returns them ("Kind namespace/name"). */
  public List<String> wake(TableTarget table) {
    List<String> woken = new ArrayList<>(protectedTables.wake(table));
    woken.addAll(tableRestores.wake(table));
    return woken;
  }

  static Set<String> verifiedTable(ProtectedTable pt) {
    ProtectedTableStatus status = pt.getStatus();
    if (status == null) {
      return Set.of();
    }
    // As the check verifies it: the account and name AWS answered with, in the region the operator called.
    return arn(status.getTableArn())
        .filter(t -> status.getRegion() != null && t.tableName().equals(status.getTableName()))
        .map(t -> Set.of(new TableTarget(t.accountId(), status.getRegion(), t.tableName(), Optional.empty()).key()))
        .orElse(Set.of());
  }

  static Set<String> restoreTables(TableRestore restore) {
    TableRestoreStatus status = restore.getStatus();
    if (status == null || status.getPhase() == null || status.getPhase().terminal()) {
      return Set.of();
    }
    Set<String> keys = new HashSet<>();
    Optional<TableTarget> source = arn(status.getSourceTableArn());
    source.ifPresent(s -> keys.add(s.key()));
    Optional<TableTarget> target = arn(status.getTargetTableArn());
    if (target.isEmpty() && restore.getSpec() != null && restore.getSpec().getTarget() != null) {
      target = source.map(s -> s.withTableName(restore.getSpec().getTarget().getTableName()));
    }
    target.filter(t -> Objects.nonNull(t.tableName())).ifPresent(t -> keys.add(t.key()));
    return keys;
  }

  private static Optional<TableTarget> arn(String tableArn) {
    if (tableArn == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(TableTargetResolver.fromTableArn(tableArn));
    } catch (TargetRefused notATableArn) {
      return Optional.empty();
    }
  }
}
