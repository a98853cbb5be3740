package io.tableguard.fault;

import static io.tableguard.testsupport.TableguardResources.tableRestore;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.tableguard.model.restore.RestorePhase;
import io.tableguard.model.restore.TableRestore;
import io.tableguard.testsupport.OperatorProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Two operator processes share one Lease, as two replicas in a rolling update do. Only the leader acts; when
 * it is SIGKILLed mid-restore the other takes the Lease once it runs out and finishes the restore, with one
 * restore in AWS, one set of Events, and no phase going backwards.
 */
class LeaderElectionTest extends ProcessFaultTestBase {
  private static final String LEASE = "tableguard-operator";
  /** JOSDK's lease duration; a successor may take over once this has passed since the last renewal. */
  private static final Duration LEASE_DURATION = LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE;

  @Override
  Duration restoreDelay() {
    // Long enough for the kill and the takeover to land while AWS is still creating the table.
    return Duration.ofSeconds(20);
  }

  @Test
  void theStandbyTakesOverFromAKilledLeaderAndFinishesTheRestoreOnce() {
    OperatorProcess first = startCandidate("candidate-a");
    OperatorProcess second = startCandidate("candidate-b");
    String leaderName = await().atMost(STARTUP).until(this::holder, Optional::isPresent).orElseThrow();
    OperatorProcess leader = leaderName.startsWith(first.hostname() + "-") ? first : second;
    OperatorProcess standby = leader == first ? second : first;
    protectTable("orders");

    resources.create(tableRestore("copy", "orders", namespace + "-copy"));
    resources.awaitRestore("copy", r -> r.getStatus().getPhase() == RestorePhase.Restoring
        && r.getStatus().getTargetTableArn() != null);
    leader.kill();
    Instant killed = Instant.now();

    await().atMost(LEASE_DURATION.plusSeconds(10)).until(() -> holder()
        .filter(h -> h.startsWith(standby.hostname() + "-")).isPresent());
    Duration takeover = Duration.between(killed, Instant.now());
    TableRestore done = resources.awaitPhase("copy", RestorePhase.Completed);

    assertThat(restoresInto(namespace + "-copy")).as("one restore in AWS").isEqualTo(1);
    assertThat(done.getStatus().getPhase()).isEqualTo(RestorePhase.Completed);
    // The kill may land between AWS's answer and the Event, so at most one: never one from each process.
    assertThat(eventsWithReason("copy", "RestoreStarted")).as("never started twice").hasSizeLessThanOrEqualTo(1);
    assertThat(eventsWithReason("copy", "RestoreCompleted")).as("completed once").hasSize(1);
    assertThat(leader.isAlive()).isFalse();
    assertThat(standby.isAlive()).isTrue();
    // SIGTERM to the new leader releases its Lease and exits (stop() fails when the process hangs).
    assertThat(standby.stop()).as("exit code after SIGTERM").isEqualTo(143);
    System.out.printf("leader %s killed; %s took the Lease after %d ms%n", leader.hostname(), standby.hostname(),
        takeover.toMillis());
  }

  private Optional<String> holder() {
    Lease lease = kube.client().leases().inNamespace(namespace).withName(LEASE).get();
    return Optional.ofNullable(lease).map(l -> l.getSpec().getHolderIdentity()).filter(h -> !h.isEmpty());
  }

  private List<Event> eventsWithReason(String name, String reason) {
    return kube.client().events().v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> e.getRegarding() != null && name.equals(e.getRegarding().getName()))
        .filter(e -> reason.equals(e.getReason()))
        .toList();
  }
}
