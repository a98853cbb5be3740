package io.tableguard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RolePolicyTest {
  private static final RolePolicy POLICY = RolePolicy.parse("""
      rules:
        - namespaces: ["team-a", "shop-*"]
          roleArns: ["arn:aws:iam::111122223333:role/tableguard-*"]
        - namespaces: ["*"]
          roleArns: ["arn:aws:iam::444455556666:role/shared-reader"]
      """);

  @Test
  void allowsOnlyListedNamespaceAndRolePairs() {
    assertThat(POLICY.allows("team-a", "arn:aws:iam::111122223333:role/tableguard-a")).isTrue();
    assertThat(POLICY.allows("shop-eu", "arn:aws:iam::111122223333:role/tableguard-x")).isTrue();
    assertThat(POLICY.allows("team-b", "arn:aws:iam::111122223333:role/tableguard-a")).isFalse();
    assertThat(POLICY.allows("team-a", "arn:aws:iam::111122223333:role/admin")).isFalse();
    assertThat(POLICY.allows("anyone", "arn:aws:iam::444455556666:role/shared-reader")).isTrue();
  }

  @Test
  void matchesPatternsWholeAndTakesDotsLiterally() {
    assertThat(POLICY.allows("xteam-a", "arn:aws:iam::111122223333:role/tableguard-a")).isFalse();
    assertThat(RolePolicy.parse("rules: [{namespaces: [a.b], roleArns: ['*']}]").allows("axb", "r")).isFalse();
  }

  @Test
  void allowsNothingWhenEmpty() {
    assertThat(RolePolicy.denyAll().allows("team-a", "arn:aws:iam::111122223333:role/tableguard-a")).isFalse();
    assertThat(RolePolicy.parse("").allows("team-a", "arn:aws:iam::111122223333:role/x")).isFalse();
  }

  @Test
  void rejectsAMisspeltKeyRatherThanAllowingOrDenyingSilently() {
    assertThatThrownBy(() -> RolePolicy.parse("rules: [{namespace: [a], roleArns: [r]}]"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("namespace");
  }
}
