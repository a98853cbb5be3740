package io.tableguard.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

  private static final String SCRAPE = String.join("\n",
      "# HELP tableguard_reconciles_total Reconciles by outcome {not a label}",
      "# TYPE tableguard_reconciles_total counter",
      "tableguard_reconciles_total{namespace=\"team-a\",name=\"orders\",result=\"success\"} 7.0",
      "tableguard_reconciles_total{namespace=\"team-a\",name=\"orders\",result=\"failure\"} 2.0",
      "tableguard_reconciles_total{namespace=\"team-b\",name=\"users\",result=\"success\"} 1.0",
      "# TYPE tableguard_aws_call_seconds histogram",
      "tableguard_aws_call_seconds_bucket{operation=\"DescribeContinuousBackups\",le=\"0.1\"} 3.0",
      "tableguard_aws_call_seconds_bucket{operation=\"DescribeContinuousBackups\",le=\"+Inf\"} 5.0",
      "tableguard_aws_call_seconds_count{operation=\"DescribeContinuousBackups\"} 5.0",
      "tableguard_aws_call_seconds_sum{operation=\"DescribeContinuousBackups\"} 1.25E-1",
      "tableguard_last_error_info{message=\"table \\\"orders\\\" at C:\\\\data\\nline two\"} 1.0",
      "tableguard_pitr_lag_seconds NaN",
      "tableguard_upper_bound +Inf",
      "tableguard_lower_bound -Inf",
      "tableguard_build_timestamp 1.7e+09 1700000000000",
      "");

  private final PrometheusText text = PrometheusText.parse(SCRAPE);

  @Test
  void matchesAnySubsetOfTheLabels() {
    assertEquals(OptionalDouble.of(2.0),
        text.value("tableguard_reconciles_total", Map.of("result", "failure")));
    assertEquals(OptionalDouble.of(1.0),
        text.value("tableguard_reconciles_total", Map.of("namespace", "team-b", "result", "success")));
  }

  @Test
  void refusesALabelSubsetThatMatchesSeveralSeries() {
    assertThrows(IllegalArgumentException.class,
        () -> text.value("tableguard_reconciles_total", Map.of("namespace", "team-a")));
  }

  @Test
  void readsThePlusInfBucketAndScientificNotation() {
    assertEquals(OptionalDouble.of(5.0), text.value("tableguard_aws_call_seconds_bucket", Map.of("le", "+Inf")));
    assertEquals(OptionalDouble.of(3.0), text.value("tableguard_aws_call_seconds_bucket", Map.of("le", "0.1")));
    assertEquals(OptionalDouble.of(0.125), text.value("tableguard_aws_call_seconds_sum", Map.of()));
  }

  @Test
  void unescapesQuotesBackslashesAndNewlinesInLabelValues() {
    List<PrometheusText.Sample> samples = text.samples("tableguard_last_error_info");

    assertEquals(1, samples.size());
    assertEquals("table \"orders\" at C:\\data\nline two", samples.get(0).labels().get("message"));
  }

  @Test
  void readsSpecialValuesAndIgnoresTimestamps() {
    assertTrue(Double.isNaN(text.value("tableguard_pitr_lag_seconds", Map.of()).orElseThrow()));
    assertEquals(OptionalDouble.of(Double.POSITIVE_INFINITY), text.value("tableguard_upper_bound", Map.of()));
    assertEquals(OptionalDouble.of(Double.NEGATIVE_INFINITY), text.value("tableguard_lower_bound", Map.of()));
    assertEquals(OptionalDouble.of(1.7e9), text.value("tableguard_build_timestamp", Map.of()));
  }

  @Test
  void findsNothingForAMissingMetricOrLabel() {
    assertEquals(OptionalDouble.empty(), text.value("tableguard_missing_total", Map.of()));
    assertEquals(OptionalDouble.empty(), text.value("tableguard_reconciles", Map.of()));
    assertEquals(OptionalDouble.empty(),
        text.value("tableguard_reconciles_total", Map.of("result", "skipped")));
    assertEquals(List.of(), text.samples("tableguard_aws_call_seconds"));
  }

  @Test
  void listsEverySeriesOfAMetricInScrapeOrder() {
    List<PrometheusText.Sample> samples = text.samples("tableguard_reconciles_total");

    assertEquals(List.of(7.0, 2.0, 1.0), samples.stream().map(PrometheusText.Sample::value).toList());
    assertEquals(List.of("namespace", "name", "result"), List.copyOf(samples.get(0).labels().keySet()));
  }

  @Test
  void rejectsAnUnterminatedLabelValue() {
    assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse("broken{a=\"b} 1\n"));
  }
}
