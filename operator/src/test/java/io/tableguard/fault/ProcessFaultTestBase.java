package io.tableguard.fault;

import static io.tableguard.testsupport.TableguardResources.protectedTable;

import io.tableguard.emulator.PitrEmulator;
import io.tableguard.testsupport.AwsFaultProxy;
import io.tableguard.testsupport.AwsFaultProxy.RecordedCall;
import io.tableguard.testsupport.DynamoTables;
import io.tableguard.testsupport.KubeApi;
import io.tableguard.testsupport.OperatorProcess;
import io.tableguard.testsupport.OperatorProcesses;
import io.tableguard.testsupport.PhaseRecorder;
import io.tableguard.testsupport.TableguardResources;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The operator as processes of their own (so they can be SIGKILLed) against the shared API server and a
 * time-faithful emulator behind the holding proxy; every TableRestore phase of the namespace is recorded.
 */
abstract class ProcessFaultTestBase {
  static final String RESTORE = "RestoreTableToPointInTime";
  static final Duration STARTUP = Duration.ofSeconds(90);

  @RegisterExtension
  final OperatorProcesses operators = new OperatorProcesses();

  final KubeApi kube = KubeApi.shared();
  PitrEmulator emulator;
  AwsFaultProxy aws;
  DynamoDbClient dynamo;
  String namespace;
  TableguardResources resources;
  PhaseRecorder phases;

  /** How long a restored table stays CREATING: the window in which a kill lands "mid-restore". */
  Duration restoreDelay() {
    return Duration.ofSeconds(2);
  }

  @BeforeEach
  void startWorld() {
    emulator = new PitrEmulator(PitrEmulator.Options.defaults().withRestoreDelay(restoreDelay()));
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

  /** One operator process, without leader election: the next one may start the moment this one dies. */
  OperatorProcess startAlone(String name) {
    return operators.start(name, aws.endpoint(), Map.of("TABLEGUARD_LEADER_ELECTION", "false"))
        .awaitReady(STARTUP);
  }

  /** A candidate for this test's own Lease (a killed leader's Lease elsewhere would hold up other tests). */
  OperatorProcess startCandidate(String name) {
    Map<String, String> env = new HashMap<>();
    env.put("TABLEGUARD_LEADER_ELECTION", "true");
    env.put("TABLEGUARD_LEADER_ELECTION_NAMESPACE", namespace);
    return operators.start(name, aws.endpoint(), env);
  }

  /** A table with PITR on, protected by a ProtectedTable of the same name; returns the table's name. */
  String protectTable(String name) {
    String table = namespace + "-" + name;
    DynamoTables.create(dynamo, table);
    resources.create(protectedTable(name, table));
    resources.awaitReady(name, "Protected");
    return table;
  }

  /** Restores AWS carried out into the given target table. */
  long restoresInto(String targetTable) {
    return aws.calls().stream().filter(c -> c.operation().equals(RESTORE))
        .filter(RecordedCall::acceptedByAws)
        .filter(c -> c.requestBody().contains("\"" + targetTable + "\""))
        .count();
  }
}
