package io.tableguard.protection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tableguard.config.AwsBudget;
import io.tableguard.config.OperatorSettings;
import io.tableguard.model.protection.ProtectedTable;
import io.tableguard.testsupport.AwsFaultProxy.RecordedCall;
import io.tableguard.testsupport.DynamoTables;
import io.tableguard.testsupport.MotoServer;
import io.tableguard.testsupport.OperatorTestBase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A routine check costs exactly one DescribeContinuousBackups; DescribeTable comes only with a change. And when
 * the intervals ask more of the budget than it has, the operator says so instead of lagging silently, and the lag
 * stays in that account and region: its checks wait for their permits without holding the reconcile threads that
 * every other region shares.
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

  /**
   * 25 resources at 10 s in one region need 2.5 calls a second of its 0.5 (five times over, as 400 resources at
   * 10 s are of the default 8); three resources in another region need 0.3 of theirs. The idle region's checks
   * keep their interval, and a PITR turned off there is put back at its next check, while the crowded region waits.
   */
  @Test
  void aRegionOverItsBudgetDelaysOnlyItselfNotTheChecksOfAnIdleRegion() {
    String idleRegion = "eu-west-1";
    DynamoDbClient idleDynamo = DynamoTables.client(MotoServer.shared().endpoint(), idleRegion);
    List<String> idleTables = IntStream.range(0, 3).mapToObj(i -> tableName("idle" + i)).toList();
    for (int i = 0; i < idleTables.size(); i++) {
      DynamoTables.create(idleDynamo, idleTables.get(i));
      ProtectedTable idle = protectedTable("idle" + i, idleTables.get(i));
      idle.getSpec().setRegion(idleRegion);
      create(idle);
    }
    IntStream.range(0, idleTables.size()).forEach(i -> awaitReady("idle" + i, "Protected"));

    IntStream.range(0, 25).forEach(i -> {
      createTable(tableName("busy" + i));
      create(protectedTable("busy" + i, tableName("busy" + i)));
    });
    Instant from = Instant.now().plusSeconds(2);
    await().pollDelay(Duration.ofSeconds(12)).atMost(Duration.ofSeconds(13)).until(() -> true);
    String drifted = idleTables.get(0);
    idleDynamo.updateContinuousBackups(r -> r.tableName(drifted)
        .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(false)));
    Instant turnedOff = Instant.now();
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> "ENABLED".equals(
        idleDynamo.describeContinuousBackups(r -> r.tableName(drifted)).continuousBackupsDescription()
            .pointInTimeRecoveryDescription().pointInTimeRecoveryStatusAsString()));
    Duration driftFixedIn = Duration.between(turnedOff, Instant.now());
    Instant until = from.plusSeconds(36);
    await().pollDelay(Duration.between(Instant.now(), until).isNegative() ? Duration.ZERO
        : Duration.between(Instant.now(), until)).atMost(Duration.ofSeconds(60)).until(() -> true);

    List<RecordedCall> checks = aws.calls().stream().filter(c -> c.operation().equals("DescribeContinuousBackups"))
        .filter(c -> !c.at().isBefore(from) && !c.at().isAfter(until)).toList();
    List<Long> idleIntervals = new ArrayList<>();
    long worst = 0;
    for (String table : idleTables) {
      List<Instant> times = new ArrayList<>(List.of(from));
      checks.stream().filter(c -> table.equals(tableOf(c))).map(RecordedCall::at).forEach(times::add);
      times.add(until);
      for (int i = 1; i < times.size(); i++) {
        long gap = Duration.between(times.get(i - 1), times.get(i)).toMillis();
        worst = Math.max(worst, gap);
        if (i > 1 && i < times.size() - 1) {
          idleIntervals.add(gap);
        }
      }
    }
    long busyChecks = checks.stream().filter(c -> !idleTables.contains(tableOf(c))).count();
    List<Long> sorted = idleIntervals.stream().sorted().toList();
    long median = sorted.isEmpty() ? -1 : sorted.get(sorted.size() / 2);
    System.out.printf("cross-region budget: idle region's checks every %d ms (median of %d intervals), longest "
        + "stretch without a check %d ms (interval 10000); PITR turned off there back on after %d ms; crowded "
        + "region: %d DescribeContinuousBackups in %d s (budget 0.5/s)%n", median, sorted.size(), worst,
        driftFixedIn.toMillis(), busyChecks, Duration.between(from, until).toSeconds());

    assertThat(worst).as("the idle region's longest stretch without a check, ms (interval 10 s)")
        .isLessThanOrEqualTo(15_000);
    assertThat(sorted).as("intervals between the idle region's checks").hasSizeGreaterThanOrEqualTo(6);
    assertThat(driftFixedIn).as("a PITR turned off in the idle region, back on at its next check")
        .isLessThanOrEqualTo(Duration.ofSeconds(16));
    assertThat(busyChecks).as("the crowded region stays within its budget").isLessThanOrEqualTo(36 / 2 + 2);
  }

  private static final Pattern TABLE_NAME = Pattern.compile("\"TableName\"\\s*:\\s*\"([^\"]+)\"");

  private static String tableOf(RecordedCall call) {
    Matcher m = TABLE_NAME.matcher(call.requestBody());
    return m.find() ? m.group(1) : "";
  }
}
