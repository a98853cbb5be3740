package io.tableguard.model.restore;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.tableguard.model.protection.ProtectedTable;
import io.tableguard.model.protection.ProtectedTableSpec;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self == oldSelf",
    message = "spec is immutable: a TableRestore is a one-time request; delete it and create a new one")
@ValidationRule(value = "has(self.restorePoint) != (has(self.source.backupRef) || has(self.source.backupArn))",
    message = "exactly one of spec.restorePoint, spec.source.backupRef and spec.source.backupArn must be set: a "
        + "restore is from PITR or from a backup")
@ValidationRule(value = "!has(self.restorePoint) || has(self.source.protectedTableRef)",
    message = "spec.restorePoint (PITR) needs spec.source.protectedTableRef")
@ValidationRule(value = "!has(self.items) || has(self.restorePoint)",
    message = "spec.items works with spec.restorePoint (PITR) only")
public class TableRestoreSpec {
  @Required
  private RestoreSource source;

  @JsonPropertyDescription("The instant to restore the ProtectedTable's table to (PITR); or, instead, "
      + "source.backupRef or source.backupArn.")
  private RestorePoint restorePoint;

  @Required
  private RestoreTarget target;

  @JsonPropertyDescription("Settings of the new table that differ from the source's.")
  private RestoreOverrides overrides;

  @Default("[\"TimeToLive\",\"Streams\",\"Tags\",\"DeletionProtection\",\"AutoScaling\",\"PointInTimeRecovery\"]")
  @JsonPropertyDescription("Settings a restore drops that are copied from the source, as they were when the "
      + "restore started. Default: all.")
  private List<CopiedSetting> copySettings = CopiedSetting.all();

  @Default("Retain")
  @JsonPropertyDescription("Retain keeps the new table when this TableRestore is deleted; Delete deletes it, "
      + "only if it carries this TableRestore's ownership tag.")
  private RestoreDeletionPolicy deletionPolicy = RestoreDeletionPolicy.Retain;

  @JsonPropertyDescription("Item-level restore: restore into target.tableName as an intermediate table, then "
      + "compare the selected items with the live table the source ProtectedTable protects and write them back.")
  private RestoreItems items;

  @Pattern("^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$")
  @ValidationRule(value = "duration(self) <= duration('8760h')",
      message = "spec.ttlAfterCompletion must be at most 8760h (a year)")
  @JsonPropertyDescription("Delete this TableRestore (and the table, with deletionPolicy: Delete) this long after "
      + "it completes, e.g. 72h; at most 8760h.")
  private String ttlAfterCompletion;

  public RestoreSource getSource() {
    return source;
  }

  public void setSource(RestoreSource source) {
    this.source = source;
  }

  public RestorePoint getRestorePoint() {
    return restorePoint;
  }

  public void setRestorePoint(RestorePoint restorePoint) {
    this.restorePoint = restorePoint;
  }

  public RestoreTarget getTarget() {
    return target;
  }

  public void setTarget(RestoreTarget target) {
    this.target = target;
  }

  public RestoreOverrides getOverrides() {
    return overrides;
  }

  public void setOverrides(RestoreOverrides overrides) {
    this.overrides = overrides;
  }

  public List<CopiedSetting> getCopySettings() {
    return copySettings;
  }

  public void setCopySettings(List<CopiedSetting> copySettings) {
    this.copySettings = copySettings;
  }

  public RestoreDeletionPolicy getDeletionPolicy() {
    return deletionPolicy;
  }

  public void setDeletionPolicy(RestoreDeletionPolicy deletionPolicy) {
    this.deletionPolicy = deletionPolicy;
  }

  public RestoreItems getItems() {
    return items;
  }

  public void setItems(RestoreItems items) {
    this.items = items;
  }

  public String getTtlAfterCompletion() {
    return ttlAfterCompletion;
  }

