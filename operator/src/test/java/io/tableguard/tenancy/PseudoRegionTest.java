package io.tableguard.tenancy;

import static io.tableguard.testsupport.TableguardResources.protectedTable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.tableguard.emulator.PitrEmulator;
import io.tableguard.model.protection.ProtectedTable;
import io.tableguard.testsupport.AwsHostnameFront;
import io.tableguard.testsupport.DynamoTables;
import io.tableguard.testsupport.KubeApi;
import io.tableguard.testsupport.OperatorProcesses;
import io.tableguard.testsupport.TableguardResources;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A hostile tenant names the victim's table under a pseudo-region ({@code us-east-1-fips}, {@code fips-us-east-1},
 * {@code local}, {@code dualstack-...}): text that differs from {@code us-east-1}, so no claim would collide, while
 * the AWS SDK resolves it to an endpoint that serves the same tables. Tested as the tenant meets it in AWS: the
 * operator runs as its own process with no endpoint override, so its SDK resolves AWS's real host names, which a
 * local TLS front answers on 127.0.0.1 and forwards to the emulator.
 */
class PseudoRegionTest {
  private static final Duration STARTUP = Duration.ofSeconds(90);
  /** The emulator's account, as its STS tells the operator. */
  private static final String ACCOUNT = "000000000000";
  private static final String VICTIM_HOST = "dynamodb.us-east-1.amazonaws.com";
  private static final List<String> AWS_HOSTS = List.of(VICTIM_HOST, "dynamodb-fips.us-east-1.amazonaws.com",
      "dynamodb.us-east-1.api.aws", "dynamodb-fips.us-east-1.api.aws", ACCOUNT + ".ddb.us-east-1.amazonaws.com",
      "sts.us-east-1.amazonaws.com", "sts.amazonaws.com", "sts-fips.us-east-1.amazonaws.com",
      "application-autoscaling.us-east-1.amazonaws.com");

  @RegisterExtension
  final OperatorProcesses operators = new OperatorProcesses();

  private final KubeApi kube = KubeApi.shared();
  private final KubernetesClient client = kube.client();
  private PitrEmulator emulator;
  private AwsHostnameFront front;
  private DynamoDbClient dynamo;
  private String victim;
  private String intruder;

  @BeforeEach
  void startWorld() {
    emulator = new PitrEmulator(PitrEmulator.Options.defaults());
    front = AwsHostnameFront.start(AWS_HOSTS, emulator.endpoint());
    dynamo = DynamoTables.client(emulator.endpoint());
    victim = kube.createNamespace("victim");
    intruder = kube.createNamespace("intruder");
    Map<String, String> env = new LinkedHashMap<>();
    env.put("TABLEGUARD_AWS_ENDPOINT", "");
    env.put("TABLEGUARD_LEADER_ELECTION", "false");
    env.put("JAVA_TOOL_OPTIONS", String.join(" ", front.jvmOptions()));
    operators.start("real-endpoints", emulator.endpoint(), env).awaitReady(STARTUP);
  }

  @AfterEach
  void stopWorld() {
    kube.deleteTableguardResources(intruder);
    kube.deleteTableguardResources(victim);
    front.close();
    dynamo.close();
    emulator.close();
  }

  @Test
  void aPseudoRegionIsRefusedByTheApiServerAndTheVictimsCallsReachItsRealRegion() {
    DynamoTables.create(dynamo, "orders");
    TableguardResources victims = new TableguardResources(client, victim);
    victims.create(protectedTable("orders", "orders"));
    ProtectedTable protectedOrders = victims.awaitReady("orders", "Protected");

    Map<String, String> accepted = new LinkedHashMap<>();
    Map<String, String> refusals = new LinkedHashMap<>();
    int n = 0;
    for (String pseudo : List.of("us-east-1-fips", "fips-us-east-1", "local", "dualstack-us-east-1")) {
      ProtectedTable byArn = protectedTable("arn-" + n, null);
      byArn.getSpec().setTableArn("arn:aws:dynamodb:" + pseudo + ":" + ACCOUNT + ":table/orders");
      byArn.getSpec().setRecoveryPeriodDays(1);
      tryCreate(byArn, "spec.tableArn", accepted, refusals);
      ProtectedTable byRegion = protectedTable("region-" + n++, "orders");
      byRegion.getSpec().setRegion(pseudo);
      byRegion.getSpec().setRecoveryPeriodDays(1);
      tryCreate(byRegion, "spec.region", accepted, refusals);
    }
    if (!accepted.isEmpty()) {
      // What an accepted one does: the operator acts on it (the FIPS forms reach the victim's table; local and
      // dual-stack names resolve nowhere here); the assertion below then says what it reached.
      await().atMost(STARTUP).until(() -> client.resources(ProtectedTable.class).inNamespace(intruder).list()
          .getItems().stream().anyMatch(pt -> pt.getStatus() != null && pt.getStatus().getTableArn() != null));
    }

    assertThat(accepted).as("hostile specs the API server accepted, then the hosts the operator called: "
        + front.hostsAskedFor().stream().distinct().toList() + ", and the victim's recovery period: "
        + periodOf("orders")).isEmpty();
    assertThat(refusals).as("refused, each naming its field").hasSize(8);
    assertThat(front.hostsAskedFor()).as("the victim's DynamoDB calls, resolved as in AWS").contains(VICTIM_HOST)
        .allMatch(h -> h.equals(VICTIM_HOST) || h.startsWith("sts."), "only us-east-1's DynamoDB and STS");
    assertThat(protectedOrders.getStatus().getTableArn()).as("the answered ARN, in the region the call was signed for")
        .isEqualTo("arn:aws:dynamodb:us-east-1:" + ACCOUNT + ":table/orders");
    assertThat(periodOf("orders")).isEqualTo(35);
    System.out.println("PseudoRegionTest: hosts the operator called: " + front.hostsAskedFor().stream().distinct()
        .toList() + "; refused: " + refusals.keySet());
  }

  private void tryCreate(ProtectedTable pt, String field, Map<String, String> accepted, Map<String, String> refusals) {
    pt.getMetadata().setNamespace(intruder);
    String what = field + "=" + (pt.getSpec().getTableArn() != null ? pt.getSpec().getTableArn()
        : pt.getSpec().getRegion());
    try {
      client.resource(pt).create();
      accepted.put(what, "accepted");
    } catch (KubernetesClientException refused) {
      assertThat(refused.getMessage()).as(what).contains(field);
      refusals.put(what, refused.getMessage());
    }
  }

  private int periodOf(String table) {
    return dynamo.describeContinuousBackups(r -> r.tableName(table)).continuousBackupsDescription()
        .pointInTimeRecoveryDescription().recoveryPeriodInDays();
  }

}
