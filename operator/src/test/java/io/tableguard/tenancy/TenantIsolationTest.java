package io.tableguard.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.tableguard.config.AccessPolicy;
import io.tableguard.config.OperatorSettings;
import io.tableguard.kube.Conditions;
import io.tableguard.model.AwsAccess;
import io.tableguard.model.protection.DeletionPolicy;
import io.tableguard.model.protection.ProtectedTable;
import io.tableguard.model.restore.RestorePhase;
import io.tableguard.model.restore.TableRestore;
import io.tableguard.testsupport.AwsFaultProxy.Fault;
import io.tableguard.testsupport.DynamoTables;
import io.tableguard.testsupport.OperatorTestBase;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A hostile tenant in a second namespace, with specs that claim another account, borrow a role or race the
 * operator's start-up, never reaches, weakens or copies a table the first namespace protects.
 */
class TenantIsolationTest extends OperatorTestBase {
  /** moto's account for the operator's own credentials. */
  private static final String OWN_ACCOUNT = "123456789012";
  private static final String TEAM_ROLE = "arn:aws:iam::222233334444:role/tableguard-team";

  private String intruderNamespace;
  private final boolean tablesByNamespace;

  TenantIsolationTest(TestInfo test) {
    tablesByNamespace = test.getTestMethod().orElseThrow().getName().startsWith("aNamespaceReachesOnly");
  }

  @Override
  protected OperatorSettings settings() {
    if (tablesByNamespace) {
      // A shared cluster's policy: each team its own tables, with the operator's own credentials.
      return super.settings().withAccessPolicy(AccessPolicy.parse("rules: [{namespaces: [" + namespace + "], "
          + "tables: ['" + namespace + "-payroll*'], operatorCredentials: true}, {namespaces: ['intruder-*'], "
          + "tables: ['intruder-*'], operatorCredentials: true}]"));
    }
    // Only the victim's namespace may use the team role; the operator's own credentials reach every table.
    return super.settings().withAccessPolicy(AccessPolicy.parse("rules: [{namespaces: [" + namespace + "], "
        + "roleArns: ['" + TEAM_ROLE + "']}, {namespaces: ['*'], operatorCredentials: true}]"));
  }

  @AfterEach
  void removeIntruder() {
    if (intruderNamespace != null) {
      kube.deleteTableguardResources(intruderNamespace);
    }
  }

  @Test
  void anArnClaimingAnotherAccountIsRefusedAndCanNeitherWeakenNorCopyTheVictimsTable() {
    String table = protectTable("orders");
    ProtectedTable intruder = protectedTable("orders", null);
    intruder.getSpec().setTableArn("arn:aws:dynamodb:" + REGION + ":111111111111:table/" + table);
    intruder.getSpec().setRecoveryPeriodDays(1);
    intruder.getSpec().setDeletionPolicy(DeletionPolicy.Disable);
    createInIntruderNamespace(intruder);

    ProtectedTable refused = awaitReadyReasonIn(intruderNamespace, "orders", "AccountMismatch");
    assertThat(refused.getStatus().getMessage()).contains("111111111111").contains(OWN_ACCOUNT)
        .contains("nothing was done");
    TableRestore copy = tableRestore("steal", "orders", tableName("stolen"));
    copy.getMetadata().setNamespace(intruderNamespace);
    client.resource(copy).create();
    await().atMost(STATUS_TIMEOUT).until(() -> phaseIn(intruderNamespace, "steal") == RestorePhase.Failed);
    client.resource(refused).delete();
    await().atMost(STATUS_TIMEOUT).until(() -> client.resources(ProtectedTable.class)
        .inNamespace(intruderNamespace).withName("orders").get() == null);

    assertThat(aws.count("UpdateContinuousBackups")).as("only the victim's own enable").isEqualTo(1);
    assertThat(aws.count("RestoreTableToPointInTime")).isZero();
    assertThat(pitrOf(table).pointInTimeRecoveryStatusAsString()).isEqualTo("ENABLED");
    assertThat(pitrOf(table).recoveryPeriodInDays()).isEqualTo(35);
    assertThat(get("orders").getStatus().getConditions()).anySatisfy(c -> assertThat(c.getReason())
        .isEqualTo("Protected"));
  }

