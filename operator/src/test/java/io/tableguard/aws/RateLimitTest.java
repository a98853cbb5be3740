package io.tableguard.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.tableguard.testsupport.AwsFaultProxy.RecordedCall;
import io.tableguard.testsupport.OperatorTestBase;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Many resources at once never push one account and region over its DescribeContinuousBackups budget (8 a second
 * by default, of AWS's 10), and the other calls go by their own budget.
 */
class RateLimitTest extends OperatorTestBase {
  private static final int TABLES = 30;

  @Test
  void thirtyTablesAtOnceStayWithinTheDescribeContinuousBackupsBudget() {
    IntStream.range(0, TABLES).forEach(i -> createTable(tableName("t" + i)));
    aws.clearCalls();

    IntStream.range(0, TABLES).forEach(i -> create(protectedTable("t" + i, tableName("t" + i))));
    IntStream.range(0, TABLES).forEach(i -> awaitReady("t" + i, "Protected"));

    List<RecordedCall> calls = aws.calls();
    List<RecordedCall> describes = calls.stream().filter(c -> c.operation().equals("DescribeContinuousBackups")).toList();
    assertThat(describes).hasSizeGreaterThanOrEqualTo(TABLES);
    // A permit used late in its slot and the next one early in its slot can put one extra call into a sliding
    // second: 8 a second keeps even that under AWS's 10.
    assertThat(maxInAnySecond(describes)).as("DescribeContinuousBackups in any one second").isLessThanOrEqualTo(9);
  }

  private static long maxInAnySecond(List<RecordedCall> calls) {
    List<Long> times = calls.stream().map(c -> c.at().toEpochMilli()).sorted().toList();
    long max = 0;
    int start = 0;
    for (int end = 0; end < times.size(); end++) {
      while (times.get(end) - times.get(start) >= Duration.ofSeconds(1).toMillis()) {
        start++;
      }
      max = Math.max(max, end - start + 1);
    }
    return max;
  }
}
