package io.tableguard.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tableguard.TableguardOperator;
import io.tableguard.model.restore.RestorePhase;
import io.tableguard.testsupport.AwsFaultProxy.Hold;
import io.tableguard.testsupport.AwsFaultProxy.HoldPoint;
import io.tableguard.testsupport.OperatorTestBase;
import io.tableguard.testsupport.PhaseRecorder;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, suspected: "status patches are server-side applies without a resourceVersion, so a stale writer could
 * set an older phase". Two operators act on one namespace, as an old leader still running for a moment and its
 * successor do. One is held in the middle of starting a restore, on the version it decided on (Pending); the
 * other runs the same restore to Completed meanwhile. When the held one goes on, its write of the restore request
 * must be refused by the API server, not set Restoring over Completed, and AWS must hear of one restore only.
 */
class StaleStatusWriterTest extends OperatorTestBase {

  @Override
  protected boolean timeFaithfulAws() {
    return true;
  }

  @Test
  void aWriterThatDecidedOnAnOlderVersionCannotSetAnOlderPhase() {
    protectTable("orders");
    try (PhaseRecorder phases = PhaseRecorder.watch(client, namespace);
        TableguardOperator successor = new TableguardOperator(settings(), kube.newRecordedClient()).start()) {
      // Reading the source's settings is the last step before the request is written to status.
      Hold stale = aws.holdNext("DescribeTimeToLive", HoldPoint.BEFORE_FORWARD);
      create(tableRestore("copy", "orders", tableName("copy")));
      stale.awaitHeld(STATUS_TIMEOUT);
      awaitPhase("copy", RestorePhase.Completed);

      stale.release();

      await().during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(20))
          .until(() -> getRestore("copy").getStatus().getPhase() == RestorePhase.Completed);
      phases.assertNoPhaseWentBackwards();
      assertThat(aws.count("RestoreTableToPointInTime")).as("restore calls AWS heard").isEqualTo(1);
    }
  }
}