  @Test
  void whileStsCannotTellTheOperatorsAccountNoClaimIsDecidedAndThenOnlyOneWins() {
    stopOperator();
    // Three SDK attempts per lookup: the first two lookups fail.
    aws.failNext("GetCallerIdentity", 6, Fault.serverError());
    startOperator();
    String table = tableName("orders");
    createTable(table);
    create(protectedTable("orders", table));
    awaitReady("orders", "Protected");
    ProtectedTable byArn = protectedTable("orders", null);
    byArn.getSpec().setTableArn("arn:aws:dynamodb:" + REGION + ":" + OWN_ACCOUNT + ":table/" + table);
    byArn.getSpec().setRecoveryPeriodDays(1);
    createInIntruderNamespace(byArn);

    awaitReadyReasonIn(intruderNamespace, "orders", "Conflict");

    assertThat(aws.count("GetCallerIdentity")).as("asked again after failing").isGreaterThan(6);
    assertThat(pitrOf(table).recoveryPeriodInDays()).isEqualTo(35);
    assertThat(aws.count("UpdateContinuousBackups")).isEqualTo(1);
  }

  @Test
  void aRoleThePolicyDoesNotAllowForTheNamespaceIsNeverAssumed() {
    String table = protectTable("orders");
    ProtectedTable intruder = protectedTable("orders", table);
    intruder.getSpec().setAws(role(TEAM_ROLE));
    aws.clearCalls();
    createInIntruderNamespace(intruder);

    ProtectedTable refused = awaitReadyReasonIn(intruderNamespace, "orders", "RoleNotAllowed");

    assertThat(refused.getStatus().getMessage()).contains(intruderNamespace).contains(TEAM_ROLE);
    assertThat(aws.count("AssumeRole")).isZero();
    assertThat(aws.calls()).as("nothing of the intruder reached AWS")
        .noneMatch(c -> c.requestBody().contains(table) && !c.operation().equals("DescribeContinuousBackups")
            && !c.operation().equals("DescribeTable"));
  }

  @Test
  void anAllowedRoleIsAssumedInASessionNamedAndTaggedAfterTheTenant() {
    try (DynamoDbClient teamAccount = dynamoInOtherAccount(TEAM_ROLE, REGION)) {
      DynamoTables.create(teamAccount, "ledger");
      ProtectedTable pt = protectedTable("ledger", "ledger");
      pt.getSpec().setAws(role(TEAM_ROLE));
      create(pt);

      ProtectedTable ready = awaitReady("ledger", "Protected");

      assertThat(ready.getStatus().getTableArn()).isEqualTo("arn:aws:dynamodb:" + REGION + ":222233334444:table/ledger");
      assertThat(teamAccount.describeContinuousBackups(r -> r.tableName("ledger")).continuousBackupsDescription()
          .pointInTimeRecoveryDescription().pointInTimeRecoveryStatusAsString()).isEqualTo("ENABLED");
      String assumeRole = URLDecoder.decode(aws.calls().stream().filter(c -> c.operation().equals("AssumeRole"))
          .findFirst().orElseThrow().requestBody(), StandardCharsets.UTF_8);
      assertThat(assumeRole).contains("RoleSessionName=tableguard-" + namespace)
          .contains("Tags.member.1.Key=tableguard.io/n").contains("Value=" + namespace).contains("Value=ledger");
    }
  }

  @Test
  void anAssumeRoleRefusalNamesStsAssumeRole() {
    aws.failAlways("AssumeRole", new Fault(403, "AccessDenied", "User: operator is not authorized to perform: "
        + "sts:AssumeRole on resource: " + TEAM_ROLE));
    ProtectedTable pt = protectedTable("ledger", "ledger");
    pt.getSpec().setAws(role(TEAM_ROLE));
    create(pt);

    ProtectedTable denied = awaitReady("ledger", "AccessDenied");

    assertThat(denied.getStatus().getMessage()).contains("AWS denied sts:AssumeRole").doesNotContain("dynamodb:");
  }

