package io.tableguard.schedule;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.tableguard.aws.AwsFailure;
import io.tableguard.aws.BackupGateway;
import io.tableguard.aws.TableTargetResolver;
import io.tableguard.aws.TargetRefused;
import io.tableguard.kube.EventRecorder;
import io.tableguard.kube.EventRecorder.Type;
import io.tableguard.metrics.BackupMetrics;
import io.tableguard.model.backup.BackupPhase;
import io.tableguard.model.backup.TableBackup;
import io.tableguard.model.restore.TableRestore;
import io.tableguard.model.schedule.ScheduleReason;
import io.tableguard.model.schedule.TableBackupSchedule;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention, carried out: of the available backups this schedule made, those the rules drop are deleted in AWS
 * (DeleteBackup, whatever the TableBackup's deletionPolicy) and then their TableBackups, marked as pruned first so
 * that their deletion has nothing left to do. Never the newest available backup; never one a TableRestore that has
 * not ended reads from (it goes at the first look after the restore); never a backup the schedule did not make (children are found by the schedule's label, and adopted backups are never children). A failed
 * TableBackup older than the newest available one goes too: it holds no backup.
 */
final class Pruning {
  private static final Logger log = LoggerFactory.getLogger(Pruning.class);

  /** What one round of pruning did. */
  record Result(int kept, int pruned, int failed) {}

  private final TableTargetResolver resolver;
  private final BackupGateway backups;
  private final EventRecorder events;
  private final BackupMetrics metrics;

  Pruning(TableTargetResolver resolver, BackupGateway backups, EventRecorder events, BackupMetrics metrics) {
    this.resolver = resolver;
    this.backups = backups;
    this.events = events;
    this.metrics = metrics;
  }

  Result prune(TableBackupSchedule schedule, List<TableBackup> children, CronSchedule cron, Instant now,
      KubernetesClient client) {
    List<TableBackup> available = children.stream().filter(c -> phase(c) == BackupPhase.Available)
        .filter(c -> c.getStatus().getCreationTime() != null).toList();
    Set<String> keep = Retention.keep(available.stream().map(c -> new Retention.Backup(c.getMetadata().getName(),
        Instant.parse(c.getStatus().getCreationTime()))).toList(), schedule.getSpec().getRetention(), cron.zone(), now);
    Set<String> beingRestored = beingRestored(schedule.getMetadata().getNamespace(), client);
    int pruned = 0;
    int failed = 0;
    for (TableBackup child : available) {
      if (keep.contains(child.getMetadata().getName()) || child.getMetadata().getDeletionTimestamp() != null
          || beingRestored.contains(child.getMetadata().getName())
          || beingRestored.contains(child.getStatus().getBackupArn())) {
        continue;
      }
      if (pruneOne(schedule, child, client)) {
        pruned++;
      } else {
        failed++;
      }
    }
    Optional<Instant> newestAvailable = available.stream().map(c -> Instant.parse(c.getStatus().getCreationTime()))
        .max(Comparator.naturalOrder());
    newestAvailable.ifPresent(newest -> children.stream()
        .filter(c -> phase(c) == BackupPhase.Failed && c.getMetadata().getDeletionTimestamp() == null)
        .filter(c -> ChildBackups.scheduledAt(c).isBefore(newest))
        .forEach(c -> client.resource(c).delete()));
    return new Result(keep.size(), pruned, failed);
  }

  /**
   * The TableBackups (by name) and backups (by ARN) that a TableRestore of the namespace that has not ended reads
   * from: retention leaves them until it has.
   */
  private static Set<String> beingRestored(String namespace, KubernetesClient client) {
    Set<String> reading = new HashSet<>();
    for (TableRestore restore : client.resources(TableRestore.class).inNamespace(namespace).list().getItems()) {
      if (restore.getStatus() != null && restore.getStatus().getPhase() != null
          && restore.getStatus().getPhase().terminal()) {
        continue;
      }
      if (restore.getSpec() != null && restore.getSpec().getSource() != null) {
        Optional.ofNullable(restore.getSpec().getSource().getBackupRef()).ifPresent(reading::add);
        Optional.ofNullable(restore.getSpec().getSource().getBackupArn()).ifPresent(reading::add);
      }
      if (restore.getStatus() != null) {
        Optional.ofNullable(restore.getStatus().getSourceBackupArn()).ifPresent(reading::add);
      }
    }
    return reading;
  }

  private boolean pruneOne(TableBackupSchedule schedule, TableBackup child, KubernetesClient client) {
    String ns = schedule.getMetadata().getNamespace();
    String arn = child.getStatus().getBackupArn();
    try {
      boolean deleted = backups.delete(resolver.forRestore(child.getStatus().getTableArn(),
          Optional.ofNullable(child.getStatus().getRoleArn()), ns, child.getMetadata().getName()), arn);
      client.resource(child).patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"annotations\":{\""
          + TableBackup.PRUNED_BY_ANNOTATION + "\":\"" + schedule.getMetadata().getName() + "\"}}}");
      client.resource(child).delete();
      log.info("{}/{} pruned backup {} of TableBackup {} ({})", ns, schedule.getMetadata().getName(), arn,
          child.getMetadata().getName(), deleted ? "deleted" : "gone already");
      metrics.ended(BackupMetrics.Outcome.pruned);
      events.record(schedule, Type.Normal, ScheduleReason.BackupPruned, "Prune", "retention pruned TableBackup "
          + child.getMetadata().getName() + " and its backup " + arn + " (made " + child.getStatus().getCreationTime()
          + ")");
      return true;
    } catch (AwsFailure | TargetRefused failure) {
      log.info("{}/{} could not prune backup {}: {}", ns, schedule.getMetadata().getName(), arn,
          failure.getMessage());
      metrics.ended(BackupMetrics.Outcome.prune_failed);
      events.record(schedule, Type.Warning, ScheduleReason.PruneFailed, "Prune", "retention could not delete "
          + "backup " + arn + " of TableBackup " + child.getMetadata().getName() + ": " + failure.getMessage()
          + "; retried at the next check (grant dynamodb:DeleteBackup, see examples/iam-policy.json)");
      return false;
    }
  }

  private static BackupPhase phase(TableBackup child) {
    return child.getStatus() == null ? null : child.getStatus().getPhase();
  }
}
