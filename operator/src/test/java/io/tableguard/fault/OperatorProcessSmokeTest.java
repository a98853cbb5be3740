package io.tableguard.fault;

import static io.tableguard.testsupport.TableguardResources.protectedTable;
import static io.tableguard.testsupport.TableguardResources.tableRestore;
import static org.assertj.core.api.Assertions.assertThat;

import io.tableguard.emulator.PitrEmulator;
import io.tableguard.model.RestorePhase;
import io.tableguard.testsupport.AwsFaultProxy;
import io.tableguard.testsupport.AwsFaultProxy.Hold;
import io.tableguard.testsupport.AwsFaultProxy.HoldPoint;
import io.tableguard.testsupport.AwsFaultProxy.RecordedCall;
import io.tableguard.testsupport.DynamoTables;
import io.tableguard.testsupport.KubeApi;
import io.tableguard.testsupport.OperatorProcess;
import io.tableguard.testsupport.OperatorProcesses;
import io.tableguard.testsupport.PhaseRecorder;
import io.tableguard.testsupport.TableguardResources;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The operator as a process of its own, SIGKILLed while its restore request is held at the AWS proxy: proves
 * the fault-test support end to end, and that a restore AWS never heard of is asked for once by the next
 * process.
 */
class OperatorProcessSmokeTest {
  private static final String RESTORE = "RestoreTableToPointInTime";
  private static final Duration STARTUP = Duration.ofSeconds(90);

  @RegisterExtension
  final OperatorProcesses operators = new OperatorProcesses();

  private final KubeApi kube = KubeApi.shared();
  private PitrEmulator emulator;
  private AwsFaultProxy aws;
  private DynamoDbClient dynamo;
  private String namespace;
  private TableguardResources resources;
  private PhaseRecorder phases;

  @BeforeEach
  void startWorld() {
    emulator = new PitrEmulator(PitrEmulator.Options.defaults().withRestoreDelay(Duration.ofSeconds(2)));
    aws = AwsFaultProxy.start(emulator.endpoint());
    dynamo = DynamoTables.client(emulator.endpoint());
    namespace = kube.createNamespace(getClass().getSimpleName());
    resources = new TableguardResources(kube.client(), namespace);
    phases = PhaseRecorder.watch(kube.client(), namespace);
  }

  @AfterEach
  void stopWorld() {
    kube.deleteTableguardResources(namespace);
    phases.close();
    aws.close();
    dynamo.close();
    emulator.close();
  }

  @Test
  void aRestoreRequestThatDiedWithItsOperatorIsAskedForOnceByTheNext() {
    OperatorProcess first = operators.start("first", aws.endpoint(), leaseHere()).awaitReady(STARTUP);
    String table = namespace + "-orders";
    DynamoTables.create(dynamo, table);
    resources.create(protectedTable("orders", table));
    resources.awaitReady("orders", "Protected");
    Hold restoreCall = aws.holdNext(RESTORE, HoldPoint.BEFORE_FORWARD);

    resources.create(tableRestore("copy", "orders", namespace + "-copy"));
    restoreCall.awaitHeld(Duration.ofSeconds(60));
    first.kill();
    restoreCall.drop();
    // It leads, and reconciles, only once the killed one's Lease has run out (15 s).
    operators.start("second", aws.endpoint(), leaseHere()).awaitReady(STARTUP);

    resources.awaitPhase("copy", RestorePhase.Completed);
    assertThat(aws.calls().stream().filter(c -> c.operation().equals(RESTORE)).map(RecordedCall::forwarded))
        .as("the held call is recorded, and AWS never saw it").first().isEqualTo(false);
    assertThat(aws.forwardedCount(RESTORE)).as("AWS restored exactly once").isEqualTo(1);
    assertThat(phases.phases("copy")).as("seen by the watch").contains(RestorePhase.Restoring)
        .endsWith(RestorePhase.Completed);
    phases.assertNoPhaseWentBackwards();
  }

  /** A Lease of this test's own: a killed leader's Lease elsewhere would hold up other tests' operators. */
  private Map<String, String> leaseHere() {
    return Map.of("TABLEGUARD_LEADER_ELECTION_NAMESPACE", namespace);
  }
}
