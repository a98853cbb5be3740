package io.tableguard.protection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tableguard.kube.Timestamps;
import io.tableguard.model.protection.ProtectedTable;
import io.tableguard.testsupport.OperatorTestBase;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * PITR turned off and on again between two checks: the operator never sees it off, so no drift is counted,
 * but the restorable window started again and everything before its new start is gone.
 */
class HistoryLostTest extends OperatorTestBase {
  private static final Duration ONE_INTERVAL = Duration.ofSeconds(12);

  /** The emulator restarts the window when PITR is turned on again, as AWS does; moto's window never moves. */
  @Override
  protected boolean timeFaithfulAws() {
    return true;
  }

  @Test
  void aWindowRestartedBetweenTwoChecksIsCountedOnceWithAWarningThatSaysWhatWasLost() throws Exception {
    String table = protectTable("orders");
    Instant before = Instant.parse(get("orders").getStatus().getPointInTimeRecovery().getEarliestRestorableTime());
    Map<String, String> labels = Map.of("namespace", namespace, "name", "orders", "table", table);
    assertThat(scrapeMetrics().value("tableguard_pitr_history_lost_total", labels))
        .as("exported at 0 from the first check, so that increase() sees the first loss").hasValue(0.0);
    // Past the second-granularity tolerance: a window restarted within it could not be told apart.
    await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> true);

    changePitrOutsideOperator(table, false, null);
    changePitrOutsideOperator(table, true, 35);
    Instant after = pitrOf(table).earliestRestorableDateTime();

    var event = awaitEvent("orders", "HistoryLost");
    assertThat(event.getType()).isEqualTo("Warning");
    assertThat(event.getNote()).contains("reached back to " + Timestamps.format(before),
        "now starts at " + Timestamps.format(after), "CloudTrail");
    assertThat(scrapeMetrics().value("tableguard_pitr_history_lost_total", labels)).hasValue(1.0);
    ProtectedTable pt = get("orders");
    assertThat(pt.getStatus().getPointInTimeRecovery().getEarliestRestorableTime())
        .isEqualTo(Timestamps.format(after));
    assertThat(pt.getStatus().getDriftCount()).as("never seen off, so no drift").isZero();

    String checked = pt.getStatus().getLastCheckTime();
    await().atMost(ONE_INTERVAL).until(() -> !checked.equals(get("orders").getStatus().getLastCheckTime()));
    assertThat(scrapeMetrics().value("tableguard_pitr_history_lost_total", labels))
        .as("the next check compares with the new window: counted once").hasValue(1.0);
    assertThat(events("orders")).filteredOn(e -> "HistoryLost".equals(e.getReason())).hasSize(1);
  }
}
