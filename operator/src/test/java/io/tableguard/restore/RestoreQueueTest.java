package io.tableguard.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tableguard.config.OperatorSettings;
import io.tableguard.kube.Conditions;
import io.tableguard.model.protection.ProtectedTable;
import io.tableguard.model.restore.RestorePhase;
import io.tableguard.model.restore.TableRestore;
import io.tableguard.testsupport.OperatorTestBase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RestoreQueueTest extends OperatorTestBase {
  /** How long a restore waits for its ProtectedTable here: test-sized, instead of 10 minutes. */
  private static final Duration SOURCE_WAIT = Duration.ofSeconds(15);

  @Override
  protected boolean timeFaithfulAws() {
    return true;
  }

  @Override
  protected OperatorSettings settings() {
    return super.settings().withMaxConcurrentRestores(1).withRestoreSourceWait(SOURCE_WAIT);
  }

  @Test
  void withALimitOfOneTheSecondRestoreWaitsInTheQueueThenRuns() throws Exception {
    protectTable("orders");
    keepCreating(tableName("first"));
    create(tableRestore("first", "orders", tableName("first")));
    awaitRestore("first", r -> r.getStatus().getPhase() == RestorePhase.Restoring
        && r.getStatus().getTargetTableArn() != null);

    create(tableRestore("second", "orders", tableName("second")));

    TableRestore queued = awaitPhase("second", RestorePhase.Queued);
    assertThat(queued.getStatus().getQueuePosition()).isEqualTo(1);
    assertThat(queued.getStatus().getMessage()).contains("waiting for a free restore slot").contains("position 1");
    assertThat(aws.count("RestoreTableToPointInTime")).isEqualTo(1);
    assertThat(scrapeMetrics().value("tableguard_restores_in_progress", Map.of())).hasValue(1.0);

    aws.clearRewrites();

    awaitPhase("first", RestorePhase.Completed);
    TableRestore second = awaitPhase("second", RestorePhase.Completed);
    assertThat(second.getStatus().getQueuePosition()).isNull();
    assertThat(aws.count("RestoreTableToPointInTime")).isEqualTo(2);
    assertThat(scrapeMetrics().value("tableguard_restores_in_progress", Map.of())).hasValue(0.0);
  }

  @Test
  void restoresCreatedTogetherStillRunOneAtATime() {
    protectTable("orders");
    String prefix = tableName("together-");
    // Every restored table stays CREATING until released, so the restores would overlap if they were let through.
    Pattern restored = Pattern.compile("\"TableName\"\\s*:\\s*\"" + Pattern.quote(prefix));
    aws.rewriteAnswers("DescribeTable", body -> restored.matcher(body).find()
        ? body.replaceAll("\"TableStatus\"\\s*:\\s*\"ACTIVE\"", "\"TableStatus\": \"CREATING\"") : body);
    List<String> names = List.of("together-1", "together-2", "together-3", "together-4");

    // As one kubectl apply of four resources: created at the same moment, reconciled in parallel.
    names.stream().map(name -> CompletableFuture.runAsync(() -> create(tableRestore(name, "orders", tableName(name)))))
        .toList().forEach(CompletableFuture::join);

    await().atMost(STATUS_TIMEOUT).until(() -> names.stream().map(this::getRestore)
        .filter(r -> r.getStatus() != null && r.getStatus().getPhase() == RestorePhase.Queued).count() == 3);
    await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10))
        .until(() -> aws.count("RestoreTableToPointInTime") == 1);
    assertThat(names.stream().map(this::getRestore).map(r -> r.getStatus().getPhase()))
        .containsExactlyInAnyOrder(RestorePhase.Restoring, RestorePhase.Queued, RestorePhase.Queued,
            RestorePhase.Queued);

    aws.clearRewrites();

    // Each restore waits for the one before it, and a queue is looked at every 10 seconds.
    await().atMost(Duration.ofMinutes(3)).until(() -> names.stream().map(this::getRestore)
        .allMatch(r -> r.getStatus().getPhase() == RestorePhase.Completed));
    assertThat(aws.count("RestoreTableToPointInTime")).isEqualTo(4);
  }

  /**
   * Issue 15, defect 8: the wait for a ProtectedTable counted from the TableRestore's creation, so a restore that
   * sat in the queue for longer than the whole wait failed at once on any passing not-Ready of its source.
   */
  @Test
  void aRestoreQueuedLongerThanTheSourceWaitStillWaitsForItsSourceAfterLeavingTheQueue() {
    String source = protectTable("orders");
    Set<String> creating = secondQueuedBehindFirst();
    // Queued for longer than a whole wait for the source.
    await().pollDelay(SOURCE_WAIT.plusSeconds(3)).atMost(SOURCE_WAIT.plusSeconds(10))
        .until(() -> getRestore("second").getStatus().getPhase() == RestorePhase.Queued);

    sourceNotReadyWhile(creating, source);
    // The first restore finishes, so the second leaves the queue while its source is not Ready.
    creating.remove(tableName("first"));
    awaitPhase("first", RestorePhase.Completed);

    TableRestore waiting = awaitRestore("second", r -> r.getStatus().getPhase() == RestorePhase.Failed
        || Conditions.reason(r.getStatus().getConditions(), Conditions.READY).filter("WaitingForSource"::equals)
            .isPresent());
    assertThat(waiting.getStatus().getPhase()).as("phase of a restore that just left the queue (message: %s)",
        waiting.getStatus().getMessage()).isNotEqualTo(RestorePhase.Failed);
    assertThat(waiting.getStatus().getLeftQueueTime()).isNotNull();
    assertThat(waiting.getStatus().getMessage()).contains("to become Ready (now TableNotActive)")
        .contains("15s after this TableRestore left the restore queue");

    creating.remove(source);
    awaitReady("orders", "Protected");
    assertThat(awaitPhase("second", RestorePhase.Completed).getStatus().getLeftQueueTime())
        .isEqualTo(waiting.getStatus().getLeftQueueTime());
    assertThat(aws.count("RestoreTableToPointInTime")).isEqualTo(2);
  }

  /** Past the wait, a restore that left the queue fails, and says how long it waited, for what, since when. */
  @Test
  void aRestoreThatLeftTheQueueFailsOnceItsSourceStaysNotReadyForTheWholeWait() {
    String source = protectTable("orders");
    Set<String> creating = secondQueuedBehindFirst();
    sourceNotReadyWhile(creating, source);
    creating.remove(tableName("first"));

    TableRestore failed = awaitPhase("second", RestorePhase.Failed);
    assertThat(failed.getStatus().getMessage()).contains("is not Ready (TableNotActive")
        .containsPattern("gave up after waiting \\d+s for ProtectedTable " + namespace
            + "/orders to become Ready \\(now TableNotActive\\) since this TableRestore left the restore queue at "
            + Pattern.quote(failed.getStatus().getLeftQueueTime()))
        .contains("a restore waits at most 15s");
    assertThat(aws.count("RestoreTableToPointInTime")).isEqualTo(1);
  }

  /**
   * Restore "first" holds the only slot (its table CREATING until removed from the returned set) and "second"
   * waits in the queue behind it.
   */
  private Set<String> secondQueuedBehindFirst() {
    Set<String> creating = describedAsCreating();
    creating.add(tableName("first"));
    create(tableRestore("first", "orders", tableName("first")));
    awaitRestore("first", r -> r.getStatus().getPhase() == RestorePhase.Restoring
        && r.getStatus().getTargetTableArn() != null);
    create(tableRestore("second", "orders", tableName("second")));
    awaitPhase("second", RestorePhase.Queued);
    return creating;
  }

  /** The source goes not Ready for a reason that passes: its table is CREATING while its period must change. */
  private void sourceNotReadyWhile(Set<String> creating, String source) {
    creating.add(source);
    ProtectedTable pt = get("orders");
    pt.getSpec().setRecoveryPeriodDays(30);
    client.resource(pt).update();
    awaitReady("orders", "TableNotActive");
  }

  /** DescribeTable answers CREATING for the tables named in the returned set, for as long as they are in it. */
  private Set<String> describedAsCreating() {
    Set<String> creating = ConcurrentHashMap.newKeySet();
    aws.rewriteAnswers("DescribeTable", body -> creating.stream().anyMatch(t -> body.contains("\"" + t + "\""))
        ? body.replaceAll("\"TableStatus\"\\s*:\\s*\"ACTIVE\"", "\"TableStatus\": \"CREATING\"") : body);
    return creating;
  }
}
