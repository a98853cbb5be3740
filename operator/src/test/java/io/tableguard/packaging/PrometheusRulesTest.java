package io.tableguard.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tableguard.testsupport.KubeApi;
import io.tableguard.testsupport.OperatorTestBase;
import io.tableguard.testsupport.PrometheusText;
import io.tableguard.testsupport.TableguardResources;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The chart's alert rules are valid Prometheus rules, pass their promtool unit tests, and read only metrics (and
 * labels) that a real operator exports.
 */
class PrometheusRulesTest {
  private static final Path ROOT = KubeApi.repoRoot();
  private static final Path RULES = ROOT.resolve("charts/tableguard/files/prometheus-rules.yaml");
  private static final Path RULE_TESTS = ROOT.resolve("charts/tableguard/tests/prometheus-rules-test.yaml");
  /** A selector's label matchers: {@code metric{label="v", other=~"w"}}. */
  private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][\\w:]*)\\{([^}]*)}");
  private static final Pattern MATCHER_LABEL = Pattern.compile("(\\w+)\\s*(?:=~|!~|!=|=)");

  @Test
  void promtoolChecksTheRules() throws Exception {
    promtool("check", "rules", RULES.toString());
  }

  @Test
  void everyAlertPassesItsPromtoolUnitTests() throws Exception {
    promtool("test", "rules", RULE_TESTS.toString());
  }

  @Test
  void everyAlertHasSeverityAndRunbookText() throws IOException {
    assertThat(alerts()).isNotEmpty().allSatisfy(rule -> {
      String alert = rule.path("alert").asText();
      assertThat(rule.path("labels").path("severity").asText()).as(alert).isIn("warning", "critical");
      for (String annotation : List.of("summary", "description", "runbook")) {
        assertThat(rule.path("annotations").path(annotation).asText()).as(alert + " " + annotation).isNotBlank();
      }
    });
  }

  /** Starts a real operator and makes every series the rules read exist, then compares names. */
  @Nested
  class ExportedMetrics extends OperatorTestBase {
    @Override
    protected boolean timeFaithfulAws() {
      return true;
    }

    @Test
    void everyMetricAndLabelTheRulesReadIsExported() throws Exception {
      Map<String, Set<String>> used = usedMetricsAndLabels();
      assertThat(used).as("the rules' metrics are found").containsKeys("tableguard_pitr_enabled",
          "tableguard_restore_started_timestamp_seconds", "tableguard_aws_requests_total");

      // A protected table (its gauges and counters, AWS calls, JOSDK's reconcile counters) and a running restore.
      protectTable("orders");
      restoreHeldInRestoring("held", "orders");
      client.resource(TableguardResources.backupSchedule("nightly", "orders", "0 2 * * *")).inNamespace(namespace)
          .create();
      // Some series appear a check later than others: scrape until all are there, or report what is missing.
      await().atMost(STATUS_TIMEOUT).untilAsserted(() -> {
        PrometheusText scrape = scrapeMetrics();
        Set<String> missing = new TreeSet<>(used.keySet());
        missing.removeAll(scrape.names());
        // Names are compared as Prometheus stores them: counters with _total, summaries with _count and _sum.
        assertThat(missing).as("metrics the rules read that the operator does not export; it exports %s",
            scrape.names()).isEmpty();
        used.forEach((metric, labels) -> assertThat(scrape.samples(metric))
            .as("%s carries the labels the rules match or group on: %s", metric, labels)
            .anySatisfy(sample -> assertThat(sample.labels().keySet()).containsAll(labels)));
      });
    }
  }

  /** Each metric an alert expression reads, with the labels the rules match or group by on it. */
  static Map<String, Set<String>> usedMetricsAndLabels() throws IOException {
    Map<String, Set<String>> used = new TreeMap<>();
    for (JsonNode rule : alerts()) {
      String expr = rule.path("expr").asText();
      DashboardTest.metricNames(expr).forEach(name -> used.computeIfAbsent(name, n -> new TreeSet<>()));
      Matcher selector = SELECTOR.matcher(expr);
      while (selector.find()) {
        Matcher label = MATCHER_LABEL.matcher(selector.group(2));
        while (label.find()) {
          used.get(selector.group(1)).add(label.group(1));
        }
      }
    }
    return used;
  }

  private static List<JsonNode> alerts() throws IOException {
    JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(new File(RULES.toString()));
    return rules.path("groups").findValues("rules").stream()
        .flatMap(list -> java.util.stream.StreamSupport.stream(list.spliterator(), false))
        .filter(rule -> rule.has("alert")).toList();
  }

  /** Runs promtool; fails with its output unless it exits 0. No promtool is a failure, never a skip. */
  private static void promtool(String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of("promtool"));
    command.addAll(List.of(args));
    Process process;
    try {
      process = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true).start();
    } catch (IOException notFound) {
      throw new AssertionError("promtool is not on PATH: run .ci/setup (it calls .ci/install-promtool)", notFound);
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("promtool %s finished", command).isTrue();
    assertThat(process.exitValue()).as("%s failed:%n%s", String.join(" ", command), output).isZero();
  }
}
