package io.tableguard.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.tableguard.aws.AwsFailure.Kind;
import io.tableguard.aws.AwsFailure;
import io.tableguard.aws.TableTarget;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FailureMessagesTest {
  private static final String ROLE = "arn:aws:iam::222222222222:role/tableguard";
  private static final TableTarget OWN_ACCOUNT =
      new TableTarget("111111111111", "eu-west-1", "orders", Optional.empty());
  private static final TableTarget VIA_ROLE =
      new TableTarget("222222222222", "us-east-2", "payments", Optional.of(new io.tableguard.aws.RoleSession(ROLE, "team-a", "payments")));

  /** What a kind advises when the table is missing (a ProtectedTable points at its spec). */
  private static final String ADVICE = "create it, or correct spec.tableName or spec.region";

  private static AwsFailure failure(Kind kind, String message) {
    return new AwsFailure(kind, "UpdateContinuousBackups", message, null);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void namesTheTableRegionAndRetryDelayForEveryKind(Kind kind) {
    String message = FailureMessages.explain(OWN_ACCOUNT, failure(kind, "boom"), Duration.ofSeconds(30), ADVICE);

    assertThat(message)
        .contains("orders")
        .contains("eu-west-1")
        .endsWith("; retrying in 30s");
  }

  @Test
  void givesTheKindsAdviceWhenTheTableIsMissing() {
    String message = FailureMessages.explain(OWN_ACCOUNT, failure(Kind.TABLE_NOT_FOUND, "not found"),
        Duration.ofSeconds(5), ADVICE);

    assertThat(message).contains("table orders in eu-west-1").contains("spec.tableName").contains("spec.region");
  }

  @Test
  void namesTheDeniedActionAndTheRoleToGrantItTo() {
    String message = FailureMessages.explain(VIA_ROLE, failure(Kind.ACCESS_DENIED, "User is not authorized"),
        Duration.ofMinutes(1), ADVICE);

    assertThat(message)
        .contains("dynamodb:UpdateContinuousBackups")
        .contains("payments")
        .contains("us-east-2")
        .contains(ROLE)
        .contains("spec.aws.roleArn")
        .contains("User is not authorized")
        .endsWith("retrying in 60s");
  }

  @Test
  void leavesTheRoleOutOfAccessDeniedWhenTheOperatorUsesItsOwn() {
    String message = FailureMessages.explain(OWN_ACCOUNT, failure(Kind.ACCESS_DENIED, "denied"), Duration.ofSeconds(1),
        ADVICE);

    assertThat(message).contains("dynamodb:UpdateContinuousBackups").doesNotContain("arn:").doesNotContain("roleArn");
  }

  @Test
  void quotesAwsForRejectedAndTransientFailures() {
    for (Kind kind : new Kind[] {Kind.REJECTED, Kind.THROTTLED, Kind.UNAVAILABLE}) {
      String message = FailureMessages.explain(OWN_ACCOUNT, failure(kind, "ValidationException: bad period"),
          Duration.ofSeconds(2), ADVICE);

      assertThat(message).as("%s", kind)
          .contains("dynamodb:UpdateContinuousBackups")
          .contains("ValidationException: bad period");
    }
  }

  @Test
  void roundsDelaysUpToWholeSeconds() {
    assertThat(FailureMessages.roundedSeconds(Duration.ofMillis(1))).isEqualTo("1s");
    assertThat(FailureMessages.roundedSeconds(Duration.ofMillis(1000))).isEqualTo("1s");
    assertThat(FailureMessages.roundedSeconds(Duration.ofMillis(1001))).isEqualTo("2s");
    assertThat(FailureMessages.roundedSeconds(Duration.ofMillis(2001))).isEqualTo("3s");
    assertThat(FailureMessages.roundedSeconds(Duration.ofMinutes(5))).isEqualTo("300s");
  }

  @Test
  void neverReadsZeroSeconds() {
    assertThat(FailureMessages.roundedSeconds(Duration.ZERO)).isEqualTo("1s");
  }

  @Test
  void theSameFailureWithAnotherRetryDelayIsTheSameFailure() {
    String first = "AWS denied dynamodb:UpdateContinuousBackups on table t; retrying in 3s";
    assertThat(FailureMessages.sameFailure(first, "AWS denied dynamodb:UpdateContinuousBackups on table t; retrying in 17s"))
        .isTrue();
    assertThat(FailureMessages.sameFailure(first, "AWS denied dynamodb:DescribeTable on table t; retrying in 3s"))
        .isFalse();
    assertThat(FailureMessages.sameFailure(first, null)).isFalse();
  }
}
