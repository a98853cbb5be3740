package io.tableguard.model.protection;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;
import io.tableguard.model.AwsAccess;
import io.tableguard.model.AwsRegions;

@ValidationRule(
    value = "has(self.tableName) != has(self.tableArn)",
    message = "exactly one of spec.tableName or spec.tableArn must be set")
@ValidationRule(
    value = "(has(self.tableName) ? self.tableName : '') == (has(oldSelf.tableName) ? oldSelf.tableName : '')"
        + " && (has(self.tableArn) ? self.tableArn : '') == (has(oldSelf.tableArn) ? oldSelf.tableArn : '')"
        + " && (has(self.region) ? self.region : '') == (has(oldSelf.region) ? oldSelf.region : '')"
        + " && (has(self.aws) && has(self.aws.roleArn) ? self.aws.roleArn : '')"
        + " == (has(oldSelf.aws) && has(oldSelf.aws.roleArn) ? oldSelf.aws.roleArn : '')",
    message = "spec.tableName, spec.tableArn, spec.region and spec.aws.roleArn are immutable: they decide which "
        + "table in which account is protected; create a new ProtectedTable for another table")
public class ProtectedTableSpec {
  public static final String TABLE_NAME_PATTERN = "^[a-zA-Z0-9_.-]{3,255}$";

  @Pattern(TABLE_NAME_PATTERN)
  @JsonPropertyDescription("Name of the DynamoDB table: 3 to 255 characters of a-z, A-Z, 0-9, '_', '-' and '.'.")
  private String tableName;

  @Pattern(AwsRegions.TABLE_ARN_PATTERN)
  @JsonPropertyDescription("ARN of the DynamoDB table, instead of tableName; its region and account win over region "
      + "and aws. The region must be a real AWS region code of the ARN's partition (such as us-east-1 in arn:aws); "
      + "pseudo-regions such as us-east-1-fips, fips-us-east-1, dualstack-us-east-1, local or aws-global are refused.")
  private String tableArn;

  @Pattern(AwsRegions.REGION_PATTERN)
  @JsonPropertyDescription("AWS region of the table, a real region code such as eu-west-1; the operator's default "
      + "region when empty. Pseudo-regions such as us-east-1-fips, fips-us-east-1, dualstack-us-east-1, local or "
      + "aws-global are refused.")
  private String region;

  @Min(1)
  @Max(35)
  @Default("35")
  @JsonPropertyDescription("Days of restorable history PITR keeps, 1 to 35.")
  private Integer recoveryPeriodDays = 35;

  @Default("Enforce")
  @JsonPropertyDescription("Enforce turns PITR back on and restores the period when someone changes it; Report only reports.")
  private DriftPolicy driftPolicy = DriftPolicy.Enforce;

  @Default("5m")
  @Pattern("^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$")
  @ValidationRule(value = "duration(self) >= duration('10s')", message = "spec.checkInterval must be at least 10s")
  @JsonPropertyDescription("How often PITR is checked for drift, as a duration such as 30s or 5m; at least 10s.")
  private String checkInterval = "5m";

  @Default("Retain")
  @JsonPropertyDescription("Retain leaves PITR on when this resource is deleted; Disable turns it off. The table is never deleted.")
  private DeletionPolicy deletionPolicy = DeletionPolicy.Retain;

  @JsonPropertyDescription("How the operator reaches the table's account.")
  private AwsAccess aws;

  public String getTableName() {
    return tableName;
  }

  public void setTableName(String tableName) {
    this.tableName = tableName;
  }

  public String getTableArn() {
    return tableArn;
  }

  public void setTableArn(String tableArn) {
    this.tableArn = tableArn;
  }

  public String getRegion() {
    return region;
  }

  public void setRegion(String region) {
    this.region = region;
  }

  public Integer getRecoveryPeriodDays() {
    return recoveryPeriodDays;
  }

  public void setRecoveryPeriodDays(Integer recoveryPeriodDays) {
    this.recoveryPeriodDays = recoveryPeriodDays;
  }

  public DriftPolicy getDriftPolicy() {
    return driftPolicy;
  }

  public void setDriftPolicy(DriftPolicy driftPolicy) {
    this.driftPolicy = driftPolicy;
  }

  public String getCheckInterval() {
    return checkInterval;
  }

  public void setCheckInterval(String checkInterval) {
    this.checkInterval = checkInterval;
  }

  public DeletionPolicy getDeletionPolicy() {
    return deletionPolicy;
  }

  public void setDeletionPolicy(DeletionPolicy deletionPolicy) {
    this.deletionPolicy = deletionPolicy;
  }

  public AwsAccess getAws() {
    return aws;
  }

  public void setAws(AwsAccess aws) {
    this.aws = aws;
  }
}
