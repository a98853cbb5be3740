package io.tableguard.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.tableguard.kube.Conditions;
import io.tableguard.model.backup.BackupPhase;
import io.tableguard.model.backup.TableBackup;
import io.tableguard.model.protection.ProtectedTable;
import io.tableguard.model.restore.RestorePhase;
import io.tableguard.model.restore.TableRestore;
import io.tableguard.model.schedule.TableBackupSchedule;
import io.tableguard.testsupport.AwsFaultProxy.Fault;
import io.tableguard.testsupport.KubeApi;
import io.tableguard.testsupport.OperatorTestBase;
import io.tableguard.testsupport.TableguardResources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart's Argo CD health checks, judged by Argo CD's own Lua engine: the argocd CLI v3.6.1 built by
 * .ci/build-argocd-health, running `argocd admin settings resource-overrides health` with the shipped argocd-cm
 * snippet on ProtectedTables and TableRestores whose status real reconciles wrote.
 */
class ArgoCdHealthTest extends OperatorTestBase {
  private static final Path HEALTH_CHECKS = KubeApi.repoRoot().resolve("charts/tableguard/files/argocd");
  private static final Path ARGOCD_CM = HEALTH_CHECKS.resolve("argocd-cm-snippet.yaml");

  @TempDir
  Path work;

  /** Restores need the PITR emulator; it serves the ProtectedTable cases just as well. */
  @Override
  protected boolean timeFaithfulAws() {
    return true;
  }

  @Test
  void theSnippetEmbedsTheLuaFilesVerbatim() throws IOException {
    ConfigMap snippet = client.getKubernetesSerialization().unmarshal(Files.readString(ARGOCD_CM), ConfigMap.class);

    assertThat(snippet.getMetadata().getName()).isEqualTo("argocd-cm");
    assertThat(snippet.getData()).containsOnly(
        entryFor("ProtectedTable", "protectedtable-health.lua"), entryFor("TableRestore", "tablerestore-health.lua"),
        entryFor("TableBackup", "tablebackup-health.lua"),
        entryFor("TableBackupSchedule", "tablebackupschedule-health.lua"));
  }

  @Test
  void aProtectedTableIsHealthyWhenProtectedAndProgressingUntilItsSpecIsObservedAndTheTableActive() throws Exception {
    protectTable("orders");
    ProtectedTable healthy = get("orders");
    String creating = tableName("creating");
    createTable(creating);
    keepCreating(creating);

    create(protectedTable("creating", creating));

    assertHealth(healthy, "Healthy");
    assertHealth(changed(healthy, ArgoCdHealthTest::bumpGeneration), "Progressing",
        "Waiting for the operator to observe generation " + (healthy.getMetadata().getGeneration() + 1));
    assertHealth(changed(healthy, pt -> {
      pt.setStatus(null);
      return pt;
    }), "Progressing", "Waiting for the operator's first check");
    assertHealth(awaitReady("creating", "TableNotActive"), "Progressing");
  }

  @Test
  void aProtectedTableThatIsRefusedDeniedOrDriftedUnderReportIsDegraded() throws Exception {
    String table = protectTable("orders");
    String audited = watchTable("audit", "10s");
    String otherNamespace = kube.createNamespace("argocd-conflict");
    ProtectedTable intruder = protectedTable("orders-too", table);
    intruder.getMetadata().setNamespace(otherNamespace);
    client.resource(intruder).create();
    changePitrOutsideOperator(audited, false, null);
    String denied = tableName("denied");
    createTable(denied);
    aws.failAlways("UpdateContinuousBackups", Fault.accessDenied("UpdateContinuousBackups"));

    create(protectedTable("denied", denied));

    try {
      assertHealth(awaitReadyIn(otherNamespace, "orders-too", "Conflict"), "Degraded");
    } finally {
      kube.deleteTableguardResources(otherNamespace);
    }
    assertHealth(awaitReady("audit", "DriftDetected"), "Degraded");
    assertHealth(awaitReady("denied", "AccessDenied"), "Degraded");
  }

