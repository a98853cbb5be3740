package io.tableguard.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tableguard.emulator.PitrEmulator;
import io.tableguard.kube.Conditions;
import io.tableguard.model.protection.ProtectedTable;
import io.tableguard.model.restore.RestoreItems;
import io.tableguard.model.restore.RestorePhase;
import io.tableguard.model.restore.TableRestore;
import io.tableguard.model.restore.TableRestoreSpec;
import io.tableguard.model.restore.WriteBack;
import io.tableguard.model.restore.WriteBackMode;
import io.tableguard.testsupport.AwsFaultProxy;
import io.tableguard.testsupport.DynamoTables;
import io.tableguard.testsupport.FreePorts;
import io.tableguard.testsupport.KubeApi;
import io.tableguard.testsupport.LocalNode;
import io.tableguard.testsupport.OperatorImage;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The chart's operator as a real Pod: the image Jib builds, imported into a one-node cluster's containerd (no
 * Docker, no registry) and installed with `helm install charts/tableguard`, under the chart's securityContext
 * and probes. Everything stays on 127.0.0.1: hostNetwork Pods reach the API server and the AWS emulator (behind a
 * counting proxy) on loopback ports, and metrics are read on the Pod's host port. The steps build on each other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalNodeEndToEndTest {
  private static final String OPERATOR_NS = "tableguard";
  private static final String TEAM_NS = "team-a";
  private static final String LEASE = "tableguard-e2e";
  private static final Duration POD_TIMEOUT = Duration.ofMinutes(3);

  @TempDir Path work;
  private LocalNode node;
  private KubernetesClient kube;
  private PitrEmulator emulator;
  private AwsFaultProxy aws;
  private DynamoDbClient dynamo;
  private String image;
  private final List<String> releases = new ArrayList<>();

  @BeforeAll
  void startNodeAndInstall() throws Exception {
    Path tar = OperatorImage.tar();
    image = new ObjectMapper().readTree(OperatorImage.run(List.of("tar", "-xOf", tar.toString(), "manifest.json"), 60))
        .get(0).get("RepoTags").get(0).asText();
    // Restores take 40 s, long enough to kill the leader in the middle of one.
    emulator = new PitrEmulator(PitrEmulator.Options.defaults().withRestoreDelay(Duration.ofSeconds(40)));
    aws = AwsFaultProxy.start(emulator.endpoint());
    dynamo = DynamoTables.client(emulator.endpoint());
    node = LocalNode.start();
    kube = node.client();
    node.importImage(tar);
    node.kubectl("create", "namespace", OPERATOR_NS);
    node.kubectl("create", "namespace", TEAM_NS);
  }

  @AfterAll
  void stopAll() throws Exception {
    if (node != null) {
      keepOperatorLogs();
      node.close();
    }
    if (aws != null) {
      aws.close();
    }
    if (emulator != null) {
      emulator.close();
    }
  }

  @Test
  @Order(1)
  void theChartsOperatorPodBecomesReadyUnderItsSecurityContext() throws Exception {
    install("tg-a", true);

    Pod pod = operatorPods("tg-a").get(0);
    var container = pod.getSpec().getContainers().get(0).getSecurityContext();
    assertThat(container.getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getRunAsNonRoot()).isTrue();
    assertThat(node.kubectl("exec", "-n", OPERATOR_NS, pod.getMetadata().getName(), "--", "id", "-u").strip())
        .as("runs as the chart's non-root user").isEqualTo("65532");
    assertThat(node.kubectl("logs", "-n", OPERATOR_NS, pod.getMetadata().getName()))
        .contains("watching every namespace");
  }

  @Test
  @Order(2)
  void theExamplesProtectAndRestoreAndDriftIsCorrected() throws Exception {
    DynamoTables.create(dynamo, "orders");
    ProtectedTable orders = example("protectedtable.yaml", ProtectedTable.class);
    orders.getSpec().setCheckInterval("10s");
    kube.resource(orders).create();
    awaitProtected();

    dynamo.updateContinuousBackups(r -> r.tableName("orders").pointInTimeRecoverySpecification(
        s -> s.pointInTimeRecoveryEnabled(false)));
    await().atMost(Duration.ofSeconds(60)).until(() -> {
      ProtectedTable pt = protectedTable();
      return pt.getStatus().getDriftCount() >= 1 && Conditions.isTrue(pt.getStatus().getConditions(), Conditions.READY);
    });
    assertThat(dynamo.describeContinuousBackups(r -> r.tableName("orders")).continuousBackupsDescription()
        .pointInTimeRecoveryDescription().pointInTimeRecoveryStatusAsString()).isEqualTo("ENABLED");
    String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + metricsPort("tg-a") + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
    assertThat(metrics).contains("tableguard_pitr_enabled{").contains("tableguard_drift_corrected_total{");
  }

  @Test
  @Order(3)
  void anItemRestoresCopyJobRunsAsRealPodsAndAKilledPodResumesFromItsCheckpoint() throws Exception {
    List<WriteRequest> orders = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      orders.add(WriteRequest.builder().putRequest(PutRequest.builder().item(Map.of("pk",
          AttributeValue.fromS("order-" + i), "status", AttributeValue.fromS("placed"))).build()).build());
    }
    for (int i = 0; i < orders.size(); i += 25) {
      List<WriteRequest> batch = orders.subList(i, i + 25);
      dynamo.batchWriteItem(r -> r.requestItems(Map.of("orders", batch)));
    }
    Instant restorePoint = Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.SECONDS);
    await().pollDelay(Duration.between(Instant.now(), restorePoint.plusMillis(1100))).until(() -> true);
    for (int i = 0; i < 150; i++) {
      String key = "order-" + i;
      dynamo.deleteItem(r -> r.tableName("orders").key(Map.of("pk", AttributeValue.fromS(key))));
    }
    TableRestore restore = new TableRestore();
    restore.getMetadata().setName("orders-items");
    restore.getMetadata().setNamespace(TEAM_NS);
    restore.setSpec(new TableRestoreSpec());
    restore.getSpec().setSource(new TableRestoreSpec.RestoreSource());
    restore.getSpec().getSource().setProtectedTableRef("orders");
    restore.getSpec().setRestorePoint(new TableRestoreSpec.RestorePoint());
    restore.getSpec().getRestorePoint().setTime(restorePoint.toString());
    restore.getSpec().setTarget(new TableRestoreSpec.RestoreTarget());
    restore.getSpec().getTarget().setTableName("orders-items-at-t");
    RestoreItems items = new RestoreItems();
    items.setWriteBack(new WriteBack());
    items.getWriteBack().setMode(WriteBackMode.MissingOnly);
    items.getWriteBack().setShards(2);
    items.getWriteBack().setParallelism(2);
    items.getWriteBack().setMaxWritesPerSecond(30);
    restore.getSpec().setItems(items);
    kube.resource(restore).create();

    // A copy pod killed (forcibly) once its shard has checkpointed writes: the Job starts another, which resumes.
    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() -> kube.configMaps()
        .inNamespace(OPERATOR_NS).withLabel("tableguard.io/restore-uid").list().getItems().stream()
        .anyMatch(m -> m.getData() != null && m.getData().getOrDefault("checkpoint", "").matches(".*\"Written\":[1-9].*")
            && !m.getData().getOrDefault("checkpoint", "").contains("\"done\":true")));
    Pod victim = kube.pods().inNamespace(OPERATOR_NS).withLabel("app.kubernetes.io/component", "copy").list().getItems()
        .stream().filter(p -> "Running".equals(p.getStatus().getPhase())).findFirst()
        .orElseThrow(() -> new AssertionError("no copy pod running"));
    Pod spec = victim;
    node.kubectl("delete", "pod", "-n", OPERATOR_NS, victim.getMetadata().getName(), "--grace-period=0", "--force");

    await().atMost(Duration.ofMinutes(3)).until(() -> itemRestore().getStatus().getPhase().terminal());
    TableRestore done = itemRestore();
    assertThat(done.getStatus().getPhase()).as(done.getStatus().getMessage()).isEqualTo(RestorePhase.Completed);
    assertThat(done.getStatus().getItems().getScanned()).isEqualTo(300);
    assertThat(done.getStatus().getItems().getWritten() + done.getStatus().getItems().getAlreadyRestored()
        + done.getStatus().getItems().getUnchanged()).isEqualTo(300);
    assertThat(done.getStatus().getItems().getWritten()).isEqualTo(done.getStatus().getItems().getMissingNow());
    assertThat(dynamo.scan(r -> r.tableName("orders").select("COUNT")).count()).isEqualTo(300);
    var podSpec = spec.getSpec();
    assertThat(podSpec.getServiceAccountName()).startsWith("tg-copy-");
    assertThat(podSpec.getContainers().get(0).getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(podSpec.getContainers().get(0).getArgs()).containsExactly("copy");
  }

  private TableRestore itemRestore() {
    return kube.resources(TableRestore.class).inNamespace(TEAM_NS).withName("orders-items").get();
  }

  @Test
  @Order(4)
  void aStandbyPodFinishesTheRestoreWhenTheLeaderPodIsKilled() throws Exception {
    install("tg-b", false);
    aws.clearCalls();
    TableRestore restore = example("tablerestore-latest.yaml", TableRestore.class);
    kube.resource(restore).create();
    await().atMost(Duration.ofSeconds(60)).until(() -> {
      TableRestore r = tableRestore();
      return r.getStatus() != null && r.getStatus().getPhase() == RestorePhase.Restoring
          && r.getStatus().getTargetTableArn() != null;
    });
    String leader = leaderPod();
    node.kubectl("delete", "pod", "-n", OPERATOR_NS, leader, "--grace-period=0", "--force");

    await().atMost(Duration.ofMinutes(3)).until(() -> tableRestore().getStatus().getPhase() == RestorePhase.Completed);
    assertThat(leaderPod()).as("another Pod leads").isNotEqualTo(leader);
    assertThat(aws.forwardedCount("RestoreTableToPointInTime")).as("restores AWS accepted").isEqualTo(1);
    assertThat(tableRestore().getStatus().getAppliedSettings()).hasSize(2);
  }

  @Test
  @Order(5)
  void helmUpgradeRollsTheOperatorAndUninstallLeavesNothingStuck() throws Exception {
    helm("upgrade", "tg-a", KubeApi.repoRoot().resolve("charts/tableguard").toString(), "--reuse-values",
        "--set", "reconcileThreads=4", "--wait", "--timeout", "3m");
    await().atMost(POD_TIMEOUT).until(() -> operatorPods("tg-a").stream().allMatch(p -> env(p)
        .contains("TABLEGUARD_RECONCILE_THREADS=4")));
    String checked = protectedTable().getStatus().getLastCheckTime();
    await().atMost(Duration.ofSeconds(60)).until(() -> !protectedTable().getStatus().getLastCheckTime().equals(checked));

    // Finalizers are released by the running operator, then the releases go.
    kube.resource(tableRestore()).delete();
    kube.resource(protectedTable()).delete();
    await().atMost(Duration.ofSeconds(60)).until(() -> tableRestore() == null && protectedTable() == null);
    for (String release : List.copyOf(releases)) {
      helm("uninstall", release, "--wait", "--timeout", "2m");
    }
    await().atMost(Duration.ofSeconds(60)).until(() -> kube.pods().inNamespace(OPERATOR_NS).list().getItems().isEmpty());
    assertThat(kube.apiextensions().v1().customResourceDefinitions().withName("protectedtables.tableguard.io").get())
        .as("CRDs are kept (helm.sh/resource-policy: keep)").isNotNull();
    assertThat(dynamo.describeTable(r -> r.tableName("orders-latest")).table().tableStatusAsString())
        .as("the restored table outlives its TableRestore (deletionPolicy Retain)").isEqualTo("ACTIVE");
  }

  /** The operator Pods' logs (of a failed step, say), kept beside the node's own logs in target/. */
  private void keepOperatorLogs() throws Exception {
    Path logs = Files.createDirectories(Path.of("target/local-node-logs/operator-pods"));
    for (Pod pod : kube.pods().inNamespace(OPERATOR_NS).list().getItems()) {
      Files.writeString(logs.resolve(pod.getMetadata().getName() + ".log"),
          kube.pods().inNamespace(OPERATOR_NS).withName(pod.getMetadata().getName()).getLog());
    }
  }

  /** A release of the chart with the test's values: the local image, hostNetwork, loopback endpoints. */
  private void install(String release, boolean withCrds) throws Exception {
    int metricsPort = FreePorts.pick();
    Path values = work.resolve(release + ".yaml");
    Files.writeString(values, String.join("\n",
        "image:",
        "  repository: " + image.substring(0, image.lastIndexOf(':')),
        "  tag: \"" + image.substring(image.lastIndexOf(':') + 1) + "\"",
        "  pullPolicy: Never",
        "hostNetwork: true",
        "crds:",
        "  install: " + withCrds,
        "aws:",
        "  region: us-east-1",
        "  endpoint: " + aws.endpoint(),
        "leaderElection:",
        "  leaseName: " + LEASE,
        "metrics:",
        "  port: " + metricsPort,
        "  bindAddress: 127.0.0.1",
        "probes:",
        "  port: " + FreePorts.pick(),
        "resources:",
        "  requests: {cpu: 50m, memory: 256Mi}",
        "copyJobs:",
        "  roleArn: arn:aws:iam::000000000000:role/tableguard-copy",
        "  resources: {cpu: 100m, memory: 256Mi}",
        "  extraEnv:",
        "    - {name: KUBERNETES_SERVICE_HOST, value: \"127.0.0.1\"}",
        "    - {name: KUBERNETES_SERVICE_PORT, value: \"" + node.apiServerPort() + "\"}",
        "extraEnv:",
        "  - {name: KUBERNETES_SERVICE_HOST, value: \"127.0.0.1\"}",
        "  - {name: KUBERNETES_SERVICE_PORT, value: \"" + node.apiServerPort() + "\"}",
        "  - {name: AWS_ACCESS_KEY_ID, value: e2e}",
        "  - {name: AWS_SECRET_ACCESS_KEY, value: e2e}",
        ""));
    helm("install", release, KubeApi.repoRoot().resolve("charts/tableguard").toString(), "-f", values.toString(),
        "--wait", "--timeout", "4m");
    releases.add(release);
    await().atMost(POD_TIMEOUT).until(() -> operatorPods(release).stream().anyMatch(LocalNodeEndToEndTest::ready));
  }

  private String helm(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(helmBinary().toString()));
    command.addAll(List.of(args));
    command.addAll(List.of("--namespace", OPERATOR_NS, "--kubeconfig", node.kubeconfig().toString()));
    return OperatorImage.run(command, 360);
  }

  private static Path helmBinary() {
    return Path.of(System.getenv().getOrDefault("XDG_CACHE_HOME", System.getProperty("user.home") + "/.cache"),
        "tableguard", "bin", "helm");
  }

  private List<Pod> operatorPods(String release) {
    return kube.pods().inNamespace(OPERATOR_NS).withLabel("app.kubernetes.io/instance", release).list().getItems()
        .stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
  }

  private int metricsPort(String release) {
    return operatorPods(release).get(0).getSpec().getContainers().get(0).getPorts().get(0).getContainerPort();
  }

  private String leaderPod() {
    Lease lease = kube.leases().inNamespace(OPERATOR_NS).withName(LEASE).get();
    String holder = Objects.requireNonNull(lease.getSpec().getHolderIdentity(), "the Lease has no holder");
    return kube.pods().inNamespace(OPERATOR_NS).list().getItems().stream().map(p -> p.getMetadata().getName())
        .filter(name -> holder.startsWith(name + "-")).findFirst()
        .orElseThrow(() -> new AssertionError("no Pod holds the Lease (holder " + holder + ")"));
  }

  private static boolean ready(Pod pod) {
    return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions()
        .stream().anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
  }

  private static List<String> env(Pod pod) {
    return pod.getSpec().getContainers().get(0).getEnv().stream().map(e -> e.getName() + "=" + e.getValue()).toList();
  }

  private void awaitProtected() {
    await().atMost(Duration.ofSeconds(90)).until(() -> {
      ProtectedTable pt = protectedTable();
      return pt != null && pt.getStatus() != null
          && Conditions.reason(pt.getStatus().getConditions(), Conditions.READY).filter("Protected"::equals)
              .isPresent();
    });
  }

  private ProtectedTable protectedTable() {
    return kube.resources(ProtectedTable.class).inNamespace(TEAM_NS).withName("orders").get();
  }

  private TableRestore tableRestore() {
    return kube.resources(TableRestore.class).inNamespace(TEAM_NS).withName("orders-latest").get();
  }

  private <T extends io.fabric8.kubernetes.api.model.HasMetadata> T example(String file, Class<T> kind)
      throws Exception {
    try (InputStream in = Files.newInputStream(KubeApi.repoRoot().resolve("examples").resolve(file))) {
      T resource = kube.getKubernetesSerialization().unmarshal(in, kind);
      resource.getMetadata().setNamespace(TEAM_NS);
      return resource;
    }
  }
}
