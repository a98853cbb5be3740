package io.tableguard.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tableguard.config.AccessPolicy;
import io.tableguard.model.AwsAccess;
import io.tableguard.model.protection.ProtectedTableSpec;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class TableTargetResolverTest {

  private static final String ROLE = "arn:aws:iam::222222222222:role/tableguard";
  private static final String NAMESPACE = "team-a";
  private static final AccessPolicy TEAM_A_MAY_USE_ROLE = AccessPolicy.parse("""
      rules:
        - namespaces: ["team-a"]
          roleArns: ["arn:aws:iam::222222222222:role/*", "arn:aws:iam::111111111111:role/r"]
          operatorCredentials: true
        - namespaces: ["team-b"]
          tables: ["orders-*", "arn:aws:dynamodb:*:111111111111:table/ledger"]
          operatorCredentials: true
      """);

  private final AtomicInteger callerAccountCalls = new AtomicInteger();
  private final Supplier<String> callerAccount = () -> {
    callerAccountCalls.incrementAndGet();
    return "111111111111";
  };

  private TableTargetResolver resolver(String defaultRegion) {
    return new TableTargetResolver(Optional.ofNullable(defaultRegion), callerAccount, TEAM_A_MAY_USE_ROLE);
  }

  private static ProtectedTableSpec byName(String tableName, String region, String roleArn) {
    ProtectedTableSpec spec = new ProtectedTableSpec();
    spec.setTableName(tableName);
    spec.setRegion(region);
    if (roleArn != null) {
      AwsAccess aws = new AwsAccess();
      aws.setRoleArn(roleArn);
      spec.setAws(aws);
    }
    return spec;
  }

  private static ProtectedTableSpec byArn(String tableArn, String roleArn) {
    ProtectedTableSpec spec = byName(null, null, roleArn);
    spec.setTableArn(tableArn);
    return spec;
  }

  private TableTarget resolve(String defaultRegion, ProtectedTableSpec spec) {
    return resolver(defaultRegion).resolve(spec, NAMESPACE, "orders");
  }

  @Test
  void takesRegionAndNameFromTheTableArnOfTheOperatorsOwnAccount() {
    ProtectedTableSpec spec = byArn("arn:aws:dynamodb:eu-west-1:111111111111:table/orders", null);
    spec.setRegion("us-east-1");

    TableTarget target = resolve("us-east-2", spec);

    assertThat(target.key()).isEqualTo("111111111111/eu-west-1/orders");
    assertThat(target.roleArn()).isEmpty();
  }

  @Test
  void refusesAnArnOfAnotherAccountThanTheOperatorReaches() {
    assertThatThrownBy(() -> resolve("us-east-1", byArn("arn:aws:dynamodb:us-east-1:333333333333:table/orders", null)))
        .isInstanceOfSatisfying(TargetRefused.class, r -> assertThat(r.reason().name()).isEqualTo("AccountMismatch"))
        .hasMessageContaining("333333333333").hasMessageContaining("111111111111");
  }

  @Test
  void refusesAnArnWhoseAccountIsNotTheRolesAccount() {
    assertThatThrownBy(() -> resolve(null, byArn("arn:aws:dynamodb:eu-west-1:333333333333:table/orders", ROLE)))
        .isInstanceOfSatisfying(TargetRefused.class, r -> assertThat(r.reason().name()).isEqualTo("AccountMismatch"));
    assertThat(callerAccountCalls).as("the role decides the account").hasValue(0);
  }

  @Test
  void acceptsArnsOfOtherPartitions() {
    TableTarget target = resolve(null, byArn("arn:aws-cn:dynamodb:cn-north-1:111111111111:table/orders", null));

    assertThat(target.key()).isEqualTo("111111111111/cn-north-1/orders");
  }

  @Test
  void refusesAnArnThatIsNotADynamoDbTable() {
    assertThatThrownBy(() -> resolve("us-east-1", byArn("arn:aws:s3:::bucket", null)))
        .isInstanceOfSatisfying(TargetRefused.class, r -> assertThat(r.reason().name()).isEqualTo("InvalidSpec"))
        .hasMessageContaining("arn:aws:s3:::bucket");
  }

  @Test
  void takesTheAccountFromAnAllowedRoleAndNamesTheTenantInItsSession() {
    TableTarget target = resolve("us-east-1", byName("orders", "eu-central-1", ROLE));

    assertThat(target.key()).isEqualTo("222222222222/eu-central-1/orders");
    RoleSession session = target.role().orElseThrow();
    assertThat(session.roleArn()).isEqualTo(ROLE);
    assertThat(session.sessionName()).isEqualTo("tableguard-team-a");
    assertThat(session.sessionTags()).containsEntry("tableguard.io/namespace", "team-a")
        .containsEntry("tableguard.io/name", "orders");
    assertThat(callerAccountCalls).hasValue(0);
  }

  @Test
  void refusesARoleThePolicyDoesNotAllowForTheNamespace() {
    assertThatThrownBy(() -> resolver(null).resolve(byName("orders", "eu-west-1", ROLE), "team-b", "orders"))
        .isInstanceOfSatisfying(TargetRefused.class, r -> assertThat(r.reason().name()).isEqualTo("RoleNotAllowed"))
        .hasMessageContaining("team-b").hasMessageContaining(ROLE);
  }

  @Test
  void refusesEveryRoleWithoutAPolicy() {
    var noPolicy = new TableTargetResolver(Optional.of("us-east-1"), callerAccount, AccessPolicy.denyAll());

    assertThatThrownBy(() -> noPolicy.resolve(byName("orders", null, ROLE), NAMESPACE, "orders"))
        .isInstanceOfSatisfying(TargetRefused.class, r -> assertThat(r.reason().name()).isEqualTo("RoleNotAllowed"));
  }

  @Test
  void refusesATableThePolicyDoesNotGiveTheNamespaceBeforeAnyCall() {
    assertThatThrownBy(() -> resolver("eu-west-1").resolve(byName("payroll", null, null), "team-b", "payroll"))
        .isInstanceOfSatisfying(TargetRefused.class, r -> assertThat(r.reason().name()).isEqualTo("TableNotAllowed"))
        .hasMessageContaining("team-b").hasMessageContaining("arn:aws:dynamodb:eu-west-1:111111111111:table/payroll")
        .hasMessageContaining("the operator's own credentials");
    assertThat(resolver("eu-west-1").resolve(byName("orders-eu", null, null), "team-b", "o").tableName())
        .isEqualTo("orders-eu");
    assertThat(resolver("eu-west-1").resolve(byName("ledger", null, null), "team-b", "l").tableName())
        .isEqualTo("ledger");
  }

  @Test
  void anArnPatternMatchesTheAccountTheCallsReachNotTheSpecsText() {
    // Through the role, "ledger" is in account 222222222222: the ARN pattern names 111111111111.
    var policy = AccessPolicy.parse("""
        rules:
          - namespaces: ["team-b"]
            tables: ["arn:aws:dynamodb:*:111111111111:table/ledger"]
            roleArns: ["arn:aws:iam::222222222222:role/*"]
        """);
    var resolver = new TableTargetResolver(Optional.of("eu-west-1"), callerAccount, policy);

    assertThatThrownBy(() -> resolver.resolve(byName("ledger", null, ROLE), "team-b", "l"))
        .isInstanceOfSatisfying(TargetRefused.class, r -> assertThat(r.reason().name()).isEqualTo("TableNotAllowed"))
        .hasMessageContaining("role " + ROLE);
  }

  @Test
  void refusesARoleArnThatIsNotAnIamRole() {
    assertThatThrownBy(() -> resolve("us-east-1", byName("orders", null, "arn:aws:iam::222222222222:user/bob")))
        .isInstanceOfSatisfying(TargetRefused.class, r -> assertThat(r.reason().name()).isEqualTo("InvalidSpec"))
        .hasMessageContaining("spec.aws.roleArn");
  }

  @Test
  void usesTheDefaultRegionWhenSpecRegionIsUnset() {
    assertThat(resolve("ap-southeast-2", byName("orders", null, null)).region()).isEqualTo("ap-southeast-2");
    assertThat(resolve("ap-southeast-2", byName("orders", "eu-west-3", null)).region()).isEqualTo("eu-west-3");
  }

  @Test
  void explainsThatSpecRegionIsNeededWhenThereIsNoRegionAnywhere() {
    assertThatThrownBy(() -> resolve(null, byName("orders", null, null)))
        .isInstanceOf(TargetRefused.class)
        .hasMessageContaining("spec.region");
  }

  @Test
  void decidesNothingWhileTheOperatorsOwnAccountIsUnknown() {
    var stsDown = new TableTargetResolver(Optional.of("us-east-1"), () -> {
      throw new AwsFailure(AwsFailure.Kind.UNAVAILABLE, "sts:GetCallerIdentity", "no answer", null);
    }, TEAM_A_MAY_USE_ROLE);

    assertThatThrownBy(() -> stsDown.resolve(byName("orders", null, null), NAMESPACE, "orders"))
        .isInstanceOfSatisfying(AwsFailure.class, f -> assertThat(f.isTransient()).isTrue());
    assertThatThrownBy(() -> stsDown.resolve(byArn("arn:aws:dynamodb:us-east-1:111111111111:table/orders", null),
        NAMESPACE, "orders")).isInstanceOf(AwsFailure.class);
  }

  @Test
  void givesTheSameKeyForATableNamedByArnOrByNameAndRegion() {
    TableTarget viaArn = resolve(null, byArn("arn:aws:dynamodb:eu-west-1:111111111111:table/orders", null));
    TableTarget viaName = resolve("us-east-1", byName("orders", "eu-west-1", null));
    TableTarget viaRole = resolve(null, byName("orders", "eu-west-1", "arn:aws:iam::111111111111:role/r"));

    assertThat(viaArn.key()).isEqualTo("111111111111/eu-west-1/orders");
    assertThat(viaName.key()).isEqualTo(viaArn.key());
    assertThat(viaRole.key()).isEqualTo(viaArn.key());
  }

  @Test
  void verifiesThatAwsAnsweredForTheClaimedAccountAndTable() {
    TableTarget target = resolve("eu-west-1", byName("orders", null, null));

    TableTargetResolver.verifyAnswer(target, "arn:aws:dynamodb:eu-west-1:111111111111:table/orders");
    assertThatThrownBy(() -> TableTargetResolver.verifyAnswer(target,
        "arn:aws:dynamodb:eu-west-1:999999999999:table/orders"))
        .isInstanceOfSatisfying(TargetRefused.class, r -> assertThat(r.reason().name()).isEqualTo("AccountMismatch"));
  }

  @Test
  void refusesPseudoRegionsStoredUnderAnOlderSchema() {
    for (String pseudo : new String[] {"us-east-1-fips", "fips-us-east-1", "local", "dualstack-us-east-1",
        "aws-global", "xx-made-up-1"}) {
      assertThatThrownBy(() -> resolve(null, byArn("arn:aws:dynamodb:" + pseudo + ":111111111111:table/orders", null)))
          .as(pseudo).isInstanceOfSatisfying(TargetRefused.class, r -> assertThat(r.reason().name()).isEqualTo("InvalidRegion"))
          .hasMessageContaining("spec.tableArn").hasMessageContaining(pseudo);
      assertThatThrownBy(() -> resolve(null, byName("orders", pseudo, null)))
          .as(pseudo).isInstanceOfSatisfying(TargetRefused.class, r -> assertThat(r.reason().name()).isEqualTo("InvalidRegion"))
          .hasMessageContaining("spec.region");
      assertThatThrownBy(() -> resolve(pseudo, byName("orders", null, null)))
          .as(pseudo).isInstanceOfSatisfying(TargetRefused.class, r -> assertThat(r.reason().name()).isEqualTo("InvalidRegion"));
    }
  }

  @Test
  void refusesAnArnWhosePartitionIsNotItsRegions() {
    assertThatThrownBy(() -> resolve(null, byArn("arn:aws-cn:dynamodb:us-east-1:111111111111:table/orders", null)))
        .isInstanceOfSatisfying(TargetRefused.class, r -> assertThat(r.reason().name()).isEqualTo("InvalidRegion"));
    assertThat(resolve(null, byArn("arn:aws-cn:dynamodb:cn-north-1:111111111111:table/orders", null)).region())
        .isEqualTo("cn-north-1");
  }

  @Test
  void verifiesThatAwsAnsweredInTheClaimedRegionAndPartition() {
    TableTarget target = resolve("us-east-1", byName("orders", null, null));

    assertThatThrownBy(() -> TableTargetResolver.verifyAnswer(target,
        "arn:aws:dynamodb:us-west-2:111111111111:table/orders"))
        .isInstanceOfSatisfying(TargetRefused.class, r -> assertThat(r.reason().name()).isEqualTo("RegionMismatch"))
        .hasMessageContaining("us-west-2");
    assertThatThrownBy(() -> TableTargetResolver.verifyAnswer(target,
        "arn:aws-us-gov:dynamodb:us-east-1:111111111111:table/orders"))
        .isInstanceOfSatisfying(TargetRefused.class, r -> assertThat(r.reason().name()).isEqualTo("RegionMismatch"));
  }
}
