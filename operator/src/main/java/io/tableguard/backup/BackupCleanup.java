package io.tableguard.backup;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.tableguard.aws.AwsFailure;
import io.tableguard.aws.BackupGateway;
import io.tableguard.aws.TableTarget;
import io.tableguard.aws.TargetRefused;
import io.tableguard.kube.AwsFailureHandling;
import io.tableguard.kube.EventRecorder.Type;
import io.tableguard.model.backup.BackupDeletionPolicy;
import io.tableguard.model.backup.TableBackup;
import io.tableguard.model.backup.TableBackupStatus;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TableBackup is deleted: its AWS backup goes only on an explicit delete of a TableBackup with deletionPolicy:
 * Delete that made it. An adopted backup, deletionPolicy: Retain, and a TableBackup deleted because its namespace
 * is being deleted (a namespace deletion never takes long-term backups with it) all keep the AWS backup; each
 * says so in an Event that names the backup.
 */
class BackupCleanup {
  private static final Logger log = LoggerFactory.getLogger(BackupCleanup.class);

  private final BackupSource source;
  private final BackupGateway backups;
  private final BackupStatusRecorder recorder;
  private final AwsFailureHandling failures;

  BackupCleanup(BackupSource source, BackupGateway backups, BackupStatusRecorder recorder,
      AwsFailureHandling failures) {
    this.source = source;
    this.backups = backups;
    this.recorder = recorder;
    this.failures = failures;
  }

  DeleteControl cleanup(TableBackup backup, KubernetesClient client) {
    TableBackupStatus status = backup.getStatus();
    if (status == null || status.getBackupName() == null && status.getBackupArn() == null) {
      return DeleteControl.defaultDelete();
    }
    String prunedBy = backup.getMetadata().getAnnotations() == null ? null
        : backup.getMetadata().getAnnotations().get(TableBackup.PRUNED_BY_ANNOTATION);
    if (prunedBy != null) {
      log.info("{}/{} deleted after TableBackupSchedule {} pruned its backup", backup.getMetadata().getNamespace(),
          backup.getMetadata().getName(), prunedBy);
      return DeleteControl.defaultDelete();
    }
    String which = status.getBackupArn() != null ? status.getBackupArn() : "named " + status.getBackupName();
    if (Boolean.TRUE.equals(status.getAdopted())) {
      return kept(backup, "kept adopted backup " + which + ": tableguard never deletes a backup it adopted");
    }
    if (backup.getSpec().getDeletionPolicy() != BackupDeletionPolicy.Delete) {
      return kept(backup, "kept backup " + which + " (deletionPolicy: Retain)");
    }
    Optional<String> namespaceGone = namespaceBeingDeleted(backup, client);
    if (namespaceGone.isPresent()) {
      return kept(backup, "kept backup " + which + " although deletionPolicy is Delete: " + namespaceGone.get()
          + ". If it must go: aws dynamodb delete-backup --backup-arn <arn>");
    }
    try {
      TableTarget table = source.recorded(backup);
      Optional<String> arn = Optional.ofNullable(status.getBackupArn()).or(() -> backups.findByName(table,
          status.getBackupName(), BackupRequest.listedFrom(backup)).map(s -> s.backupArn()));
      if (arn.isEmpty()) {
        return kept(backup, "no backup named " + status.getBackupName() + " is listed for " + table
            + ", so none was deleted");
      }
      boolean deleted = backups.delete(table, arn.get());
      log.info("{}/{} backup {} {}", backup.getMetadata().getNamespace(), backup.getMetadata().getName(), arn.get(),
          deleted ? "deleted" : "was gone already");
      recorder.deleted(backup, deleted, (deleted ? "deleted backup " : "backup was gone already: ") + arn.get()
          + " (deletionPolicy: Delete)");
      return DeleteControl.defaultDelete();
    } catch (TargetRefused refused) {
      return kept(backup, "kept backup " + which + ": the access policy no longer lets this namespace reach its "
          + "table (" + refused.getMessage() + ")");
    } catch (AwsFailure failure) {
      AwsFailureHandling.Handled handled = failures.handle(backup, "deletion", null, failure, Duration.ofMinutes(5),
          "");
      if (!handled.passesByItself()) {
        recorder.event(backup, Type.Warning, handled.reason(), "the backup could not be deleted, retrying in "
            + handled.retryIn().toSeconds() + "s: " + handled.message() + ". To keep it instead, set "
            + "spec.deletionPolicy: Retain");
      }
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(handled.retryIn());
    }
  }

  private DeleteControl kept(TableBackup backup, String message) {
    log.info("{}/{} {}", backup.getMetadata().getNamespace(), backup.getMetadata().getName(), message);
    recorder.deleted(backup, false, message);
    return DeleteControl.defaultDelete();
  }

  /**
   * Why the namespace's deletion keeps the backup, when it is being deleted; also when the operator may not read
   * namespaces (it cannot tell, so it keeps the backup: losing one is the mistake that cannot be undone).
   */
  private static Optional<String> namespaceBeingDeleted(TableBackup backup, KubernetesClient client) {
    String ns = backup.getMetadata().getNamespace();
    try {
      Namespace namespace = client.namespaces().withName(ns).get();
      if (namespace == null || namespace.getMetadata().getDeletionTimestamp() != null) {
        return Optional.of("namespace " + ns + " is being deleted, and deleting a namespace never deletes its "
            + "long-term backups");
      }
      return Optional.empty();
    } catch (KubernetesClientException e) {
      return Optional.of("the operator could not read namespace " + ns + " (" + e.getCode() + ") to tell an "
          + "explicit delete from a namespace deletion, so it keeps the backup");
    }
  }
}
