package io.tableguard.restore;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.tableguard.aws.OwnershipTags;
import io.tableguard.aws.RestoreGateway;
import io.tableguard.aws.TableIdentity;
import io.tableguard.aws.TableTarget;
import io.tableguard.kube.EventRecorder.Type;
import io.tableguard.model.restore.RestoreReason;
import io.tableguard.model.restore.TableRestore;
import io.tableguard.model.restore.TableRestoreStatus;
import io.tableguard.model.restore.TargetOwnership;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.RestoreSummary;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * Whose table is it. A table is this TableRestore's only when the answer to its restore call created it (its
 * TableId is on status) or when it carries its UID tag. A table that merely answers the recorded request (same
 * source, same instant, created after the request) may be ours after a crash or a lost answer, or a person's
 * restore of the same thing: it is tracked, reported and never changed or deleted.
 */
class TableOwnership {
  private static final Logger log = LoggerFactory.getLogger(TableOwnership.class);
  /** A restored table created this long before the recorded request is not the answer to it. */
  private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

  private final RestoreGateway restores;
  private final TargetClaims claims;
  private final OwnershipTagger tagger;
  private final RestoreStatusRecorder recorder;

  TableOwnership(RestoreGateway restores, TargetClaims claims, OwnershipTagger tagger,
      RestoreStatusRecorder recorder) {
    this.restores = restores;
    this.claims = claims;
    this.tagger = tagger;
    this.recorder = recorder;
  }

  /** Decides about a table found under the target name while the answer to the restore call is unknown. */
  void establish(TableRestore restore, Context<TableRestore> context, TableTarget target, TableDescription table) {
    String uid = restore.getMetadata().getUid();
    Map<String, String> tags = restores.tags(target, table.tableArn());
    if (OwnershipTags.ownedBy(tags, uid)) {
      record(restore.getStatus(), table, TargetOwnership.Proven);
      tagger.tag(restore, target, table.tableArn(), tags);
      log.info("{}/{} found its restored table {} by its tag", restore.getMetadata().getNamespace(),
          restore.getMetadata().getName(), target.tableName());
      return;
    }
    if (!OwnershipTags.ownedByAnother(tags, uid)) {
      claims.claim(restore, context, target);
      if (answersRequest(restore.getStatus(), table)) {
        record(restore.getStatus(), table, TargetOwnership.Unproven);
        recorder.event(restore, Type.Warning, RestoreReason.OwnershipUnproven, unproven(restore, target));
        return;
      }
    }
    throw new RestoreFailure(RestoreReason.TargetTableExists, "table " + target.tableName() + " exists but was not created "
        + "by this TableRestore; the operator never adopts or overwrites it");
  }

  /** The table under the target name is still the one this restore recorded, else nothing is done to it. */
  void requireSameTable(TableRestore restore, TableTarget target, TableDescription table) {
    if (!TableIdentity.matches(table, restore.getStatus().getTargetTableId())) {
      throw new RestoreFailure(RestoreReason.TargetTableReplaced, replaced(restore, target, table)
          + ". Nothing was changed on it; restore again in a new TableRestore if you need the data");
    }
  }

  /** Why the operator may not delete this table, or empty when it is provably this restore's own. */
  Optional<String> whyNotOurs(TableRestore restore, TableTarget target, TableDescription table) {
    TableRestoreStatus status = restore.getStatus();
    if (status.getTargetOwnership() == TargetOwnership.Unproven) {
      return Optional.of("the operator could not prove this TableRestore created it (OwnershipUnproven)");
    }
    if (!TableIdentity.matches(table, status.getTargetTableId())) {
      return Optional.of(replaced(restore, target, table));
    }
    if (status.getTargetOwnership() == TargetOwnership.Proven && status.getTargetTableId() != null) {
      return Optional.empty();
    }
    return OwnershipTags.ownedBy(restores.tags(target, table.tableArn()), restore.getMetadata().getUid())
        ? Optional.empty()
        : Optional.of("it does not carry this TableRestore's tag " + OwnershipTags.RESTORE_UID);
  }

  /** The Ready message and Event of a table that answers the request without proof that we made it. */
  static String unproven(TableRestore restore, TableTarget target) {
    TableRestoreStatus status = restore.getStatus();
    return "table " + target.tableName() + " is a restore of " + status.getSourceTableName() + " to "
        + status.getRestoreDateTime() + ", as this TableRestore asked, but the operator cannot prove it created it: "
        + "the answer to its restore call was never seen and the table has no " + OwnershipTags.RESTORE_UID
        + " tag. It may be this restore after a crash or a lost answer, or someone else's restore of the same "
        + "source and instant. Nothing was changed on it (no tags, no settings) and the operator will never "
        + "delete it, whatever deletionPolicy says. Look up its RestoreTableToPointInTime event in CloudTrail: "
        + "if it is this restore's, copy the settings (spec.copySettings) and later delete it by hand";
  }

  private static String replaced(TableRestore restore, TableTarget target, TableDescription table) {
    return "table " + target.tableName() + " is no longer the table this TableRestore restored (TableId "
        + restore.getStatus().getTargetTableId() + ", now " + TableIdentity.of(table) + "): it was deleted and "
        + "another was created under its name";
  }

  private static void record(TableRestoreStatus status, TableDescription table, TargetOwnership ownership) {
    status.setTargetTableArn(table.tableArn());
    status.setTargetTableId(TableIdentity.of(table));
    status.setTargetOwnership(ownership);
  }

  /**
   * A restore summary that answers exactly the recorded request: the same source, the same instant (to the
   * millisecond, as AWS keeps it), created after the request was recorded.
   */
  private static boolean answersRequest(TableRestoreStatus status, TableDescription table) {
    RestoreSummary summary = table.restoreSummary();
    return summary != null
        && status.getRestoreRequestedTime() != null
        && status.getSourceTableArn() != null && status.getSourceTableArn().equals(summary.sourceTableArn())
        && status.getRestoreDateTime() != null && summary.restoreDateTime() != null
        && RestoreTime.millis(Instant.parse(status.getRestoreDateTime()))
            .equals(RestoreTime.millis(summary.restoreDateTime()))
        && table.creationDateTime() != null
        && !table.creationDateTime().isBefore(Instant.parse(status.getRestoreRequestedTime()).minus(CLOCK_SKEW));
  }
}
