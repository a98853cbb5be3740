package io.tableguard.restore;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.tableguard.aws.BackupGateway;
import io.tableguard.aws.TableTarget;
import io.tableguard.aws.TableTargetResolver;
import io.tableguard.aws.TargetRefused;
import io.tableguard.kube.ClusterView;
import io.tableguard.kube.TableClaims;
import io.tableguard.model.SharedReason;
import io.tableguard.model.backup.BackupPhase;
import io.tableguard.model.backup.TableBackup;
import io.tableguard.model.protection.ProtectedTable;
import io.tableguard.model.restore.CopiedSetting;
import io.tableguard.model.restore.RestoreReason;
import io.tableguard.model.restore.SourceSettings;
import io.tableguard.model.restore.TableRestore;
import io.tableguard.model.restore.TableRestoreSpec.RestoreSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.BackupDescription;
import software.amazon.awssdk.services.dynamodb.model.BackupStatus;

/**
 * The backup a TableRestore restores from (spec.source.backupRef or backupArn), validated against the backup, not
 * against PITR or a ProtectedTable's readiness, so it works when the source table is gone. A spec's ARN is a claim:
 * the backup's table must be one the access policy gives the namespace and that no other namespace protects, and
 * AWS must describe the backup as of that table; a TableBackup was checked so when it was made.
 */
class BackupSources {
  /** A backup to restore from, AVAILABLE, and what a restore from it can put back. */
  record Found(TableTarget source, String backupArn, String tableArn, Instant createdAt, SourceSettings settings) {}

  private final TableTargetResolver resolver;
  private final BackupGateway backups;
  private final ClusterView cluster;
  private final TableClaims claims;
  private final RestoreStatusRecorder recorder;

  BackupSources(TableTargetResolver resolver, BackupGateway backups, ClusterView cluster,
      RestoreStatusRecorder recorder) {
    this.resolver = resolver;
    this.backups = backups;
    this.cluster = cluster;
    this.claims = new TableClaims(resolver);
    this.recorder = recorder;
  }

  /** The backup, or empty while it is being made (the restore waits, saying so). */
  Optional<Found> find(TableRestore restore, Context<TableRestore> context) {
    RestoreSource spec = restore.getSpec().getSource();
    String ns = restore.getMetadata().getNamespace();
    String name = restore.getMetadata().getName();
    TableTarget source;
    String arn;
    SourceSettings settings;
    if (spec.getBackupRef() != null) {
      String ref = ns + "/" + spec.getBackupRef();
      TableBackup backup = context.getClient().resources(TableBackup.class).inNamespace(ns)
          .withName(spec.getBackupRef()).get();
      if (backup == null) {
        throw new RestoreFailure(SharedReason.BackupNotFound, "TableBackup " + ref + " does not exist "
            + "(spec.source.backupRef names a TableBackup in this namespace)");
      }
      BackupPhase phase = backup.getStatus() == null ? null : backup.getStatus().getPhase();
      if (phase == BackupPhase.Failed) {
        throw new RestoreFailure(SharedReason.BackupNotFound, "TableBackup " + ref + " failed, so it holds no "
            + "backup: " + backup.getStatus().getMessage());
      }
      if (phase != BackupPhase.Available) {
        recorder.waiting(restore, RestoreReason.WaitingForSource, "TableBackup " + ref + " is "
            + (phase == null ? "not started" : phase) + "; the restore starts once it is Available");
        return Optional.empty();
      }
      source = resolver.forRestore(backup.getStatus().getTableArn(),
          Optional.ofNullable(backup.getStatus().getRoleArn()), ns, name);
      arn = backup.getStatus().getBackupArn();
      settings = backup.getStatus().getSettings();
    } else {
      arn = spec.getBackupArn();
      Optional<ProtectedTable> pt = Optional.empty();
      if (spec.getProtectedTableRef() != null) {
        pt = cluster.protectedTable(ns, spec.getProtectedTableRef(), context);
        if (pt.isEmpty()) {
          throw new RestoreFailure(SharedReason.ProtectedTableNotFound, "ProtectedTable " + ns + "/"
              + spec.getProtectedTableRef() + " does not exist; leave spec.source.protectedTableRef out to reach "
              + "the backup with the operator's own credentials");
        }
      }
      Optional<String> role = pt.map(resolver::resolve).flatMap(TableTarget::roleArn);
      source = resolver.forRestore(arn.substring(0, arn.indexOf("/backup/")), role, ns, name);
      TableTarget table = source;
      Optional<ProtectedTable> elsewhere = claims.anyNaming(table, cluster.allProtectedTables()
          .filter(p -> !ns.equals(p.getMetadata().getNamespace())));
      if (elsewhere.isPresent()) {
        throw new TargetRefused(SharedReason.TableNotAllowed, "backup " + arn + " is of " + table + ", which a "
            + "ProtectedTable in another namespace protects: only that namespace restores its backups");
      }
      settings = new SourceSettings();
      pt.ifPresent(p -> settings.setPointInTimeRecoveryDays(p.getSpec().getRecoveryPeriodDays()));
      List<CopiedSetting> unknown = new ArrayList<>(List.of(CopiedSetting.Tags, CopiedSetting.DeletionProtection,
          CopiedSetting.AutoScaling));
      if (pt.isEmpty()) {
        unknown.add(CopiedSetting.PointInTimeRecovery);
      }
      settings.setUnknown(unknown);
    }
    BackupDescription described = backups.describe(source, arn).orElseThrow(() -> new RestoreFailure(
        SharedReason.BackupNotFound, "AWS has no backup " + arn + " (deleted outside tableguard?)"));
    String answeredTable = described.sourceTableDetails().tableArn();
    if (!source.arn().equals(answeredTable)) {
      throw new TargetRefused(SharedReason.AccountMismatch, "AWS says backup " + arn + " is of " + answeredTable
          + ", not of " + source.arn() + ": nothing was restored");
    }
    if (described.backupDetails().backupStatus() != BackupStatus.AVAILABLE) {
      recorder.waiting(restore, RestoreReason.WaitingForSource, "backup " + arn + " is "
          + described.backupDetails().backupStatusAsString() + "; the restore starts once it is AVAILABLE");
      return Optional.empty();
    }
    if (spec.getBackupArn() != null) {
      fillFromBackup(settings, described);
    }
    return Optional.of(new Found(source, arn, answeredTable, described.backupDetails().backupCreationDateTime(),
        settings));
  }

  /** What DescribeBackup keeps of the source's features: TTL and streams. */
  private static void fillFromBackup(SourceSettings settings, BackupDescription described) {
    var features = described.sourceTableFeatureDetails();
    if (features == null) {
      return;
    }
    var ttl = features.timeToLiveDescription();
    if (ttl != null && "ENABLED".equals(ttl.timeToLiveStatusAsString())) {
      settings.setTimeToLiveAttribute(ttl.attributeName());
    }
    var stream = features.streamDescription();
    if (stream != null && Boolean.TRUE.equals(stream.streamEnabled())) {
      settings.setStreamViewType(stream.streamViewTypeAsString());
    }
  }
}
