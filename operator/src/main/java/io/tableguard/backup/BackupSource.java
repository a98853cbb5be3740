package io.tableguard.backup;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.tableguard.aws.TableTarget;
import io.tableguard.aws.TableTargetResolver;
import io.tableguard.kube.ClusterView;
import io.tableguard.kube.TableClaims;
import io.tableguard.model.SharedReason;
import io.tableguard.model.backup.BackupReason;
import io.tableguard.model.backup.TableBackup;
import io.tableguard.model.protection.ProtectedTable;
import java.util.Optional;

/**
 * The table a TableBackup backs up: the one its ProtectedTable (same namespace: references never leave it)
 * verified and holds the claim on. A namespace's spec is a claim to check, so a ProtectedTable that lost its
 * table to an older one elsewhere, or has not verified it yet, backs nothing up; the TableBackup waits, Pending,
 * saying why, and is woken when the ProtectedTable changes.
 */
class BackupSource {
  /** Found, with the table as resolved (account, real Region, role) from the ProtectedTable. */
  record Located(ProtectedTable protectedTable, TableTarget table) {}

  private final TableTargetResolver resolver;
  private final TableClaims claims;
  private final ClusterView cluster;
  private final BackupStatusRecorder recorder;
  /** Set by the reconciler when JOSDK prepares its event sources. */
  private volatile InformerEventSource<ProtectedTable, TableBackup> protectedTables;

  BackupSource(TableTargetResolver resolver, ClusterView cluster, BackupStatusRecorder recorder) {
    this.resolver = resolver;
    this.claims = new TableClaims(resolver);
    this.cluster = cluster;
    this.recorder = recorder;
  }

  void readFrom(InformerEventSource<ProtectedTable, TableBackup> source) {
    this.protectedTables = source;
  }

  Optional<ProtectedTable> protectedTable(TableBackup backup) {
    return protectedTables.get(new ResourceID(backup.getSpec().getProtectedTableRef(),
        backup.getMetadata().getNamespace()));
  }

  /** The table to back up, or empty with the backup left Pending and saying what it waits for. */
  Optional<Located> locate(BackupContext run) {
    TableBackup backup = run.backup();
    String ref = run.namespace() + "/" + backup.getSpec().getProtectedTableRef();
    Optional<ProtectedTable> found = protectedTable(backup);
    if (found.isEmpty()) {
      recorder.progress(backup, run.status().getPhase(), SharedReason.ProtectedTableNotFound, "ProtectedTable "
          + ref + " does not exist: create it (spec.protectedTableRef names a ProtectedTable in this namespace)");
      return Optional.empty();
    }
    ProtectedTable pt = found.get();
    if (pt.getStatus() == null || pt.getStatus().getTableName() == null) {
      recorder.progress(backup, run.status().getPhase(), SharedReason.ProtectedTableNotReady, "ProtectedTable "
          + ref + " has not verified its table yet; the backup is made once it has");
      return Optional.empty();
    }
    TableTarget table = resolver.resolve(pt);
    if (claims.otherOwner(pt, table, cluster.allProtectedTables()).isPresent()) {
      recorder.progress(backup, run.status().getPhase(), SharedReason.ProtectedTableNotReady, "ProtectedTable "
          + ref + " does not hold " + table + ": an older ProtectedTable protects it, so this namespace may not "
          + "back it up");
      return Optional.empty();
    }
    return Optional.of(new Located(pt, table));
  }

  /** The table as this backup's status recorded it, reached with its ProtectedTable's role, checked again. */
  TableTarget recorded(TableBackup backup) {
    return resolver.forRestore(backup.getStatus().getTableArn(), Optional.ofNullable(backup.getStatus().getRoleArn()),
        backup.getMetadata().getNamespace(), backup.getMetadata().getName());
  }
}
