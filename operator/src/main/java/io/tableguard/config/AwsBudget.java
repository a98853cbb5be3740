package io.tableguard.config;

/**
 * Requests per second the operator allows itself per AWS account and region, per class of DynamoDB operation, as
 * AWS limits them: DescribeContinuousBackups 10/s, TagResource and UntagResource 5/s together, and the rest of the
 * control plane a shared, far larger throttle (2,500/s per AWS's control-plane best practices), within which
 * ListBackups (5/s), DeleteBackup (10/s) and RestoreTableFromBackup (10/s) have limits of their own. The defaults leave headroom for the
 * account's other callers (the console, AWS Backup, scripts); SDK retries count too.
 */
public record AwsBudget(double describeContinuousBackupsPerSecond, double taggingPerSecond,
    double controlPlanePerSecond, double listBackupsPerSecond, double deleteBackupPerSecond,
    double restoreFromBackupPerSecond) {
  /** AWS's limit is 10; 8 leaves 2 a second to everyone else in the account. Set 10 to use all of it. */
  public static final double DEFAULT_DESCRIBE_CONTINUOUS_BACKUPS = 8;
  /** AWS's limit for TagResource and UntagResource together is 5. */
  public static final double DEFAULT_TAGGING = 4;
  /** A small share of the 2,500/s control-plane throttle: a check needs DescribeTable only now and then. */
  public static final double DEFAULT_CONTROL_PLANE = 50;
  /** AWS's limit for ListBackups is 5. */
  public static final double DEFAULT_LIST_BACKUPS = 4;
  /** AWS's limit for DeleteBackup is 10. */
  public static final double DEFAULT_DELETE_BACKUP = 8;
  /** AWS's limit for RestoreTableFromBackup is 10. */
  public static final double DEFAULT_RESTORE_FROM_BACKUP = 8;

  public AwsBudget {
    if (describeContinuousBackupsPerSecond <= 0 || taggingPerSecond <= 0 || controlPlanePerSecond <= 0
        || listBackupsPerSecond <= 0 || deleteBackupPerSecond <= 0 || restoreFromBackupPerSecond <= 0) {
      throw new IllegalArgumentException("every AWS request budget must be more than 0 per second");
    }
  }

  public static AwsBudget defaults() {
    return new AwsBudget(DEFAULT_DESCRIBE_CONTINUOUS_BACKUPS, DEFAULT_TAGGING, DEFAULT_CONTROL_PLANE,
        DEFAULT_LIST_BACKUPS, DEFAULT_DELETE_BACKUP, DEFAULT_RESTORE_FROM_BACKUP);
  }

  public AwsBudget withDescribeContinuousBackups(double perSecond) {
    return new AwsBudget(perSecond, taggingPerSecond, controlPlanePerSecond, listBackupsPerSecond,
        deleteBackupPerSecond, restoreFromBackupPerSecond);
  }
}
