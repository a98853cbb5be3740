package io.tableguard.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.tableguard.aws.RoleSession;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OwnCallersTest {
  private static final RoleSession TENANT =
      new RoleSession("arn:aws:iam::222233334444:role/teams/tableguard-team", "team-a", "orders");

  @Test
  void anyRenewedSessionOfTheOperatorsOwnRoleIsTheOperator() {
    OwnCallers own = new OwnCallers(() -> Optional.of("arn:aws:sts::111122223333:assumed-role/tableguard/s1"),
        List::of);

    assertThat(own.test("arn:aws:sts::111122223333:assumed-role/tableguard/s1")).isTrue();
    assertThat(own.test("arn:aws:sts::111122223333:assumed-role/tableguard/aws-sdk-java-1733000000")).isTrue();
    assertThat(own.test("arn:aws:sts::111122223333:assumed-role/admin/oncall")).isFalse();
    assertThat(own.test("arn:aws:sts::999999999999:assumed-role/tableguard/s1")).as("another account").isFalse();
    assertThat(own.test("")).isFalse();
  }

  @Test
  void anIamUserIsTheOperatorOnlyByItsExactArn() {
    OwnCallers own = new OwnCallers(() -> Optional.of("arn:aws:iam::111122223333:user/tableguard"), List::of);

    assertThat(own.test("arn:aws:iam::111122223333:user/tableguard")).isTrue();
    assertThat(own.test("arn:aws:iam::111122223333:user/tableguard-admin")).isFalse();
  }

  @Test
  void aTenantRoleIsTheOperatorOnlyInTheSessionTheOperatorHasOpen() {
    OwnCallers own = new OwnCallers(Optional::empty, () -> List.of(TENANT));

    assertThat(own.test("arn:aws:sts::222233334444:assumed-role/tableguard-team/tableguard-team-a")).isTrue();
    assertThat(own.test("arn:aws:sts::222233334444:assumed-role/tableguard-team/deploy-pipeline"))
        .as("the tenant's own application in the same role").isFalse();
    assertThat(own.test("arn:aws:sts::222233334444:assumed-role/tableguard-team/tableguard-team-b")).isFalse();
    assertThat(new OwnCallers(Optional::empty, List::of)
        .test("arn:aws:sts::222233334444:assumed-role/tableguard-team/tableguard-team-a"))
        .as("a session the operator has closed, or never opened").isFalse();
  }
}
