package io.tableguard.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.tableguard.kube.Conditions;
import io.tableguard.model.restore.RestorePhase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's main command, smaller: the same scenario through a real API server, emulator and operator, with
 * the repair in place (the copy Job's pods run as processes: the API server has no kubelet).
 */
class SandboxTest {

  @Test
  void theAccidentalDeleteIsUndoneToTheSecond() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    Path repoRoot = Path.of(System.getProperty("tableguard.repoRoot", "..")).toAbsolutePath().normalize();

    var result = Sandbox.run(new Sandbox.Options(400, 0, false), repoRoot,
        new PrintStream(printed, true, StandardCharsets.UTF_8));

    assertThat(Conditions.isTrue(result.protection().getStatus().getConditions(), Conditions.READY)).isTrue();
    assertThat(result.restore().getStatus().getPhase()).isEqualTo(RestorePhase.Completed);
    assertThat(result.restore().getStatus().getRestoreDateTime()).isEqualTo(result.goodSecond().toString());
    assertThat(result.ordersDeleted()).isEqualTo(200);
    assertThat(result.sourceCount()).as("after the incident").isEqualTo(200);
    assertThat(result.restoredCount()).as("as it was the second before").isEqualTo(400);
    assertThat(result.repair().getStatus().getPhase()).as(result.repair().getStatus().getMessage())
        .isEqualTo(RestorePhase.Completed);
    assertThat(result.repair().getStatus().getItems().getWritten()).as("the deleted orders, back").isEqualTo(200);
    assertThat(result.repairedCount()).as("all 400, and the 25 placed since").isEqualTo(425);
    String report = printed.toString(StandardCharsets.UTF_8);
    assertThat(report).contains("an accidental delete, undone to the second")
        .containsPattern("orders-before-incident .*orders .*orders-restored .*Completed")
        .containsPattern("orders-restored +400 ")
        .containsPattern("orders +425  after the repair in place: 200 orders back in orders itself, 25 new orders kept")
        .contains("/metrics");
  }
}