  @Test
  void theRoleCannotBeChangedAfterCreation() {
    try (DynamoDbClient teamAccount = dynamoInOtherAccount(TEAM_ROLE, REGION)) {
      DynamoTables.create(teamAccount, "ledger");
    }
    ProtectedTable pt = protectedTable("ledger", "ledger");
    pt.getSpec().setAws(role(TEAM_ROLE));
    create(pt);

    // A merge patch without resourceVersion: only CEL can refuse it, never a conflict with the operator's writes.
    assertThatThrownBy(() -> client.resources(ProtectedTable.class).inNamespace(namespace).withName("ledger")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"aws\":null}}"))
        .isInstanceOf(KubernetesClientException.class).hasMessageContaining("spec.aws.roleArn")
        .hasMessageContaining("immutable");
  }

  /**
   * Nobody protects payroll yet (its owner set 35 days by hand): a namespace the policy does not give it to can
   * neither protect it (and cut the period) nor restore into a name of the owner's, and AWS never hears of it.
   */
  @Test
  void aNamespaceReachesOnlyTheTablesThePolicyGivesIt() {
    String payroll = tableName("payroll");
    createTable(payroll);
    changePitrOutsideOperator(payroll, true, 35);
    intruderNamespace = kube.createNamespace("intruder");
    String ledger = intruderNamespace + "-ledger";
    createTable(ledger);
    ProtectedTable own = protectedTable("ledger", ledger);
    own.getMetadata().setNamespace(intruderNamespace);
    client.resource(own).create();
    awaitReadyReasonIn(intruderNamespace, "ledger", "Protected");
    aws.clearCalls();

    ProtectedTable taking = protectedTable("payroll", payroll);
    taking.getSpec().setRecoveryPeriodDays(1);
    taking.getSpec().setDeletionPolicy(DeletionPolicy.Disable);
    taking.getMetadata().setNamespace(intruderNamespace);
    client.resource(taking).create();
    TableRestore copy = tableRestore("copy", "ledger", tableName("payroll-copy"));
    copy.getMetadata().setNamespace(intruderNamespace);
    client.resource(copy).create();

    ProtectedTable refused = awaitReadyReasonIn(intruderNamespace, "payroll", "TableNotAllowed");
    assertThat(refused.getStatus().getMessage()).contains(intruderNamespace).contains(payroll)
        .contains("nothing was done").contains("access policy");
    await().atMost(STATUS_TIMEOUT).until(() -> phaseIn(intruderNamespace, "copy") == RestorePhase.Failed);
    TableRestore copyFailed = client.resources(TableRestore.class).inNamespace(intruderNamespace).withName("copy")
        .get();
    assertThat(Conditions.reason(copyFailed.getStatus().getConditions(), "Failed")).hasValue("TableNotAllowed");
    client.resource(refused).delete();
    await().atMost(STATUS_TIMEOUT).until(() -> client.resources(ProtectedTable.class)
        .inNamespace(intruderNamespace).withName("payroll").get() == null);
    assertThat(aws.calls()).as("nothing of the intruder's reached AWS for the owner's tables")
        .noneMatch(c -> c.requestBody().contains(payroll));
    assertThat(aws.count("RestoreTableToPointInTime")).isZero();
    assertThat(pitrOf(payroll).recoveryPeriodInDays()).isEqualTo(35);

    create(protectedTable("payroll", payroll));
    awaitReady("payroll", "Protected");
  }

  private void createInIntruderNamespace(ProtectedTable pt) {
    intruderNamespace = kube.createNamespace("intruder");
    pt.getMetadata().setNamespace(intruderNamespace);
    client.resource(pt).create();
  }

  private ProtectedTable awaitReadyReasonIn(String ns, String name, String reason) {
    await().atMost(STATUS_TIMEOUT).until(() -> {
      ProtectedTable pt = client.resources(ProtectedTable.class).inNamespace(ns).withName(name).get();
      return pt.getStatus() != null
          && Conditions.reason(pt.getStatus().getConditions(), Conditions.READY).filter(reason::equals).isPresent();
    });
    return client.resources(ProtectedTable.class).inNamespace(ns).withName(name).get();
  }

  private RestorePhase phaseIn(String ns, String name) {
    TableRestore restore = client.resources(TableRestore.class).inNamespace(ns).withName(name).get();
    return restore.getStatus() == null ? null : restore.getStatus().getPhase();
  }

  private static AwsAccess role(String arn) {
    AwsAccess access = new AwsAccess();
    access.setRoleArn(arn);
    return access;
  }
}
