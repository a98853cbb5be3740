package io.tableguard.aws;

import java.util.Set;

/** DynamoDB operations grouped as AWS limits them, per account and region. */
public enum OperationClass {
  /** DescribeContinuousBackups: 10 calls a second, the limit that sets how many tables one operator can check. */
  DESCRIBE_CONTINUOUS_BACKUPS,
  /** TagResource and UntagResource: 5 a second together. */
  TAGGING,
  /** ListBackups: 5 a second. */
  LIST_BACKUPS,
  /** DeleteBackup: 10 a second. */
  DELETE_BACKUP,
  /** RestoreTableFromBackup: 10 a second. */
  RESTORE_FROM_BACKUP,
  /** Every other control-plane call, under DynamoDB's shared control-plane throttle. */
  CONTROL_PLANE;

  private static final Set<String> TAGGING_OPERATIONS = Set.of("TagResource", "UntagResource");

  public static OperationClass of(String operationName) {
    if ("DescribeContinuousBackups".equals(operationName)) {
      return DESCRIBE_CONTINUOUS_BACKUPS;
    }
    if ("ListBackups".equals(operationName)) {
      return LIST_BACKUPS;
    }
    if ("DeleteBackup".equals(operationName)) {
      return DELETE_BACKUP;
    }
    if ("RestoreTableFromBackup".equals(operationName)) {
      return RESTORE_FROM_BACKUP;
    }
    return TAGGING_OPERATIONS.contains(operationName) ? TAGGING : CONTROL_PLANE;
  }
}
