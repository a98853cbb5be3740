package io.tableguard;

import static org.assertj.core.api.Assertions.assertThat;

import io.javaoperatorsdk.operator.ReconcilerUtils;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tableguard.backup.TableBackupReconciler;
import io.tableguard.config.OperatorSettings;
import io.tableguard.kube.Conditions;
import io.tableguard.kube.EventRecorder;
import io.tableguard.metrics.AwsCallMetrics;
import io.tableguard.metrics.AwsClientMetrics;
import io.tableguard.metrics.BackupMetrics;
import io.tableguard.metrics.BuildInfo;
import io.tableguard.metrics.ChangeEventMetrics;
import io.tableguard.metrics.CheckBudgetMetrics;
import io.tableguard.metrics.ProtectionMetrics;
import io.tableguard.metrics.RestoreMetrics;
import io.tableguard.model.SharedReason;
import io.tableguard.model.backup.BackupPhase;
import io.tableguard.model.backup.BackupReason;
import io.tableguard.model.backup.TableBackup;
import io.tableguard.model.protection.ProtectedTable;
import io.tableguard.model.protection.ProtectionReason;
import io.tableguard.model.restore.RestorePhase;
import io.tableguard.model.restore.RestoreReason;
import io.tableguard.model.restore.TableRestore;
import io.tableguard.model.schedule.ScheduleReason;
import io.tableguard.model.schedule.TableBackupSchedule;
import io.tableguard.protection.ProtectedTableReconciler;
import io.tableguard.protection.ProtectionStatusRecorder;
import io.tableguard.restore.RestoreStatusRecorder;
import io.tableguard.restore.TableRestoreReconciler;
import io.tableguard.schedule.TableBackupScheduleReconciler;
import io.tableguard.testsupport.KubeApi;
import io.tableguard.testsupport.PrometheusText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Every name users and their tooling read (alerts, dashboards, Argo CD health checks, runbooks, kubectl): condition
 * types and reasons, Event reasons, metric names and labels, finalizers, the Lease and controller names. They are
 * listed in {@code public-names.txt}; a change to any of them fails here, so it is made on purpose (and the file
 * updated, with the README and the alerts) rather than by a refactoring. On a difference the names the code has
 * now are written to {@code target/public-names.txt}.
 */
class PublicNamesTest {
  private static final Path GOLDEN = KubeApi.repoRoot().resolve("operator/src/test/resources/public-names.txt");

  @Test
  void theNamesUsersReadAreTheRecordedOnes() throws Exception {
    String now = String.join("\n", names()) + "\n";
    if (!now.equals(Files.readString(GOLDEN))) {
      Files.writeString(KubeApi.repoRoot().resolve("operator/target/public-names.txt"), now);
    }
    assertThat(now).as("the names users read (now in operator/target/public-names.txt)")
        .isEqualTo(Files.readString(GOLDEN));
  }

  private static List<String> names() {
    List<String> lines = new ArrayList<>();
    section(lines, "condition types", List.of(Conditions.READY, ProtectionStatusRecorder.DRIFTED,
        ProtectionStatusRecorder.PITR_ENABLED, RestoreStatusRecorder.FAILED));
    section(lines, "shared reasons", names(SharedReason.values()));
    section(lines, "ProtectedTable reasons", names(ProtectionReason.values()));
    section(lines, "TableRestore phases (also Ready=False reasons)", names(RestorePhase.values()));
    section(lines, "TableRestore reasons", names(RestoreReason.values()));
    section(lines, "TableBackup phases (also Ready=False reasons)", names(BackupPhase.values()));
    section(lines, "TableBackup reasons", names(BackupReason.values()));
    section(lines, "TableBackupSchedule reasons", names(ScheduleReason.values()));
    section(lines, "labels and annotations on TableBackups a schedule made", List.of(TableBackup.SCHEDULE_LABEL,
        TableBackup.SCHEDULED_AT_ANNOTATION, TableBackup.PRUNED_BY_ANNOTATION));
    section(lines, "metrics and their labels", metrics());
    section(lines, "finalizers", List.of(ReconcilerUtils.getDefaultFinalizerName(ProtectedTable.class),
        ReconcilerUtils.getDefaultFinalizerName(TableRestore.class),
        ReconcilerUtils.getDefaultFinalizerName(TableBackup.class),
        ReconcilerUtils.getDefaultFinalizerName(TableBackupSchedule.class)));
    section(lines, "controllers (and server-side apply field managers)",
        List.of(ProtectedTableReconciler.NAME, TableRestoreReconciler.NAME, TableBackupReconciler.NAME,
            TableBackupScheduleReconciler.NAME));
    section(lines, "Lease (leader election, install presence)",
        List.of(OperatorSettings.fromEnvironment(Map.of()).leaderElection().leaseName()));
    section(lines, "Event reporting controller", List.of(EventRecorder.CONTROLLER));
    return lines;
  }

  private static void section(List<String> lines, String title, List<String> names) {
    lines.add("# " + title);
    lines.addAll(names);
  }

  private static List<String> names(Enum<?>[] values) {
    return Arrays.stream(values).map(Enum::name).toList();
  }

  /** Every meter the operator registers, made to appear by using each metrics class once. */
  private static List<String> metrics() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    BuildInfo.register(registry);
    AwsClientMetrics.register(registry, () -> Map.of("dynamodb", 1));
    ExecutionAttributes call = new ExecutionAttributes();
    call.putAttribute(SdkExecutionAttribute.OPERATION_NAME, "DescribeTable");
    new AwsCallMetrics(registry).afterExecution(null, call);
    ChangeEventMetrics events = new ChangeEventMetrics(registry);
    Arrays.stream(ChangeEventMetrics.Outcome.values()).forEach(events::count);
    new CheckBudgetMetrics(registry).track("111122223333/us-east-1", () -> 0.5);
    ProtectionMetrics protection = new ProtectionMetrics(registry);
    protection.observed("ns", "pt", "orders", Duration.ofMinutes(5), true, Optional.of(Instant.EPOCH),
        Optional.of(Instant.EPOCH));
    protection.driftDetected("ns", "pt", "orders");
    protection.driftCorrected("ns", "pt", "orders");
    protection.historyLost("ns", "pt", "orders");
    RestoreMetrics restores = new RestoreMetrics(registry);
    restores.running("uid", "ns", "tr", Optional.of(Instant.EPOCH));
    restores.unownedTable("ns", "tr", "orders-restored");
    restores.finished("uid2", "ns", "tr2", "completed", Duration.ofMinutes(3));
    BackupMetrics backups = new BackupMetrics(registry);
    backups.available("ns", "pt", "orders", Instant.EPOCH);
    backups.nextSchedule("ns", "nightly", Optional.of(Instant.EPOCH));
    PrometheusText scrape = PrometheusText.parse(registry.scrape());
    return scrape.names().stream().filter(n -> n.startsWith("tableguard_"))
        .map(n -> n + " " + scrape.samples(n).stream().flatMap(s -> s.labels().keySet().stream())
            .collect(Collectors.toCollection(TreeSet::new)))
        .toList();
  }
}
