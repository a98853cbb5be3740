package io.tableguard.restore;

import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.tableguard.aws.AwsFailure;
import io.tableguard.aws.RestoreGateway;
import io.tableguard.aws.TableTarget;
import io.tableguard.aws.TargetRefused;
import io.tableguard.kube.AwsFailureHandling;
import io.tableguard.kube.EventRecorder.Type;
import io.tableguard.model.restore.CopiedSetting;
import io.tableguard.model.restore.RestoreDeletionPolicy;
import io.tableguard.model.restore.RestoreReason;
import io.tableguard.model.restore.TableRestore;
import io.tableguard.model.restore.TableRestoreStatus;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * A deleted TableRestore: with deletionPolicy Delete its table goes too, but only the table this restore
 * provably created, and only once AWS has finished restoring it. Any doubt leaves the table alone, says why in
 * an Event, and lets the resource go.
 */
class RestoreCleanup {
  private final RestoreGateway restores;
  private final RestoreTables tables;
  private final TableOwnership ownership;
  private final TargetClaims claims;
  private final RestoreStatusRecorder recorder;
  private final AwsFailureHandling failures;
  private final RestorePolling polling;
  private final CopyJobs copyJobs;

  RestoreCleanup(RestoreGateway restores, RestoreTables tables, TableOwnership ownership,
      TargetClaims claims, RestoreStatusRecorder recorder, AwsFailureHandling failures, RestorePolling polling,
      CopyJobs copyJobs) {
    this.restores = restores;
    this.tables = tables;
    this.ownership = ownership;
    this.claims = claims;
    this.recorder = recorder;
    this.failures = failures;
    this.polling = polling;
    this.copyJobs = copyJobs;
  }

  DeleteControl cleanup(TableRestore restore) {
    TableRestoreStatus status = restore.getStatus();
    if (status != null && status.getItems() != null && status.getItems().getJobName() != null) {
      // The copy Job and its parts live in the operator's namespace: nothing else would ever remove them.
      copyJobs.delete(restore);
    }
    if (restore.getSpec().getDeletionPolicy() != RestoreDeletionPolicy.Delete || status == null
        || status.getRestoreRequestedTime() == null) {
      return gone(restore);
    }
    TableTarget target;
    try {
      target = tables.target(restore);
    } catch (TargetRefused refused) {
      return leftAlone(restore, restore.getSpec().getTarget().getTableName(), "the operator may no longer reach "
          + "it: " + refused.getMessage());
    }
    Optional<String> protector = claims.protectedBy(target);
    if (protector.isPresent()) {
      // The ordinary incident flow: restore orders into orders-restored, switch over, protect orders-restored.
      return leftAlone(restore, target.tableName(), "ProtectedTable " + protector.get() + " protects it (a "
          + "TableRestore never deletes a protected table)");
    }
    try {
      Optional<TableDescription> table = restores.describe(target);
      if (table.isEmpty()) {
        return gone(restore);
      }
      Optional<String> notOurs = ownership.whyNotOurs(restore, target, table.get());
      if (notOurs.isPresent()) {
        return leftAlone(restore, target.tableName(), notOurs.get());
      }
      if (!"ACTIVE".equals(table.get().tableStatusAsString())) {
        // AWS cannot delete a table it is still restoring; the finalizer holds until it can.
        return DeleteControl.noFinalizerRemoval().rescheduleAfter(polling.next(status));
      }
      if (Boolean.TRUE.equals(table.get().deletionProtectionEnabled())) {
        if (!deletionProtectionSetByUs(status)) {
          return leftAlone(restore, target.tableName(), "its deletion protection was not set by this "
              + "TableRestore (someone turned it on after the restore, so it is kept as they asked). Turn deletion "
              + "protection off yourself first if the table really should go");
        }
        restores.setDeletionProtection(target, false);
      }
      restores.delete(target);
      recorder.event(restore, Type.Normal, RestoreReason.TableDeleted, "deleted restored table " + target.tableName()
          + " (deletionPolicy: Delete)");
      return gone(restore);
    } catch (AwsFailure failure) {
      AwsFailureHandling.Handled handled = failures.handle(restore, "deletion", target, failure,
          Duration.ofMinutes(5), TableRestoreReconciler.WHEN_NOT_FOUND);
      recorder.event(restore, Type.Warning, handled.reason(), "could not delete table " + target.tableName() + ": "
          + handled.message());
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(handled.retryIn());
    }
  }

  /** Only protection the operator copied from the source is its own to lift; anyone else's is a decision. */
  private static boolean deletionProtectionSetByUs(TableRestoreStatus status) {
    return status.getAppliedSettings() != null && status.getAppliedSettings().stream()
        .anyMatch(a -> a.getName() == CopiedSetting.DeletionProtection && SettingsCopier.APPLIED.equals(a.getResult()));
  }

  private DeleteControl leftAlone(TableRestore restore, String table, String why) {
    recorder.event(restore, Type.Warning, RestoreReason.TableNotDeleted, "table " + table + " was left alone despite "
        + "deletionPolicy: Delete, because " + why + ". Delete it by hand if it is no longer needed");
    return gone(restore);
  }

  private DeleteControl gone(TableRestore restore) {
    recorder.forget(restore);
    failures.succeeded(restore);
    return DeleteControl.defaultDelete();
  }
}
