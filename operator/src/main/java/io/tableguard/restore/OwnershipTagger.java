package io.tableguard.restore;

import io.tableguard.aws.AwsFailure;
import io.tableguard.aws.OwnershipTags;
import io.tableguard.aws.RestoreGateway;
import io.tableguard.aws.TableTarget;
import io.tableguard.kube.EventRecorder.Type;
import io.tableguard.model.restore.RestoreReason;
import io.tableguard.model.restore.TableRestore;
import java.util.Map;

/**
 * Tags a table the operator has proved it created. The UID tag is the proof, so it goes in a call of its own,
 * first, and its failure is retried; the namespace and name tags only help people, so their failure is
 * reported and never holds the restore up.
 */
class OwnershipTagger {
  private final RestoreGateway restores;
  private final RestoreStatusRecorder recorder;

  OwnershipTagger(RestoreGateway restores, RestoreStatusRecorder recorder) {
    this.restores = restores;
    this.recorder = recorder;
  }

  /** Adds what {@code current} (the table's tags as last read) lacks. */
  void tag(TableRestore restore, TableTarget table, String tableArn, Map<String, String> current) {
    if (!OwnershipTags.ownedBy(current, restore.getMetadata().getUid())) {
      restores.tag(table, tableArn, OwnershipTags.uid(restore.getMetadata().getUid()));
    }
    Map<String, String> names = OwnershipTags.missingNames(current, restore.getMetadata().getNamespace(),
        restore.getMetadata().getName());
    try {
      restores.tag(table, tableArn, names);
    } catch (AwsFailure failure) {
      if (failure.isTransient()) {
        // Throttling passes: the next reconcile tags again (tracking adds what is missing).
        throw failure;
      }
      recorder.event(restore, Type.Warning, RestoreReason.NameTagsNotSet, "could not tag " + table + " with "
          + String.join(" and ", names.keySet()) + " (" + failure.operation() + ": " + failure.getMessage()
          + "); the restore goes on, and the table carries " + OwnershipTags.RESTORE_UID + "="
          + restore.getMetadata().getUid() + ". Add the tags by hand if you want them");
    }
  }
}
