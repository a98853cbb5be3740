package io.tableguard.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.resourcegroupstaggingapi.ResourceGroupsTaggingApiClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * Each account and Region has its own tables, PITR history, backups and tags, as in AWS: the account comes from the
 * credentials (a configured access key, or an STS session's role), the Region from the signature, and ARNs name
 * both. Keys nobody configured share the default account, as before there were accounts.
 */
class AccountsAndRegionsTest extends EmulatorTestBase {
  private static final String TEAM_B_KEY = "AKIATEAMB";
  private static final String TEAM_B = "111122223333";
  private static final String ROLE_IN_C = "arn:aws:iam::444455556666:role/tableguard";

  @Override
  Duration restoreDelay() {
    return Duration.ZERO;
  }

  @Override
  PitrEmulator.Options options() {
    return super.options().withAccount(TEAM_B_KEY, TEAM_B);
  }

  @Test
  void keysNobodyConfiguredShareTheDefaultAccount() {
    EmulatorClients.createTable(dynamo, "shared");
    try (DynamoDbClient someoneElse = client(DynamoDbClient.builder(), key("AKIAOTHER"), Region.US_EAST_1);
        StsClient sts = client(StsClient.builder(), key("AKIAOTHER"), Region.US_EAST_1)) {
      assertThat(someoneElse.describeTable(r -> r.tableName("shared")).table().tableArn())
          .isEqualTo("arn:aws:dynamodb:us-east-1:000000000000:table/shared");
      assertThat(sts.getCallerIdentity().account()).isEqualTo("000000000000");
    }
  }

  @Test
  void aConfiguredKeyIsItsAccountWithTablesOfItsOwn() {
    EmulatorClients.createTable(dynamo, "orders");
    dynamo.putItem(r -> r.tableName("orders").item(Map.of("pk", s("default-only"))));
    try (DynamoDbClient teamB = client(DynamoDbClient.builder(), key(TEAM_B_KEY), Region.US_EAST_1);
        StsClient sts = client(StsClient.builder(), key(TEAM_B_KEY), Region.US_EAST_1)) {
      assertThat(sts.getCallerIdentity().account()).isEqualTo(TEAM_B);
      assertThat(sts.getCallerIdentity().arn()).isEqualTo("arn:aws:iam::111122223333:user/AKIATEAMB");
      assertThat(teamB.listTables().tableNames()).doesNotContain("orders");

      String arn = EmulatorClients.createTable(teamB, "orders").tableArn();
      teamB.putItem(r -> r.tableName("orders").item(Map.of("pk", s("team-b-only"))));

      assertThat(arn).isEqualTo("arn:aws:dynamodb:us-east-1:111122223333:table/orders");
      assertThat(keys(teamB, "orders")).containsExactly("team-b-only");
      assertThat(keys(dynamo, "orders")).containsExactly("default-only");
      assertThat(teamB.describeTable(r -> r.tableName(arn)).table().tableName()).as("its own ARN names it")
          .isEqualTo("orders");
    }
  }

  @Test
  void eachRegionOfAnAccountHasTablesOfItsOwn() {
    EmulatorClients.createTable(dynamo, "regional");
    try (DynamoDbClient ireland = client(DynamoDbClient.builder(), key("testing"), Region.EU_WEST_1)) {
      assertThatThrownBy(() -> ireland.describeTable(r -> r.tableName("regional")))
          .isInstanceOf(ResourceNotFoundException.class);
      assertThat(EmulatorClients.createTable(ireland, "regional").tableArn())
          .isEqualTo("arn:aws:dynamodb:eu-west-1:000000000000:table/regional");
      assertThat(dynamo.describeTable(r -> r.tableName("regional")).table().tableArn())
          .isEqualTo("arn:aws:dynamodb:us-east-1:000000000000:table/regional");
    }
  }

  @Test
  void anStsSessionActsInItsRolesAccount() {
    Credentials session;
    try (StsClient sts = EmulatorClients.client(StsClient.builder(), emulator)) {
      session = sts.assumeRole(r -> r.roleArn(ROLE_IN_C).roleSessionName("operator")).credentials();
    }
    AwsSessionCredentials credentials = AwsSessionCredentials.create(session.accessKeyId(),
        session.secretAccessKey(), session.sessionToken());
    try (DynamoDbClient inC = client(DynamoDbClient.builder(), credentials, Region.US_EAST_1)) {
      String arn = EmulatorClients.createTable(inC, "ledger").tableArn();

      assertThat(arn).isEqualTo("arn:aws:dynamodb:us-east-1:444455556666:table/ledger");
      assertThat(dynamo.listTables().tableNames()).doesNotContain("ledger");
    }
  }

  @Test
  void anotherAccountsTableIsRefusedAsAwsRefusesItWithoutAResourcePolicy() {
    try (DynamoDbClient teamB = client(DynamoDbClient.builder(), key(TEAM_B_KEY), Region.US_EAST_1)) {
      String victim = EmulatorClients.createTable(teamB, "payroll").tableArn();

      assertThatThrownBy(() -> dynamo.updateContinuousBackups(r -> r.tableName(victim)
          .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(false))))
          .isInstanceOf(DynamoDbException.class)
          .satisfies(e -> assertThat(((DynamoDbException) e).awsErrorDetails().errorCode())
              .isEqualTo("AccessDeniedException"))
          .hasMessageContaining("User: arn:aws:iam::000000000000:user/testing is not authorized to perform: "
              + "dynamodb:UpdateContinuousBackups on resource: " + victim
              + " because no resource-based policy allows the dynamodb:UpdateContinuousBackups action");
    }
  }

  @Test
  void pitrBackupsAndTagsBelongToTheirAccount() {
    try (DynamoDbClient teamB = client(DynamoDbClient.builder(), key(TEAM_B_KEY), Region.US_EAST_1);
        ResourceGroupsTaggingApiClient teamBTags = client(ResourceGroupsTaggingApiClient.builder(), key(TEAM_B_KEY),
            Region.US_EAST_1);
        ResourceGroupsTaggingApiClient defaultTags = EmulatorClients.client(ResourceGroupsTaggingApiClient.builder(),
            emulator)) {
      String arn = EmulatorClients.createTable(teamB, "invoices").tableArn();
      EmulatorClients.createTable(dynamo, "invoices");
      teamB.updateContinuousBackups(r -> r.tableName("invoices")
          .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
      teamB.putItem(r -> r.tableName("invoices").item(Map.of("pk", s("i-1"))));
      clock.advance(Duration.ofSeconds(2));
      teamB.tagResource(r -> r.resourceArn(arn).tags(t -> t.key("team").value("b")));
      String backup = teamB.createBackup(r -> r.tableName("invoices").backupName("invoices-b1")).backupDetails().backupArn();

      assertThat(backup).startsWith(arn + "/backup/");
      assertThat(dynamo.describeContinuousBackups(r -> r.tableName("invoices")).continuousBackupsDescription()
          .pointInTimeRecoveryDescription().pointInTimeRecoveryStatusAsString()).isEqualTo("DISABLED");
      assertThat(dynamo.listBackups(r -> r.tableName("invoices")).backupSummaries()).isEmpty();
      assertThat(teamB.listBackups(r -> r.tableName("invoices")).backupSummaries()).hasSize(1);
      assertThat(defaultTags.getResources(r -> r.resourceTypeFilters("dynamodb:table")).resourceTagMappingList())
          .noneMatch(m -> m.resourceARN().equals(arn));
      assertThat(teamBTags.getResources(r -> r.resourceTypeFilters("dynamodb:table")).resourceTagMappingList())
          .anyMatch(m -> m.resourceARN().equals(arn));

      var restored = teamB.restoreTableToPointInTime(r -> r.sourceTableName("invoices")
          .targetTableName("invoices-restored").useLatestRestorableTime(true)).tableDescription();
      EmulatorClients.awaitActive(teamB, "invoices-restored");

      assertThat(restored.tableArn()).isEqualTo("arn:aws:dynamodb:us-east-1:111122223333:table/invoices-restored");
      assertThat(restored.restoreSummary().sourceTableArn()).isEqualTo(arn);
      assertThat(keys(teamB, "invoices-restored")).containsExactly("i-1");
      assertThat(dynamo.listTables().tableNames()).doesNotContain("invoices-restored");
    }
  }

  private static List<String> keys(DynamoDbClient client, String table) {
    return client.scan(r -> r.tableName(table).consistentRead(true)).items().stream()
        .map(i -> i.get("pk").s()).toList();
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  private static AwsCredentials key(String accessKeyId) {
    return AwsBasicCredentials.create(accessKeyId, "secret");
  }

  private <B extends AwsClientBuilder<B, C>, C> C client(B builder, AwsCredentials credentials, Region region) {
    return builder.endpointOverride(emulator.endpoint()).region(region)
        .credentialsProvider(StaticCredentialsProvider.create(credentials)).build();
  }
}
