package io.tableguard.aws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** STS session names: at most 64 characters of {@code [\w+=,.@-]}, and one tenant's never another's. */
class RoleSessionTest {
  private static final String ROLE = "arn:aws:iam::222233334444:role/tableguard-team";
  /** 53 characters: with "tableguard-" in front, exactly the 64 that STS allows. */
  private static final String SHARED_PREFIX = "payments-europe-production-blue-green-deployment-stag";

  @Test
  void twoLongNamespacesSharingTheirFirst53CharactersGetDifferentSessionNames() {
    String first = new RoleSession(ROLE, SHARED_PREFIX + "e-a", "orders").sessionName();
    String second = new RoleSession(ROLE, SHARED_PREFIX + "e-b", "orders").sessionName();

    assertThat(first).isNotEqualTo(second);
    assertThat(first).hasSizeLessThanOrEqualTo(64).matches("[\\w+=,.@-]{2,64}").startsWith("tableguard-payments");
    assertThat(second).hasSizeLessThanOrEqualTo(64).matches("[\\w+=,.@-]{2,64}");
  }

  @Test
  void aShortNamespaceKeepsItsReadableName() {
    assertThat(new RoleSession(ROLE, "team-a", "orders").sessionName()).isEqualTo("tableguard-team-a");
  }

  @Test
  void theLongestKubernetesNamespaceStillFits() {
    String name = new RoleSession(ROLE, "n".repeat(63), "orders").sessionName();

    assertThat(name).hasSizeLessThanOrEqualTo(64).matches("[\\w+=,.@-]{2,64}");
  }
}
