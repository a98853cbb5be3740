package io.tableguard.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.StsException;

/** A role session reaches only what its role's and its session's policies allow, refused as AWS refuses it. */
class PermissionsTest extends EmulatorTestBase {
  private static final String ROLE = "arn:aws:iam::000000000000:role/tableguard-team";
  private static final String OPERATOR = "arn:aws:iam::000000000000:user/testing";
  private static final String ROLE_POLICY = """
      {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:Describe*"],
         "Resource": "arn:aws:dynamodb:*:*:table/team-*"},
        {"Effect": "Deny", "Action": "dynamodb:*", "Resource": "arn:aws:dynamodb:*:*:table/team-secret"}]}
      """;

  @Override
  Duration restoreDelay() {
    return Duration.ZERO;
  }

  @AfterEach
  void enforcementOff() {
    emulator.enforcePermissions(false);
  }

  @Test
  void aSessionReachesWhatBothPoliciesAllowAndNothingADenyNames() {
    for (String table : new String[] {"team-orders", "team-secret", "payroll"}) {
      EmulatorClients.createTable(dynamo, table);
    }
    emulator.defineRole(ROLE, ROLE_POLICY, Set.of(OPERATOR));
    emulator.enforcePermissions(true);

    try (DynamoDbClient session = session(null)) {
      put(session, "team-orders");
      assertThat(session.getItem(r -> r.tableName("team-orders").key(key())).item()).isNotEmpty();
      assertThatThrownBy(() -> put(session, "payroll")).isInstanceOf(DynamoDbException.class)
          .hasMessageContaining("is not authorized to perform: dynamodb:PutItem on resource: "
              + "arn:aws:dynamodb:us-east-1:000000000000:table/payroll")
          .satisfies(e -> assertThat(((DynamoDbException) e).awsErrorDetails().errorCode())
              .isEqualTo("AccessDeniedException"));
      assertThatThrownBy(() -> put(session, "team-secret")).hasMessageContaining("explicit deny");
      assertThatThrownBy(() -> session.deleteItem(r -> r.tableName("team-orders").key(key())))
          .hasMessageContaining("dynamodb:DeleteItem");
    }
    try (DynamoDbClient narrowed = session("""
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "*"}]}
        """)) {
      assertThat(narrowed.getItem(r -> r.tableName("team-orders").key(key())).item()).isNotEmpty();
      assertThatThrownBy(() -> put(narrowed, "team-orders")).hasMessageContaining("no session policy allows");
    }
    put(dynamo, "payroll");
  }

  @Test
  void onlyTheTrustedMayAssumeTheRole() {
    emulator.defineRole(ROLE, ROLE_POLICY, Set.of("arn:aws:iam::000000000000:user/someone-else"));
    emulator.enforcePermissions(true);

    try (StsClient sts = EmulatorClients.client(StsClient.builder(), emulator)) {
      assertThatThrownBy(() -> sts.assumeRole(r -> r.roleArn(ROLE).roleSessionName("tableguard-team")))
          .isInstanceOf(StsException.class).hasMessageContaining("not authorized to perform: sts:AssumeRole")
          .hasMessageContaining(OPERATOR);
      assertThatThrownBy(() -> sts.assumeRole(r -> r.roleArn("arn:aws:iam::000000000000:role/undefined")
          .roleSessionName("x1"))).hasMessageContaining("sts:AssumeRole");
    }
  }

  private DynamoDbClient session(String sessionPolicy) {
    Credentials credentials;
    try (StsClient sts = EmulatorClients.client(StsClient.builder(), emulator)) {
      credentials = sts.assumeRole(r -> r.roleArn(ROLE).roleSessionName("tableguard-team").policy(sessionPolicy))
          .credentials();
    }
    return DynamoDbClient.builder().endpointOverride(emulator.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(
            credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken())))
        .build();
  }

  private static void put(DynamoDbClient client, String table) {
    client.putItem(r -> r.tableName(table).item(Map.of("pk", AttributeValue.fromS("k1"))));
  }

  private static Map<String, AttributeValue> key() {
    return Map.of("pk", AttributeValue.fromS("k1"));
  }
}
