package io.tableguard.fault;

import static io.tableguard.testsupport.TableguardResources.tableRestore;
import static org.assertj.core.api.Assertions.assertThat;

import io.tableguard.kube.Conditions;
import io.tableguard.model.restore.RestorePhase;
import io.tableguard.model.restore.TableRestore;
import io.tableguard.testsupport.AwsFaultProxy.Hold;
import io.tableguard.testsupport.AwsFaultProxy.HoldPoint;
import io.tableguard.testsupport.OperatorProcess;
import io.tableguard.testsupport.PrometheusText;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SIGKILL in each named window of a restore, reached deterministically (the proxy holds the call until the
 * operator is dead), twice each, plus kills at random moments. Each time a fresh process takes over, and
 * every restore ends Completed with exactly one restore carried out by AWS, or, where the kill left a table
 * the operator cannot prove it created, Completed as OwnershipUnproven with that table untouched and counted.
 * No phase ever goes backwards.
 */
class SigkillWindowsTest extends ProcessFaultTestBase {
  private static final int REPEATS = 2;
  private static final Set<String> ANY_END = Set.of("Completed", "OwnershipUnproven");

  private OperatorProcess running;
  private int kills;

  @BeforeEach
  void startOperator() {
    running = startAlone("first");
  }

  @AfterEach
  void allPhasesMovedForward() {
    phases.assertNoPhaseWentBackwards();
  }

  @Test
  void afterTheRequestIsRecordedAndBeforeAwsHearsOfIt() {
    String source = protectTable("orders");
    for (int i = 0; i < REPEATS; i++) {
      assertEndsAs(restoreKilledAt(source, "recorded-" + i, RESTORE, HoldPoint.BEFORE_FORWARD), Set.of("Completed"));
    }
  }

  @Test
  void afterAwsAcceptedTheRestoreAndBeforeItsAnswer() throws Exception {
    String source = protectTable("orders");
    for (int i = 0; i < REPEATS; i++) {
      TableRestore done = restoreKilledAt(source, "accepted-" + i, RESTORE, HoldPoint.AFTER_FORWARD);
      assertEndsAs(done, Set.of("OwnershipUnproven"));
      String target = done.getSpec().getTarget().getTableName();
      assertThat(dynamo.listTagsOfResource(r -> r.resourceArn(dynamo.describeTable(d -> d.tableName(target))
          .table().tableArn())).tags()).as("a table it cannot prove it made is left untouched").isEmpty();
      assertThat(unownedGauge(done.getMetadata().getName())).isEqualTo(1.0);
    }
  }

  @Test
  void betweenTheRestoreAndTheOwnershipTag() {
    String source = protectTable("orders");
    for (int i = 0; i < REPEATS; i++) {
      assertEndsAs(restoreKilledAt(source, "tagging-" + i, "TagResource", HoldPoint.BEFORE_FORWARD), ANY_END);
    }
  }

  @Test
  void whileCopyingSettings() {
    String source = protectTable("orders");
    dynamo.updateTimeToLive(r -> r.tableName(source).timeToLiveSpecification(t -> t.enabled(true)
        .attributeName("expiresAt")));
    for (int i = 0; i < REPEATS; i++) {
      TableRestore done = restoreKilledAt(source, "settings-" + i, "UpdateTimeToLive", HoldPoint.BEFORE_FORWARD);
      assertEndsAs(done, Set.of("Completed"));
      assertThat(dynamo.describeTimeToLive(r -> r.tableName(done.getSpec().getTarget().getTableName()))
          .timeToLiveDescription().attributeName()).isEqualTo("expiresAt");
    }
  }

  @Test
  void atRandomMoments() {
    String source = protectTable("orders");
    long seed = System.nanoTime();
    Random random = new Random(seed);
    for (int i = 0; i < 3; i++) {
      String name = "random-" + i;
      replaceRunning("before-" + name);
      resources.create(tableRestore(name, "orders", namespace + "-" + name));
      sleep(Duration.ofMillis(random.nextInt(3000)));
      running.kill();
      kills++;
      replaceRunning("after-" + name);
      assertEndsAs(awaitTerminal(name), ANY_END);
    }
    assertThat(kills).as("seed " + seed).isEqualTo(3);
    assertThat(source).isNotEmpty();
  }

  /** Creates a TableRestore, holds the first matching call, kills the operator, lets a new one finish. */
  private TableRestore restoreKilledAt(String sourceTable, String name, String operation, HoldPoint point) {
    replaceRunning("before-" + name);
    Hold hold = aws.holdNext(operation, point);
    resources.create(tableRestore(name, "orders", namespace + "-" + name));
    hold.awaitHeld(Duration.ofSeconds(60));
    running.kill();
    kills++;
    hold.drop();
    replaceRunning("after-" + name);
    return awaitTerminal(name);
  }

  private void replaceRunning(String name) {
    if (running != null) {
      running.kill();
    }
    running = startAlone(name);
  }

  private TableRestore awaitTerminal(String name) {
    return resources.awaitRestore(name, r -> r.getStatus().getPhase() == RestorePhase.Completed
        || r.getStatus().getPhase() == RestorePhase.Failed);
  }

  private void assertEndsAs(TableRestore done, Set<String> reasons) {
    String target = done.getSpec().getTarget().getTableName();
    assertThat(done.getStatus().getPhase()).as(done.getStatus().getMessage()).isEqualTo(RestorePhase.Completed);
    assertThat(Conditions.reason(done.getStatus().getConditions(), Conditions.READY)).get().isIn(reasons);
    assertThat(restoresInto(target)).as("AWS restored into %s exactly once", target).isEqualTo(1);
    System.out.printf("%s after %d kill(s): %s, %s; %d restore in AWS%n", done.getMetadata().getName(), kills,
        done.getStatus().getPhase(), Conditions.reason(done.getStatus().getConditions(), Conditions.READY)
            .orElse("?"), restoresInto(target));
  }

  private double unownedGauge(String restoreName) throws IOException, InterruptedException {
    String body = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + running.httpPort() + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    return PrometheusText.parse(body).samples("tableguard_unowned_restored_tables").stream()
        .filter(s -> namespace.equals(s.labels().get("namespace")) && restoreName.equals(s.labels().get("name")))
        .mapToDouble(PrometheusText.Sample::value).sum();
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
