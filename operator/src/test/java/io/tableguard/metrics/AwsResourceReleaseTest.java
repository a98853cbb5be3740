package io.tableguard.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tableguard.config.AccessPolicy;
import io.tableguard.config.OperatorSettings;
import io.tableguard.model.AwsAccess;
import io.tableguard.model.protection.ProtectedTable;
import io.tableguard.testsupport.AwsFaultProxy.Hold;
import io.tableguard.testsupport.AwsFaultProxy.HoldPoint;
import io.tableguard.testsupport.DynamoTables;
import io.tableguard.testsupport.OperatorTestBase;
import io.tableguard.testsupport.PrometheusText;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What a resource made goes with it: the AWS clients, role sessions, request budgets and metric series of the
 * regions and role sessions of deleted ProtectedTables are released, so creating and deleting resources leaves
 * the operator as it found it.
 */
class AwsResourceReleaseTest extends OperatorTestBase {
  private static final String TEAM_ROLE_PREFIX = "arn:aws:iam::222233334444:role/team-";
  private static final List<String> REGIONS = List.of("us-east-2", "us-west-1", "us-west-2", "eu-west-1",
      "eu-central-1", "ap-southeast-2");
  private static final int ROLES = 6;
  /** Shorter than a check interval: a client is evicted between checks unless a call holds it. */
  private static final Duration SHORT_IDLE = Duration.ofSeconds(2);

  private final Duration idleTimeout;

  AwsResourceReleaseTest(TestInfo test) {
    // Checks every 10 s keep a live resource's clients well within 20 s of idle time.
    idleTimeout = test.getTestMethod().orElseThrow().getName().startsWith("aClientWithACallInFlight")
        ? SHORT_IDLE : Duration.ofSeconds(20);
  }

  @Override
  protected OperatorSettings settings() {
    return super.settings().withAwsClientIdleTimeout(idleTimeout)
        .withAccessPolicy(AccessPolicy.parse("rules: [{namespaces: [" + namespace + "], roleArns: ['"
            + TEAM_ROLE_PREFIX + "*'], operatorCredentials: true}]"));
  }

  @Test
  void clientsRoleSessionsAndSeriesOfDeletedResourcesAreReleased() throws Exception {
    List<String> names = new ArrayList<>();
    for (String region : REGIONS) {
      String table = tableName("t");
      try (DynamoDbClient regional = regionalClient(region)) {
        DynamoTables.create(regional, table);
      }
      ProtectedTable pt = protectedTable("in-" + region, table);
      pt.getSpec().setRegion(region);
      pt.getSpec().setCheckInterval("10s");
      names.add(create(pt).getMetadata().getName());
    }
    for (int i = 0; i < ROLES; i++) {
      String role = TEAM_ROLE_PREFIX + i;
      try (DynamoDbClient teamAccount = dynamoInOtherAccount(role, REGION)) {
        DynamoTables.create(teamAccount, "ledger-" + i);
      }
      ProtectedTable pt = protectedTable("role-" + i, "ledger-" + i);
      AwsAccess access = new AwsAccess();
      access.setRoleArn(role);
      pt.getSpec().setAws(access);
      names.add(create(pt).getMetadata().getName());
    }
    names.forEach(name -> awaitReady(name, "Protected"));
    PrometheusText busy = scrapeMetrics();
    assertThat(busy.samples("tableguard_check_budget_utilization")).as("one series per account and region in use")
        .hasSize(REGIONS.size() + 1);

    names.forEach(name -> client.resources(ProtectedTable.class).inNamespace(namespace).withName(name).delete());

    await().atMost(STATUS_TIMEOUT).untilAsserted(() -> {
      PrometheusText idle = scrapeMetrics();
      assertThat(idle.samples("tableguard_check_budget_utilization")).as("series of deleted resources").isEmpty();
      assertThat(clients(idle, "dynamodb")).as("live DynamoDB clients").isZero();
      assertThat(clients(idle, "role_session")).as("live role sessions").isZero();
    });
    assertThat(clients(busy, "dynamodb")).as("one DynamoDB client per region and per role session")
        .isEqualTo(REGIONS.size() + ROLES);
    assertThat(clients(busy, "role_session")).isEqualTo(ROLES);
    System.out.println("AwsResourceReleaseTest: " + busy.samples("tableguard_aws_clients") + " released to "
        + scrapeMetrics().samples("tableguard_aws_clients"));
  }

  @Test
  void aClientWithACallInFlightIsNeverClosedUnderIt() throws Exception {
    String table = tableName("orders");
    createTable(table);
    ProtectedTable pt = protectedTable("orders", table);
    pt.getSpec().setCheckInterval("10s");
    create(pt);
    String checkedAt = awaitReady("orders", "Protected").getStatus().getLastCheckTime();
    Hold hold = aws.holdNext("DescribeContinuousBackups", HoldPoint.BEFORE_FORWARD).awaitHeld(STATUS_TIMEOUT);

    // The held call outlasts the idle timeout several times over, with the sweeper running each second.
    Thread.sleep(SHORT_IDLE.multipliedBy(3).toMillis());
    double duringTheCall = clients(scrapeMetrics(), "dynamodb");
    hold.release();

    assertThat(duringTheCall).as("the client of the call in flight").isEqualTo(1);
    ProtectedTable after = awaitStatus("orders", p -> !checkedAt.equals(p.getStatus().getLastCheckTime()));
    assertThat(after.getStatus().getConditions()).anySatisfy(c -> assertThat(c.getReason()).isEqualTo("Protected"));
    await().atMost(STATUS_TIMEOUT).untilAsserted(() -> assertThat(clients(scrapeMetrics(), "dynamodb"))
        .as("closed once idle between two checks").isZero());
  }

  private static double clients(PrometheusText metrics, String kind) {
    return metrics.value("tableguard_aws_clients", Map.of("client", kind)).orElse(-1);
  }

  private DynamoDbClient regionalClient(String region) {
    URI endpoint = aws.endpoint();
    return DynamoDbClient.builder().endpointOverride(endpoint).region(Region.of(region))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .build();
  }
}
