package io.tableguard.restore;

import io.tableguard.aws.AwsFailure;
import io.tableguard.aws.PitrGateway;
import io.tableguard.aws.RestoreGateway;
import io.tableguard.aws.TableTarget;
import io.tableguard.model.restore.AppliedSetting;
import io.tableguard.model.restore.CopiedSetting;
import io.tableguard.model.restore.SourceSettings;
import io.tableguard.model.restore.TableRestore;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * Copies the settings a restore drops from the source (as captured when the restore started) onto the new
 * table, one at a time, recording each result. Every step is safe to repeat after a restart.
 */
class SettingsCopier {
  static final String APPLIED = "Applied";
  static final String NOT_SET = "NotSetOnSource";
  static final String FAILED = "Failed";

  private final RestoreGateway restores;
  private final PitrGateway pitr;
  private final RestoreStatusRecorder recorder;

  SettingsCopier(RestoreGateway restores, PitrGateway pitr, RestoreStatusRecorder recorder) {
    this.restores = restores;
    this.pitr = pitr;
    this.recorder = recorder;
  }

  /** True when every requested setting has a result; false when AWS asked us to come back later. */
  boolean copyAll(TableRestore restore, TableTarget target, TableDescription table) {
    List<AppliedSetting> results = restore.getStatus().getAppliedSettings();
    for (CopiedSetting setting : restore.getSpec().getCopySettings()) {
      if (results.stream().anyMatch(r -> r.getName() == setting)) {
        continue;
      }
      SourceSettings source = restore.getStatus().getSourceSettings();
      if (source.getUnknown() != null && source.getUnknown().contains(setting)) {
        AppliedSetting unknown = new AppliedSetting(setting, FAILED, "not known: restored from "
            + "spec.source.backupArn without a TableBackup, which records it; set it by hand");
        results.add(unknown);
        recorder.settingFailed(restore, unknown);
        continue;
      }
      try {
        results.add(new AppliedSetting(setting, copy(setting, source, target, table) ? APPLIED : NOT_SET, null));
      } catch (AwsFailure failure) {
        if (failure.isTransient()) {
          return false;
        }
        AppliedSetting failed = new AppliedSetting(setting, FAILED, failure.operation() + ": " + failure.getMessage());
        results.add(failed);
        recorder.settingFailed(restore, failed);
      }
    }
    return true;
  }

  /** False when the source had nothing to copy for this setting. */
  private boolean copy(CopiedSetting setting, SourceSettings source, TableTarget target, TableDescription table) {
    return switch (setting) {
      case TimeToLive -> {
        if (source.getTimeToLiveAttribute() == null) {
          yield false;
        }
        restores.enableTimeToLive(target, source.getTimeToLiveAttribute());
        yield true;
      }
      case Streams -> {
        if (source.getStreamViewType() == null) {
          yield false;
        }
        restores.enableStream(target, table, source.getStreamViewType());
        yield true;
      }
      case Tags -> {
        if (source.getTags() == null || source.getTags().isEmpty()) {
          yield false;
        }
        restores.tag(target, table.tableArn(), source.getTags());
        yield true;
      }
      case DeletionProtection -> {
        if (!Boolean.TRUE.equals(source.getDeletionProtection())) {
          yield false;
        }
        restores.setDeletionProtection(target, true);
        yield true;
      }
      case AutoScaling -> {
        if (source.getAutoScaling() == null || source.getAutoScaling().isEmpty()) {
          yield false;
        }
        restores.copyAutoScaling(target, source.getAutoScaling());
        yield true;
      }
      case PointInTimeRecovery -> {
        if (source.getPointInTimeRecoveryDays() == null) {
          pitr.enable(target, 35);
        } else {
          pitr.enable(target, source.getPointInTimeRecoveryDays());
        }
        yield true;
      }
    };
  }
}