  public void setTtlAfterCompletion(String ttlAfterCompletion) {
    this.ttlAfterCompletion = ttlAfterCompletion;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @ValidationRule(value = "!(has(self.backupRef) && has(self.backupArn))",
      message = "spec.source.backupRef and spec.source.backupArn are two sources: name one")
  @ValidationRule(value = "has(self.protectedTableRef) || has(self.backupRef) || has(self.backupArn)",
      message = "spec.source needs protectedTableRef (PITR), backupRef or backupArn")
  @ValidationRule(value = "!(has(self.backupRef) && has(self.protectedTableRef))",
      message = "spec.source.backupRef names a TableBackup, which names its ProtectedTable: leave "
          + "spec.source.protectedTableRef out")
  public static class RestoreSource {
    @Pattern("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$")
    @JsonPropertyDescription("Name of a ProtectedTable in this namespace: a team restores only tables its "
        + "namespace protects. With backupArn it gives the role to reach the backup's account.")
    private String protectedTableRef;

    @Pattern("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$")
    @JsonPropertyDescription("Restore from this TableBackup in this namespace (it must be Available), through "
        + "RestoreTableFromBackup; its recorded settings are put back.")
    private String backupRef;

    @Pattern("^arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:[0-9]{12}:table/[A-Za-z0-9_.-]{3,255}/backup/[0-9]{13,17}-[0-9a-f]{8}$")
    @JsonPropertyDescription("Restore from this backup when no TableBackup names it (the cluster was rebuilt): its "
        + "table must be one the access policy gives this namespace and that no other namespace protects.")
    private String backupArn;

    public String getBackupRef() {
      return backupRef;
    }

    public void setBackupRef(String backupRef) {
      this.backupRef = backupRef;
    }

    public String getBackupArn() {
      return backupArn;
    }

    public void setBackupArn(String backupArn) {
      this.backupArn = backupArn;
    }

    /** From a backup (RestoreTableFromBackup) rather than from PITR. */
    @JsonIgnore
    public boolean fromBackup() {
      return backupRef != null || backupArn != null;
    }

    public String getProtectedTableRef() {
      return protectedTableRef;
    }

    public void setProtectedTableRef(String protectedTableRef) {
      this.protectedTableRef = protectedTableRef;
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @ValidationRule(value = "has(self.time) != has(self.latest)",
      message = "exactly one of spec.restorePoint.time or spec.restorePoint.latest must be set")
  public static class RestorePoint {
    @Pattern("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$")
    // The pattern alone lets through a day or an hour the calendar does not have (2026-02-30, T25:00); the operator
    // would find out only when it parsed the time. The API server checks the fields' ranges here so kubectl refuses it.
    @ValidationRule(value = "!self.matches('^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}')"
        + " || (int(self.substring(5, 7)) >= 1 && int(self.substring(5, 7)) <= 12"
        + " && int(self.substring(8, 10)) >= 1"
        + " && int(self.substring(8, 10)) <= (int(self.substring(5, 7)) == 2"
        + " ? ((int(self.substring(0, 4)) % 4 == 0 && int(self.substring(0, 4)) % 100 != 0)"
        + " || int(self.substring(0, 4)) % 400 == 0 ? 29 : 28)"
        + " : (int(self.substring(5, 7)) in [4, 6, 9, 11] ? 30 : 31))"
        + " && int(self.substring(11, 13)) <= 23 && int(self.substring(14, 16)) <= 59"
        + " && int(self.substring(17, 19)) <= 59)",
        message = "spec.restorePoint.time is not a real instant: the month, day, hour, minute or second is out of range")
    // AWS restores to the millisecond: a finer fraction would be a time the operator could not send as written.
    @ValidationRule(value = "!self.matches('\\\\.[0-9]{4}')",
        message = "spec.restorePoint.time may have at most 3 fraction digits: AWS restores to the millisecond")
    @JsonPropertyDescription("RFC 3339 time with an offset and at most 3 fraction digits (AWS restores to the "
        + "millisecond), e.g. 2025-03-01T12:30:00Z.")
    private String time;

    @ValidationRule(value = "self == true", message = "spec.restorePoint.latest can only be true; use time instead")
    @JsonPropertyDescription("Restore to the latest restorable second (about 5 minutes ago on AWS).")
    private Boolean latest;

    public String getTime() {
      return time;
    }

    public void setTime(String time) {
      this.time = time;
    }

    public Boolean getLatest() {
      return latest;
    }

    public void setLatest(Boolean latest) {
      this.latest = latest;
    }
  }

  public static class RestoreTarget {
    @Required
    @Pattern(ProtectedTableSpec.TABLE_NAME_PATTERN)
    @JsonPropertyDescription("Name of the new table; it must not exist.")
    private String tableName;

    public String getTableName() {
      return tableName;
    }

    public void setTableName(String tableName) {
      this.tableName = tableName;
    }
  }
}
