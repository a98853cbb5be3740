package io.tableguard.aws;

import io.tableguard.model.AwsRegions;
import java.util.Optional;

/** One DynamoDB table in one account and region, and the role session that reaches it (if not the operator's own). */
public record TableTarget(String accountId, String region, String tableName, Optional<RoleSession> role) {

  /** Two resources that resolve to the same key protect the same table. */
  public String key() {
    return accountRegion() + "/" + tableName;
  }

  /** DynamoDB's quotas (control-plane rates, concurrent restores) hold per account and region. */
  public String accountRegion() {
    return accountId + "/" + region;
  }

  /** The table's ARN, in the partition of its (real) region. */
  public String arn() {
    return "arn:" + AwsRegions.partitionOf(region).orElse("aws") + ":dynamodb:" + region + ":" + accountId
        + ":table/" + tableName;
  }

  public Optional<String> roleArn() {
    return role.map(RoleSession::roleArn);
  }

  /** Another table in the same account and region, reached the same way. */
  public TableTarget withTableName(String otherTable) {
    return new TableTarget(accountId, region, otherTable, role);
  }

  @Override
  public String toString() {
    return "table " + tableName + " in " + region + " (account " + accountId + ")";
  }
}
