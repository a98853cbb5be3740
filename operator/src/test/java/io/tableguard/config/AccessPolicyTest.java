package io.tableguard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessPolicyTest {
  private static final String ARN = "arn:aws:dynamodb:eu-west-1:111122223333:table/";
  private static final AccessPolicy POLICY = AccessPolicy.parse("""
      rules:
        - namespaces: ["team-a", "shop-*"]
          roleArns: ["arn:aws:iam::111122223333:role/tableguard-*"]
        - namespaces: ["*"]
          roleArns: ["arn:aws:iam::444455556666:role/shared-reader"]
        - namespaces: ["payroll"]
          tables: ["payroll-*", "arn:aws:dynamodb:*:111122223333:table/ledger"]
          operatorCredentials: true
      """);

  @Test
  void allowsOnlyListedNamespaceAndRolePairs() {
    assertThat(POLICY.allowsRole("team-a", "arn:aws:iam::111122223333:role/tableguard-a")).isTrue();
    assertThat(POLICY.allowsRole("shop-eu", "arn:aws:iam::111122223333:role/tableguard-x")).isTrue();
    assertThat(POLICY.allowsRole("team-b", "arn:aws:iam::111122223333:role/tableguard-a")).isFalse();
    assertThat(POLICY.allowsRole("team-a", "arn:aws:iam::111122223333:role/admin")).isFalse();
    assertThat(POLICY.allowsRole("anyone", "arn:aws:iam::444455556666:role/shared-reader")).isTrue();
  }

  @Test
  void aRuleWithoutTablesCoversEveryTableItsRolesReach() {
    assertThat(POLICY.allows("team-a", Optional.of("arn:aws:iam::111122223333:role/tableguard-a"), "anything",
        ARN + "anything")).isTrue();
  }

  @Test
  void theOperatorsOwnCredentialsReachOnlyTheTablesARuleNames() {
    assertThat(POLICY.allows("payroll", Optional.empty(), "payroll-2026", ARN + "payroll-2026")).isTrue();
    assertThat(POLICY.allows("payroll", Optional.empty(), "ledger", ARN + "ledger")).isTrue();
    assertThat(POLICY.allows("payroll", Optional.empty(), "ledger",
        "arn:aws:dynamodb:eu-west-1:999999999999:table/ledger")).as("an ARN pattern names the account").isFalse();
    assertThat(POLICY.allows("payroll", Optional.empty(), "orders", ARN + "orders")).isFalse();
    assertThat(POLICY.allows("team-a", Optional.empty(), "payroll-2026", ARN + "payroll-2026"))
        .as("team-a has roles only, not the operator's own credentials").isFalse();
    assertThat(POLICY.allows("payroll", Optional.of("arn:aws:iam::111122223333:role/tableguard-a"), "payroll-1",
        ARN + "payroll-1")).as("credentials are part of the grant").isFalse();
  }

  @Test
  void matchesPatternsWholeAndTakesDotsLiterally() {
    assertThat(POLICY.allowsRole("xteam-a", "arn:aws:iam::111122223333:role/tableguard-a")).isFalse();
    assertThat(AccessPolicy.parse("rules: [{namespaces: [a.b], roleArns: ['*']}]").allowsRole("axb", "r")).isFalse();
  }

  @Test
  void allowsNothingWhenEmpty() {
    assertThat(AccessPolicy.denyAll().allowsRole("team-a", "arn:aws:iam::111122223333:role/tableguard-a")).isFalse();
    assertThat(AccessPolicy.parse("").allows("team-a", Optional.empty(), "orders", ARN + "orders")).isFalse();
  }

  @Test
  void theSingleTeamPolicyGivesEveryNamespaceEveryTableWithTheOperatorsCredentialsOnly() {
    assertThat(AccessPolicy.singleTeam().allows("any", Optional.empty(), "orders", ARN + "orders")).isTrue();
    assertThat(AccessPolicy.singleTeam().allowsRole("any", "arn:aws:iam::111122223333:role/x")).isFalse();
  }

  @Test
  void aRolePolicyOfEarlierVersionsKeepsTheOperatorsOwnCredentialsEverywhere(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("role-policy.yaml"),
        "rules: [{namespaces: [team-a], roleArns: ['arn:aws:iam::111122223333:role/t']}]");

    AccessPolicy legacy = AccessPolicy.loadRolePolicy(file);

    assertThat(legacy.allowsRole("team-a", "arn:aws:iam::111122223333:role/t")).isTrue();
    assertThat(legacy.allowsRole("team-b", "arn:aws:iam::111122223333:role/t")).isFalse();
    assertThat(legacy.allows("team-b", Optional.empty(), "orders", ARN + "orders")).isTrue();
  }

  @Test
  void rejectsAMisspeltKeyRatherThanAllowingOrDenyingSilently() {
    assertThatThrownBy(() -> AccessPolicy.parse("rules: [{namespace: [a], roleArns: [r]}]"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("namespace");
  }

  @Test
  void rejectsARuleThatGrantsNoCredentials() {
    assertThatThrownBy(() -> AccessPolicy.parse("rules: [{namespaces: [a], tables: [orders]}]"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rule 1 grants no credentials");
  }
}
