package io.tableguard.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.tableguard.aws.AwsFailure.Kind;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableNotFoundException;

class AwsFailuresTest {
  private static final String OP = "UpdateContinuousBackups";

  private static DynamoDbException serviceError(int status, String code, String message) {
    return (DynamoDbException) DynamoDbException.builder()
        .statusCode(status)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build())
        .build();
  }

  private static AwsFailure classify(SdkException e) {
    return AwsFailures.classify(e, OP);
  }

  @Test
  void sortsTableNotFoundAsTableNotFound() {
    TableNotFoundException e = TableNotFoundException.builder().message("Table not found: orders").build();

    AwsFailure failure = classify(e);

    assertThat(failure.kind()).isEqualTo(Kind.TABLE_NOT_FOUND);
    assertThat(failure.operation()).isEqualTo(OP);
    assertThat(failure.isTransient()).isFalse();
    assertThat(failure.getMessage()).contains("Table not found: orders");
    assertThat(failure.getCause()).isSameAs(e);
  }

  @Test
  void sortsResourceNotFoundAsTableNotFound() {
    AwsFailure failure = classify(ResourceNotFoundException.builder().message("Requested resource not found").build());

    assertThat(failure.kind()).isEqualTo(Kind.TABLE_NOT_FOUND);
    assertThat(failure.isTransient()).isFalse();
  }

  @Test
  void sortsAccessDeniedByErrorCodeAndKeepsAwsMessage() {
    AwsFailure failure = classify(serviceError(400, "AccessDeniedException", "User is not authorized"));

    assertThat(failure.kind()).isEqualTo(Kind.ACCESS_DENIED);
    assertThat(failure.operation()).isEqualTo(OP);
    assertThat(failure.isTransient()).isFalse();
    assertThat(failure.getMessage()).isEqualTo("User is not authorized");
  }

  @Test
  void sortsAnyForbiddenStatusAsAccessDenied() {
    assertThat(classify(serviceError(403, "SomethingElse", "forbidden")).kind()).isEqualTo(Kind.ACCESS_DENIED);
    assertThat(classify(serviceError(400, "ExpiredTokenException", "expired")).kind()).isEqualTo(Kind.ACCESS_DENIED);
  }

  @Test
  void sortsThrottlingAsTransient() {
    AwsFailure failure = classify(serviceError(400, "ThrottlingException", "Rate exceeded"));

    assertThat(failure.kind()).isEqualTo(Kind.THROTTLED);
    assertThat(failure.operation()).isEqualTo(OP);
    assertThat(failure.isTransient()).isTrue();
    assertThat(failure.getMessage()).isEqualTo("Rate exceeded");
  }

  @Test
  void sortsStatus429AsThrottledEvenWithAnUnknownCode() {
    assertThat(classify(serviceError(429, "SlowDown", "slow down")).kind()).isEqualTo(Kind.THROTTLED);
  }

  @Test
  void sortsServerErrorsAsUnavailable() {
    AwsFailure failure = classify(serviceError(500, "InternalServerError", "Internal server error"));

    assertThat(failure.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(failure.operation()).isEqualTo(OP);
    assertThat(failure.isTransient()).isTrue();
    assertThat(classify(serviceError(503, "ServiceUnavailable", "try later")).kind()).isEqualTo(Kind.UNAVAILABLE);
  }

  @Test
  void sortsATableBusyWithBackupsOrAnUpdateAsUnavailable() {
    // Right after a restore, UpdateContinuousBackups answers this until backups are ready.
    assertThat(classify(serviceError(400, "ContinuousBackupsUnavailableException", "Backups are being enabled"))
        .isTransient()).isTrue();
    assertThat(classify(serviceError(400, "ResourceInUseException", "Table is being updated")).kind())
        .isEqualTo(Kind.UNAVAILABLE);
  }

  @Test
  void sortsOtherClientErrorsAsRejectedWithTheCodeInTheMessage() {
    AwsFailure failure = classify(serviceError(400, "ValidationException", "RecoveryPeriodInDays must be 1-35"));

    assertThat(failure.kind()).isEqualTo(Kind.REJECTED);
    assertThat(failure.operation()).isEqualTo(OP);
    assertThat(failure.isTransient()).isFalse();
    assertThat(failure.getMessage()).isEqualTo("ValidationException: RecoveryPeriodInDays must be 1-35");
  }

  @Test
  void sortsAnAnswerWithoutAnErrorCodeByItsStatus() {
    // What a proxy or load balancer in front of AWS sends: a 503 page, no AWS error code.
    AwsFailure failure = classify(serviceError(503, null, "Service Unavailable"));

    assertThat(failure.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(failure.isTransient()).isTrue();
  }

  @Test
  void sortsAServiceErrorWithoutDetailsByItsStatus() {
    DynamoDbException bare = (DynamoDbException) DynamoDbException.builder().statusCode(502).message("bad gateway").build();

    AwsFailure failure = classify(bare);

    assertThat(failure.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(failure.getMessage()).contains("bad gateway");
  }

  @Test
  void sortsClientSideErrorsAsUnavailable() {
    AwsFailure failure = classify(SdkClientException.create("connection refused"));

    assertThat(failure.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(failure.operation()).isEqualTo(OP);
    assertThat(failure.isTransient()).isTrue();
    assertThat(failure.getMessage()).isEqualTo("connection refused");
  }
}
