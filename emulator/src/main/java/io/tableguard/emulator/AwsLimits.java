package io.tableguard.emulator;

/**
 * DynamoDB's control-plane quotas per account and Region, which the emulator enforces when asked to, so that a
 * client's pacing is tried against the limits AWS sets rather than against an endpoint that never says no.
 *
 * @param describeContinuousBackupsPerSecond DescribeContinuousBackups calls a second (AWS: 10)
 * @param taggingPerSecond TagResource and UntagResource calls a second, together (AWS: 5)
 * @param controlPlanePerSecond every other control-plane call a second, together (AWS: 2,500)
 * @param concurrentTableOperations tables being created, updated or deleted at once (AWS: 500); here that is
 *     the restores still CREATING, the only tables the emulator shows in such a state
 */
public record AwsLimits(double describeContinuousBackupsPerSecond, double taggingPerSecond,
    double controlPlanePerSecond, int concurrentTableOperations) {
  /** The defaults AWS documents for DynamoDB. */
  public static final AwsLimits DYNAMODB = new AwsLimits(10, 5, 2_500, 500);

  public AwsLimits {
    if (!(describeContinuousBackupsPerSecond > 0 && taggingPerSecond > 0 && controlPlanePerSecond > 0)) {
      throw new IllegalArgumentException("rates must be positive: " + describeContinuousBackupsPerSecond + ", "
          + taggingPerSecond + ", " + controlPlanePerSecond);
    }
    if (concurrentTableOperations < 1) {
      throw new IllegalArgumentException("concurrentTableOperations must be at least 1, not "
          + concurrentTableOperations);
    }
  }
}
