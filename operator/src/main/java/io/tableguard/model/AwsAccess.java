package io.tableguard.model;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

/** How the operator reaches the table's AWS account. */
public class AwsAccess {
  @Pattern("^arn:aws[a-zA-Z-]*:iam::[0-9]{12}:role/[\\w+=,.@/-]{1,512}$")
  @JsonPropertyDescription("IAM role the operator assumes with STS for this table, for tables in another account.")
  private String roleArn;

  public String getRoleArn() {
    return roleArn;
  }

  public void setRoleArn(String roleArn) {
    this.roleArn = roleArn;
  }
}