  @Test
  void aTableRestoreIsProgressingUntilCompletedAndDegradedWhenItFailedOrLeftWorkForAPerson() throws Exception {
    protectTable("orders");
    String events = protectTable("events");
    dynamo.updateTimeToLive(r -> r.tableName(events).timeToLiveSpecification(s -> s.enabled(true)
        .attributeName("ttl")));
    aws.failAlways("UpdateTimeToLive", Fault.accessDenied("UpdateTimeToLive"));
    String target = tableName("copy");
    keepCreating(target);
    String existing = tableName("existing");
    createTable(existing);

    create(tableRestore("copy", "orders", target));
    create(tableRestore("early", "applied-later", tableName("early")));
    create(tableRestore("onto-existing", "orders", existing));
    create(tableRestore("events-copy", "events", tableName("events-copy")));

    assertHealth(awaitRestore("early", r -> Conditions.reason(r.getStatus().getConditions(), Conditions.READY)
        .filter("WaitingForSource"::equals).isPresent()), "Progressing");
    assertHealth(awaitPhase("copy", RestorePhase.Restoring), "Progressing");
    aws.clearRewrites();
    TableRestore completed = awaitPhase("copy", RestorePhase.Completed);
    assertHealth(completed, "Healthy");
    assertHealth(changed(completed, ArgoCdHealthTest::bumpGeneration), "Progressing",
        "Waiting for the operator to observe generation " + (completed.getMetadata().getGeneration() + 1));
    assertHealth(awaitPhase("onto-existing", RestorePhase.Failed), "Degraded");
    TableRestore warned = awaitPhase("events-copy", RestorePhase.Completed);
    assertThat(Conditions.reason(warned.getStatus().getConditions(), Conditions.READY))
        .hasValue("CompletedWithWarnings");
    assertHealth(warned, "Degraded");
  }

  /** Self-heal re-creates from Git what ttlAfterCompletion deleted: the operator's answer must not be Degraded. */
  @Test
  void aTableRestoreRecreatedAfterItsTtlIsHealthy() throws Exception {
    protectTable("orders");
    TableRestore inGit = tableRestore("audit", "orders", tableName("audit"));
    inGit.getSpec().setTtlAfterCompletion("3s");
    create(client.getKubernetesSerialization().clone(inGit));
    awaitPhase("audit", RestorePhase.Completed);
    await().atMost(STATUS_TIMEOUT).until(() -> getRestore("audit") == null);

    create(inGit);

    try {
      TableRestore again = awaitPhase("audit", RestorePhase.Completed);
      assertThat(Conditions.reason(again.getStatus().getConditions(), Conditions.READY)).hasValue("AlreadyCompleted");
      assertHealth(again, "Healthy");
    } finally {
      client.configMaps().inNamespace("default").withLabel("app.kubernetes.io/managed-by", "tableguard").list()
          .getItems().stream().filter(record -> namespace.equals(record.getData().get("namespace")))
          .forEach(record -> client.resource(record).delete());
    }
  }

  @Test
  void aTableBackupIsProgressingUntilAvailableAndDegradedWhenItFailed() throws Exception {
    protectTable("orders");
    create(backup("early", "applied-later", null));
    create(backup("q4", "orders", null));
    create(backup("wrong-table", "orders", "arn:aws:dynamodb:" + REGION + ":000000000000:table/elsewhere/backup/"
        + "01700000000000-0123abcd"));

    assertHealth(awaitBackup("early", b -> b.getStatus().getPhase() == BackupPhase.Pending), "Progressing");
    TableBackup available = awaitBackup("q4", b -> b.getStatus().getPhase() == BackupPhase.Available);
    assertHealth(available, "Healthy", available.getStatus().getMessage());
    assertHealth(changed(available, ArgoCdHealthTest::bumpGeneration), "Progressing",
        "Waiting for the operator to observe generation " + (available.getMetadata().getGeneration() + 1));
    assertHealth(awaitBackup("wrong-table", b -> b.getStatus().getPhase() == BackupPhase.Failed), "Degraded");
  }

  @Test
  void aTableBackupScheduleIsHealthyWhenScheduledOrSuspendedAndDegradedWhenItCannotRun() throws Exception {
    protectTable("orders");
    create(schedule("nightly", "UTC", false));
    create(schedule("paused", "UTC", true));
    create(schedule("mars", "Mars/Olympus_Mons", false));

    TableBackupSchedule nightly = awaitSchedule("nightly", "Scheduled");
    assertHealth(nightly, "Healthy", nightly.getStatus().getMessage());
    assertHealth(changed(nightly, ArgoCdHealthTest::bumpGeneration), "Progressing",
        "Waiting for the operator to observe generation " + (nightly.getMetadata().getGeneration() + 1));
    TableBackupSchedule paused = awaitSchedule("paused", "Suspended");
    assertHealth(paused, "Healthy", paused.getStatus().getMessage());
    TableBackupSchedule mars = awaitSchedule("mars", "InvalidSpec");
    assertHealth(mars, "Degraded", mars.getStatus().getMessage());
  }

  private TableBackupSchedule schedule(String name, String timeZone, boolean suspend) {
    TableBackupSchedule schedule = TableguardResources.backupSchedule(name, "orders", "0 2 * * *");
    schedule.getMetadata().setNamespace(namespace);
    schedule.getSpec().setTimeZone(timeZone);
    schedule.getSpec().setSuspend(suspend);
    return schedule;
  }

  private TableBackupSchedule create(TableBackupSchedule schedule) {
    return client.resource(schedule).create();
  }

