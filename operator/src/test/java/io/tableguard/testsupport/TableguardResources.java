package io.tableguard.testsupport;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.tableguard.kube.Conditions;
import io.tableguard.model.backup.TableBackup;
import io.tableguard.model.backup.TableBackupSpec;
import io.tableguard.model.protection.ProtectedTable;
import io.tableguard.model.protection.ProtectedTableSpec;
import io.tableguard.model.restore.RestorePhase;
import io.tableguard.model.restore.TableRestore;
import io.tableguard.model.restore.TableRestoreSpec;
import io.tableguard.model.schedule.TableBackupSchedule;
import io.tableguard.model.schedule.TableBackupScheduleSpec;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/**
 * ProtectedTables and TableRestores of one test namespace: built, created, read and waited for, whether the
 * operator under test runs in this JVM or as a process of its own.
 */
public final class TableguardResources {
  public static final Duration STATUS_TIMEOUT = Duration.ofSeconds(60);

  private final KubernetesClient client;
  private final String namespace;

  public TableguardResources(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  public static ProtectedTable protectedTable(String name, String table) {
    ProtectedTable pt = new ProtectedTable();
    pt.getMetadata().setName(name);
    ProtectedTableSpec spec = new ProtectedTableSpec();
    spec.setTableName(table);
    spec.setCheckInterval("10s");
    pt.setSpec(spec);
    return pt;
  }

  /** A restore to the latest restorable second. */
  public static TableRestore tableRestore(String name, String protectedTable, String targetTable) {
    TableRestore restore = new TableRestore();
    restore.getMetadata().setName(name);
    TableRestoreSpec spec = new TableRestoreSpec();
    spec.setSource(new TableRestoreSpec.RestoreSource());
    spec.getSource().setProtectedTableRef(protectedTable);
    spec.setRestorePoint(new TableRestoreSpec.RestorePoint());
    spec.getRestorePoint().setLatest(true);
    spec.setTarget(new TableRestoreSpec.RestoreTarget());
    spec.getTarget().setTableName(targetTable);
    restore.setSpec(spec);
    return restore;
  }

  /** A TableBackup of a ProtectedTable's table (namespace unset: the caller's). */
  public static TableBackup tableBackup(String name, String protectedTable) {
    TableBackup backup = new TableBackup();
    backup.getMetadata().setName(name);
    backup.setSpec(new TableBackupSpec());
    backup.getSpec().setProtectedTableRef(protectedTable);
    return backup;
  }

  /** A TableBackupSchedule of a ProtectedTable's table, in UTC unless changed (namespace unset). */
  public static TableBackupSchedule backupSchedule(String name, String protectedTable, String cron) {
    TableBackupSchedule schedule = new TableBackupSchedule();
    schedule.getMetadata().setName(name);
    schedule.setSpec(new TableBackupScheduleSpec());
    schedule.getSpec().setProtectedTableRef(protectedTable);
    schedule.getSpec().setSchedule(cron);
    return schedule;
  }

  public ProtectedTable create(ProtectedTable pt) {
    pt.getMetadata().setNamespace(namespace);
    return client.resource(pt).create();
  }

  public TableRestore create(TableRestore restore) {
    restore.getMetadata().setNamespace(namespace);
    return client.resource(restore).create();
  }

  public ProtectedTable get(String name) {
    return client.resources(ProtectedTable.class).inNamespace(namespace).withName(name).get();
  }

  public TableRestore getRestore(String name) {
    return client.resources(TableRestore.class).inNamespace(namespace).withName(name).get();
  }

  public ProtectedTable awaitStatus(String name, Predicate<ProtectedTable> condition) {
    return awaitRead(() -> get(name), pt -> pt.getStatus() != null && condition.test(pt));
  }

  /** Ready with this reason, for the current generation. */
  public ProtectedTable awaitReady(String name, String reason) {
    return awaitStatus(name, pt -> Conditions.reason(pt.getStatus().getConditions(), Conditions.READY)
        .filter(reason::equals).isPresent()
        && pt.getStatus().getObservedGeneration().equals(pt.getMetadata().getGeneration()));
  }

  public TableRestore awaitRestore(String name, Predicate<TableRestore> condition) {
    return awaitRead(() -> getRestore(name), r -> r.getStatus() != null && condition.test(r));
  }

  public TableRestore awaitPhase(String name, RestorePhase phase) {
    return awaitRestore(name, r -> r.getStatus().getPhase() == phase);
  }

  /** The first read that exists and passes: the state the condition saw, not a later one. */
  private static <T> T awaitRead(Callable<T> read, Predicate<T> condition) {
    return await().atMost(STATUS_TIMEOUT).pollInterval(Duration.ofMillis(200))
        .until(read, found -> found != null && condition.test(found));
  }
}
