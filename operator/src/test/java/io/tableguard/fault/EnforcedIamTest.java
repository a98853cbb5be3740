package io.tableguard.fault;

import static io.tableguard.testsupport.TableguardResources.protectedTable;
import static io.tableguard.testsupport.TableguardResources.tableRestore;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tableguard.model.protection.ProtectedTable;
import io.tableguard.model.restore.RestorePhase;
import io.tableguard.model.restore.TableRestore;
import io.tableguard.testsupport.DynamoTables;
import io.tableguard.testsupport.KubeApi;
import io.tableguard.testsupport.OperatorProcess;
import java.nio.file.Files;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * The operator, as its own process, with the credentials of a role whose identity policy is exactly
 * examples/iam-policy.json, against the emulator enforcing it: protecting and restoring work under that policy
 * alone, and without one of its actions the feature that needs it fails with AccessDenied naming the action.
 */
class EnforcedIamTest extends ProcessFaultTestBase {
  private static final String ROLE = "arn:aws:iam::000000000000:role/tableguard-operator";
  private static final ObjectMapper JSON = new ObjectMapper();

  @AfterEach
  void enforcementOff() {
    emulator.enforcePermissions(false);
  }

  @Test
  void protectsAndRestoresUnderExactlyTheExamplePolicy() throws Exception {
    OperatorProcess operator = startUnder(policy(null));
    String table = namespace + "-orders";
    DynamoTables.create(dynamo, table);
    resources.create(protectedTable("orders", table));
    resources.awaitReady("orders", "Protected");
    resources.create(tableRestore("copy", "orders", namespace + "-copy"));

    TableRestore done = resources.awaitPhase("copy", RestorePhase.Completed);

    assertThat(done.getStatus().getAppliedSettings()).allSatisfy(a -> assertThat(a.getResult()).isNotEqualTo("Failed"));
    assertThat(operator.isAlive()).isTrue();
  }

  @Test
  void withoutUpdateContinuousBackupsProtectionFailsNamingTheAction() throws Exception {
    startUnder(policy("dynamodb:UpdateContinuousBackups"));
    String table = namespace + "-ledger";
    DynamoTables.create(dynamo, table);
    resources.create(protectedTable("ledger", table));

    ProtectedTable denied = resources.awaitReady("ledger", "AccessDenied");

    assertThat(denied.getStatus().getMessage()).contains("dynamodb:UpdateContinuousBackups");
  }

  /** Defines the role with the policy, turns enforcement on, and starts the operator with a session of it. */
  private OperatorProcess startUnder(String policy) {
    emulator.defineRole(ROLE, policy, Set.of("arn:aws:iam::000000000000:user/testing"));
    emulator.enforcePermissions(true);
    Credentials session;
    try (StsClient sts = StsClient.builder().endpointOverride(emulator.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .build()) {
      session = sts.assumeRole(r -> r.roleArn(ROLE).roleSessionName("tableguard-operator")).credentials();
    }
    return operators.start("iam-enforced", aws.endpoint(), Map.of("TABLEGUARD_LEADER_ELECTION", "false",
        "AWS_ACCESS_KEY_ID", session.accessKeyId(), "AWS_SECRET_ACCESS_KEY", session.secretAccessKey(),
        "AWS_SESSION_TOKEN", session.sessionToken())).awaitReady(STARTUP);
  }

  /** examples/iam-policy.json, as it is or without one action. */
  private static String policy(String without) throws Exception {
    JsonNode policy = JSON.readTree(Files.readString(KubeApi.repoRoot().resolve("examples/iam-policy.json")));
    if (without != null) {
      for (JsonNode statement : policy.path("Statement")) {
        ArrayNode actions = (ArrayNode) statement.path("Action");
        for (int i = actions.size() - 1; i >= 0; i--) {
          if (actions.get(i).asText().equals(without)) {
            actions.remove(i);
          }
        }
      }
    }
    return JSON.writeValueAsString((ObjectNode) policy);
  }
}