  private TableBackupSchedule awaitSchedule(String name, String reason) {
    await().atMost(STATUS_TIMEOUT).until(() -> {
      TableBackupSchedule now = client.resources(TableBackupSchedule.class).inNamespace(namespace).withName(name)
          .get();
      return now.getStatus() != null
          && Conditions.reason(now.getStatus().getConditions(), Conditions.READY).filter(reason::equals).isPresent();
    });
    return client.resources(TableBackupSchedule.class).inNamespace(namespace).withName(name).get();
  }

  private TableBackup backup(String name, String protectedTable, String adopt) {
    TableBackup backup = TableguardResources.tableBackup(name, protectedTable);
    backup.getMetadata().setNamespace(namespace);
    backup.getSpec().setBackupArn(adopt);
    return backup;
  }

  private TableBackup create(TableBackup backup) {
    return client.resource(backup).create();
  }

  private TableBackup awaitBackup(String name, java.util.function.Predicate<TableBackup> condition) {
    await().atMost(STATUS_TIMEOUT).until(() -> {
      TableBackup now = client.resources(TableBackup.class).inNamespace(namespace).withName(name).get();
      return now.getStatus() != null && condition.test(now);
    });
    return client.resources(TableBackup.class).inNamespace(namespace).withName(name).get();
  }

  private void assertHealth(TableBackup backup, String health) throws Exception {
    assertHealth(backup, health, backup.getStatus().getMessage());
  }

  /** What Argo CD prints for this object with the shipped argocd-cm: its health and the operator's message. */
  private void assertHealth(HasMetadata resource, String health, String message) throws Exception {
    assertThat(argoCdHealth(resource)).as("Argo CD's health of %s", resource.getMetadata().getName())
        .isEqualTo("STATUS: " + health + "\nMESSAGE: " + message + "\n");
  }

  private void assertHealth(ProtectedTable pt, String health) throws Exception {
    assertHealth(pt, health, pt.getStatus().getMessage());
  }

  private void assertHealth(TableRestore restore, String health) throws Exception {
    assertHealth(restore, health, restore.getStatus().getMessage());
  }

  private String argoCdHealth(HasMetadata resource) throws IOException, InterruptedException {
    Path object = work.resolve(resource.getKind() + "-" + resource.getMetadata().getName() + ".yaml");
    Files.writeString(object, client.getKubernetesSerialization().asYaml(resource));
    Path log = work.resolve(object.getFileName() + ".log");
    Process argocd = new ProcessBuilder(argocdBinary().toString(), "admin", "settings", "resource-overrides",
        "health", object.toString(), "--argocd-cm-path", ARGOCD_CM.toString())
        .redirectError(log.toFile()).start();
    String output = new String(argocd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(argocd.waitFor(60, TimeUnit.SECONDS)).as("argocd finished: %s", output).isTrue();
    assertThat(argocd.exitValue()).as("argocd's exit status (a Lua error is 20); it printed:%n%s%s", output,
        Files.readString(log)).isZero();
    // A key that does not match the object's group and kind is no error to Argo CD: it says so and exits 0.
    assertThat(output).doesNotContain("Health script is not configured");
    return output;
  }

  /** Built by .ci/build-argocd-health, which .ci/setup runs. */
  private static Path argocdBinary() {
    String xdgCache = System.getenv("XDG_CACHE_HOME");
    Path cache = xdgCache == null || xdgCache.isEmpty()
        ? Path.of(System.getProperty("user.home"), ".cache") : Path.of(xdgCache);
    Path binary = cache.resolve(Path.of("tableguard", "argocd", "v3.6.1", "argocd"));
    assertThat(Files.isExecutable(binary)).as("Argo CD's CLI %s is missing: run .ci/setup (it runs "
        + ".ci/build-argocd-health)", binary).isTrue();
    return binary;
  }

  private static Map.Entry<String, String> entryFor(String kind, String luaFile) throws IOException {
    return Map.entry("resource.customizations.health.tableguard.io_" + kind,
        Files.readString(HEALTH_CHECKS.resolve(luaFile)));
  }

  /** A copy of a captured object, changed: what the API server holds just after a spec edit, for example. */
  private <T extends HasMetadata> T changed(T captured, UnaryOperator<T> change) {
    return change.apply(client.getKubernetesSerialization().clone(captured));
  }

  private static <T extends HasMetadata> T bumpGeneration(T resource) {
    resource.getMetadata().setGeneration(resource.getMetadata().getGeneration() + 1);
    return resource;
  }

  private ProtectedTable awaitReadyIn(String ns, String name, String reason) {
    return await().atMost(STATUS_TIMEOUT).until(
        () -> client.resources(ProtectedTable.class).inNamespace(ns).withName(name).get(),
        pt -> pt != null && pt.getStatus() != null
            && Conditions.reason(pt.getStatus().getConditions(), Conditions.READY).filter(reason::equals).isPresent());
  }
}
