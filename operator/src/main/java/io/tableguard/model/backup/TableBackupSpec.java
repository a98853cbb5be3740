package io.tableguard.model.backup;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.protectedTableRef == oldSelf.protectedTableRef",
    message = "spec.protectedTableRef is immutable: a TableBackup is one backup of one table")
@ValidationRule(value = "has(self.backupArn) == has(oldSelf.backupArn) "
    + "&& (!has(self.backupArn) || self.backupArn == oldSelf.backupArn)",
    message = "spec.backupArn is immutable: adopt another backup in a new TableBackup")
@ValidationRule(value = "!has(self.backupArn) || self.deletionPolicy == 'Retain'",
    message = "spec.deletionPolicy must be Retain with spec.backupArn: tableguard never deletes a backup it adopted")
public class TableBackupSpec {
  @Required
  @Pattern("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$")
  @JsonPropertyDescription("Name of a ProtectedTable in this namespace: its table is backed up (references never "
      + "leave the namespace).")
  private String protectedTableRef;

  @Pattern("^arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:[0-9]{12}:table/[A-Za-z0-9_.-]{3,255}/backup/[0-9]{13,17}-[0-9a-f]{8}$")
  @JsonPropertyDescription("Adopt this existing backup instead of making one. It must be a backup of the "
      + "ProtectedTable's table (same account, Region and table name); tableguard never deletes it.")
  private String backupArn;

  @Default("Retain")
  @JsonPropertyDescription("Retain (default) keeps the AWS backup when this TableBackup is deleted; Delete deletes "
      + "it then, only if this TableBackup made it and only on an explicit delete: a TableBackup deleted with its "
      + "namespace always keeps its backup.")
  private BackupDeletionPolicy deletionPolicy = BackupDeletionPolicy.Retain;

  public String getProtectedTableRef() {
    return protectedTableRef;
  }

  public void setProtectedTableRef(String protectedTableRef) {
    this.protectedTableRef = protectedTableRef;
  }

  public String getBackupArn() {
    return backupArn;
  }

  public void setBackupArn(String backupArn) {
    this.backupArn = backupArn;
  }

  public BackupDeletionPolicy getDeletionPolicy() {
    return deletionPolicy;
  }

  public void setDeletionPolicy(BackupDeletionPolicy deletionPolicy) {
    this.deletionPolicy = deletionPolicy;
  }
}
