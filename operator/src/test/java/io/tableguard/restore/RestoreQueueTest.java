package io.tableguard.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tableguard.config.OperatorSettings;
import io.tableguard.model.RestorePhase;
import io.tableguard.model.TableRestore;
import io.tableguard.testsupport.OperatorTestBase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RestoreQueueTest extends OperatorTestBase {

  @Override
  protected boolean timeFaithfulAws() {
    return true;
  }

  @Override
  protected OperatorSettings settings() {
    return super.settings().withMaxConcurrentRestores(1);
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
}
