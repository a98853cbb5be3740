package io.tableguard.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tableguard.model.restore.RestorePhase;
import io.tableguard.model.restore.TargetOwnership;
import io.tableguard.testsupport.KubeApi;
import io.tableguard.testsupport.OperatorTestBase;
import io.tableguard.testsupport.TableguardResources;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard the chart ships passes grafana's own dashboard-linter, and every metric its queries read is
 * one the operator really exports once it has protected a table, seen drift and run restores.
 */
class DashboardTest extends OperatorTestBase {
  private static final Path DASHBOARD = KubeApi.repoRoot().resolve("charts/tableguard/files/dashboard.json");
  /** Where .ci/build-dashboard-linter puts the linter. */
  private static final Path LINTER = Path.of(System.getenv().getOrDefault("XDG_CACHE_HOME",
      System.getProperty("user.home") + "/.cache"), "tableguard", "dashboard-linter", "dashboard-linter");

  private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.:])[a-zA-Z_:][\\w:]*+(?!\\s*\\()");
  private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "inf", "nan");

  @Override
  protected boolean timeFaithfulAws() {
    return true;
  }

  @Test
  void passesGrafanasDashboardLinterStrictly() throws Exception {
    assertThat(LINTER.toFile().canExecute())
        .as("dashboard-linter is not built at %s: run .ci/setup", LINTER).isTrue();
    // Rules excluded for this dashboard, with their reasons, go in a .lint file next to it, which the linter reads.
    Process lint = new ProcessBuilder(LINTER.toString(), "lint", "--strict", DASHBOARD.toString())
        .redirectErrorStream(true).start();
    String output = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(lint.waitFor(60, TimeUnit.SECONDS)).as("dashboard-linter finished").isTrue();
    assertThat(lint.exitValue()).as("dashboard-linter lint --strict says:%n%s", output).isZero();
  }

  @Test
  void readsMetricNamesNotFunctionsKeywordsLabelsOrVariables() {
    assertThat(metricNames("histogram_quantile(0.9, sum by (le) (increase(a_bucket{job=~\"$job\", x=\"f(b)\"}"
        + "[$__range]))) / on (instance) group_left (pod) b_total offset 5m > bool 1e3 or vector(0)"))
        .containsExactlyInAnyOrder("a_bucket", "b_total");
    assertThat(metricNames("max by (namespace, name) (time() - c{namespace=~\"$namespace\"}) unless d"))
        .containsExactlyInAnyOrder("c", "d");
    assertThat(metricNames(variableSelector("label_values(e{job=~\"$job\"}, instance)"))).containsExactly("e");
  }

  @Test
  void everyMetricItsQueriesReadIsExportedByTheOperator() throws Exception {
    Set<String> used = dashboardMetricNames();
    assertThat(used).as("the extractor finds the dashboard's metrics")
        .contains("tableguard_pitr_enabled", "tableguard_restore_duration_seconds_bucket");

    // What makes each series exist: a protected table, a backup and a schedule, a restore whose table cannot be proven ours, a restore
    // scraped while it runs, and PITR turned off outside the operator.
    String table = protectTable("orders");
    // A backup (its last-success gauge) and a schedule (its next-run gauge).
    client.resource(TableguardResources.tableBackup("q4", "orders")).inNamespace(namespace).create();
    client.resource(TableguardResources.backupSchedule("nightly", "orders", "0 2 * * *")).inNamespace(namespace)
        .create();
    aws.loseAnswers("RestoreTableToPointInTime", 1);
    create(tableRestore("unproven", "orders", tableName("unproven")));
    awaitRestore("unproven", r -> r.getStatus().getTargetOwnership() == TargetOwnership.Unproven);
    keepCreating(tableName("held"));
    create(tableRestore("held", "orders", tableName("held")));
    awaitRestore("held", r -> r.getStatus().getPhase() == RestorePhase.Restoring
        && r.getStatus().getTargetTableArn() != null);
    Set<String> exported = scrapeMetrics().names();
    aws.clearRewrites();
    awaitPhase("held", RestorePhase.Completed);
    changePitrOutsideOperator(table, false, null);
    awaitStatus("orders", p -> p.getStatus().getDriftCount() != null && p.getStatus().getDriftCount() >= 1);

    // Counters appear with their first event, some a check later: scrape until all are there or time is up.
    Instant deadline = Instant.now().plus(STATUS_TIMEOUT);
    while (!exported.containsAll(used) && Instant.now().isBefore(deadline)) {
      exported.addAll(scrapeMetrics().names());
      Thread.sleep(Duration.ofSeconds(1).toMillis());
    }
    Set<String> missing = new TreeSet<>(used);
    missing.removeAll(exported);
    // Series names are compared as Prometheus stores them: the scrape's sample names carry _total, _bucket,
    // _sum and _count, and a query must name them so.
    assertThat(missing).as("metrics the dashboard reads but the operator does not export; it exports %s",
        exported.stream().filter(n -> n.startsWith("tableguard_")).toList()).isEmpty();
  }

  /** The metric names in every query of the dashboard: panel targets' expr and query variables. */
  private static Set<String> dashboardMetricNames() throws IOException {
    JsonNode dashboard = new ObjectMapper().readTree(new File(DASHBOARD.toString()));
    Set<String> names = new TreeSet<>();
    dashboard.findValues("expr").forEach(expr -> names.addAll(metricNames(expr.asText())));
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      JsonNode query = variable.path("query");
      if ("query".equals(variable.path("type").asText())) {
        names.addAll(metricNames(variableSelector(query.isObject() ? query.path("query").asText() : query.asText())));
      }
    }
    return names;
  }

  /** {@code label_values(selector, label)} reads the selector; the label is no metric. */
  static String variableSelector(String query) {
    return query.replaceFirst("^\\s*label_values\\((.*),\\s*\\w+\\s*\\)\\s*$", "$1");
  }

  /**
   * The metric names a PromQL expression reads, by a deliberately small reading of its text: drop string
   * literals, label matchers {...}, ranges [...], the label lists after by, without, on, ignoring, group_left and
   * group_right, and Grafana variables; every identifier left is a metric name unless a "(" follows it (a function
   * or aggregation) or it is a keyword. Identifiers inside numbers (1e3) and durations (5m) are not read.
   * {@link #readsMetricNamesNotFunctionsKeywordsLabelsOrVariables} pins what it takes and what it leaves.
   */
  static Set<String> metricNames(String promQl) {
    String bare = promQl.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
        .replaceAll("\\{[^}]*}", "{}")
        .replaceAll("\\[[^]]*]", "[]")
        .replaceAll("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
        .replaceAll("\\$\\{?\\w+}?", " ");
    Set<String> names = new TreeSet<>();
    Matcher identifier = IDENTIFIER.matcher(bare);
    while (identifier.find()) {
      if (!KEYWORDS.contains(identifier.group().toLowerCase())) {
        names.add(identifier.group());
      }
    }
    return names;
  }
}
