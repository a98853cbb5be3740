package io.tableguard.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tableguard.config.AwsBudget;
import io.tableguard.config.OperatorSettings;
import io.tableguard.model.ProtectedTable;
import io.tableguard.testsupport.AwsFaultProxy.RecordedCall;
import io.tableguard.testsupport.OperatorTestBase;
import java.time.Duration;
import java.util.Map;
import org.assertj.core.data.Offset;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A routine check costs exactly one DescribeContinuousBackups; DescribeTable comes only with a change. And when
 * the intervals ask more of the budget than it has, the operator says so instead of lagging silently.
 */
class CheckBudgetTest extends OperatorTestBase {
  @Override
  protected OperatorSettings settings() {
    // 0.5 calls a second: ten resources checked every 10 s need 1 a second, twice the budget.
    return super.settings().withAwsBudget(AwsBudget.defaults().withDescribeContinuousBackups(0.5));
  }

  @Test
  void aRoutineCheckIsOneDescribeContinuousBackupsAndAChangeLooksAgain() {
    String table = protectTable("orders");
    ProtectedTable ready = get("orders");
    aws.clearCalls();
    await().atMost(Duration.ofSeconds(60)).until(() -> !get("orders").getStatus().getLastCheckTime()
        .equals(ready.getStatus().getLastCheckTime()) && aws.count("DescribeContinuousBackups") >= 2);

    assertThat(aws.calls()).extracting(RecordedCall::operation).containsOnly("DescribeContinuousBackups");

    changePitrOutsideOperator(table, false, null);
    await().atMost(Duration.ofSeconds(60)).until(() -> get("orders").getStatus().getDriftCount() == 1);
    assertThat(aws.calls()).extracting(RecordedCall::operation)
        .as("the drift is looked at whole, then put right with UpdateContinuousBackups' own answer")
        .contains("DescribeTable", "UpdateContinuousBackups");
  }

  @Test
  void intervalsThatNeedMoreThanTheBudgetShowInTheUtilizationGauge() throws Exception {
    IntStream.range(0, 10).forEach(i -> {
      createTable(tableName("t" + i));
      create(protectedTable("t" + i, tableName("t" + i)));
    });

    await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(scrapeMetrics()
        .value("tableguard_check_budget_utilization", Map.of("account_region", "123456789012/" + REGION)))
        .as("10 resources every 10 s over 0.5 calls a second").hasValueCloseTo(2.0, Offset.offset(0.01)));
  }
}
