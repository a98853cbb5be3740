package io.tableguard.aws;

import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableNotFoundException;
import software.amazon.awssdk.services.sts.model.StsException;

/** Sorts SDK exceptions into the few kinds the reconcilers act on. */
public final class AwsFailures {
  private static final Set<String> ACCESS_DENIED_CODES = Set.of(
      "AccessDeniedException", "AccessDenied", "UnrecognizedClientException", "InvalidClientTokenId",
      "ExpiredTokenException", "NotAuthorized");
  private static final Set<String> THROTTLING_CODES = Set.of(
      "ThrottlingException", "Throttling", "LimitExceededException", "RequestLimitExceeded",
      "ProvisionedThroughputExceededException", "TooManyRequestsException");

  /** AWS is busy with the table (an update, or turning backups on after a restore): ask again later. */
  private static final Set<String> BUSY_CODES = Set.of("ResourceInUseException", "ContinuousBackupsUnavailableException",
      "BackupInUseException");

  private AwsFailures() {}

  public static AwsFailure classify(SdkException e, String operation) {
    StsException sts = stsCause(e);
    if (sts != null && !operation.startsWith("sts:")) {
      // The role could not be assumed: the DynamoDB call never left; the fix is in the role's trust policy.
      return classify(sts, "sts:AssumeRole");
    }
    if (e instanceof TableNotFoundException || e instanceof ResourceNotFoundException) {
      return new AwsFailure(AwsFailure.Kind.TABLE_NOT_FOUND, operation, e.getMessage(), e);
    }
    if (e instanceof AwsServiceException service) {
      // A proxy or load balancer in front of AWS may answer without an AWS error code.
      String code = service.awsErrorDetails() == null || service.awsErrorDetails().errorCode() == null ? ""
          : service.awsErrorDetails().errorCode();
      String message = service.awsErrorDetails() == null ? service.getMessage()
          : service.awsErrorDetails().errorMessage();
      if (ACCESS_DENIED_CODES.contains(code) || service.statusCode() == 403) {
        return new AwsFailure(AwsFailure.Kind.ACCESS_DENIED, operation, message, e);
      }
      if (THROTTLING_CODES.contains(code) || service.isThrottlingException()) {
        return new AwsFailure(AwsFailure.Kind.THROTTLED, operation, message, e);
      }
      if (service.statusCode() >= 500 || BUSY_CODES.contains(code)) {
        return new AwsFailure(AwsFailure.Kind.UNAVAILABLE, operation, message, e);
      }
      return new AwsFailure(AwsFailure.Kind.REJECTED, operation, code + ": " + message, e);
    }
    // No answer from AWS at all (time-out, connection refused): worth retrying.
    return new AwsFailure(AwsFailure.Kind.UNAVAILABLE, operation, e.getMessage(), e);
  }

  private static StsException stsCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof StsException sts) {
        return sts;
      }
    }
    return null;
  }
}
