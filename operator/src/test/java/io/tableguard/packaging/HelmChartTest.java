package io.tableguard.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.tableguard.config.AccessPolicy;
import io.tableguard.testsupport.KubeApi;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Helm chart, checked with helm v3.22.0 itself (built by .ci/build-helm): `helm lint --strict` and `helm template`
 * for the default values and each value set in charts/tableguard/ci/, every rendered manifest created on the real
 * kube-apiserver (server-side apply), except the Prometheus Operator's kinds, whose CRDs are not there: those are
 * parsed strictly with fabric8's monitoring model and their rules checked by promtool.
 */
class HelmChartTest {
  private static final Path CHART = Helm.CHART;
  private static final String DEFAULTS = "default";
  private static final Set<String> NOT_ON_THE_API_SERVER = Set.of("ServiceMonitor", "PrometheusRule");
  private static final YAMLMapper YAML = new YAMLMapper();

  private static Path helm;
  private final KubernetesClient client = KubeApi.shared().client();

  @TempDir
  Path work;

  @BeforeAll
  static void findHelm() {
    helm = Helm.binary();
  }

  /** The default values, then every file of ci/ (Helm's convention for the value sets a chart is tested with). */
  static Stream<String> valueSets() throws IOException {
    try (Stream<Path> files = Files.list(CHART.resolve("ci"))) {
      return Stream.concat(Stream.of(DEFAULTS), files.map(f -> f.getFileName().toString()).sorted().toList().stream());
    }
  }

  @ParameterizedTest
  @MethodSource("valueSets")
  void passesHelmLintStrict(String valueSet) throws Exception {
    List<String> args = new ArrayList<>(List.of("lint", "--strict", CHART.toString()));
    args.addAll(valuesArgs(valueSet));
    assertThat(helm(args)).contains("0 chart(s) failed");
  }

  @ParameterizedTest
  @MethodSource("valueSets")
  void everyRenderedManifestIsAcceptedByTheApiServer(String valueSet) throws Exception {
    String namespace = KubeApi.shared().createNamespace("helm-" + valueSet.replace(".yaml", ""));
    List<HasMetadata> manifests = render(valueSet, namespace);

    assertThat(manifests).extracting(HasMetadata::getKind)
        .contains("CustomResourceDefinition", "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role",
            "RoleBinding", "ConfigMap", "Service", "Deployment");
    for (HasMetadata manifest : manifests) {
      if (NOT_ON_THE_API_SERVER.contains(manifest.getKind())) {
        assertParsedStrictly(manifest);
      } else {
        HasMetadata created = client.resource(manifest).fieldManager("helm-chart-test").forceConflicts()
            .serverSideApply();
        assertThat(created.getMetadata().getUid()).as("%s %s created", manifest.getKind(), name(manifest))
            .isNotBlank();
      }
    }
  }

  @Test
  void theDeploymentIsSecureByDefault() throws Exception {
    List<HasMetadata> manifests = render(DEFAULTS, "tableguard");
    var pod = only(manifests, Deployment.class).getSpec().getTemplate().getSpec();
    Container operator = pod.getContainers().get(0);

    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    var container = operator.getSecurityContext();
    assertThat(container.getRunAsNonRoot()).isTrue();
    assertThat(container.getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(operator.getVolumeMounts()).anyMatch(m -> m.getMountPath().equals("/tmp"));
    assertThat(pod.getVolumes()).anyMatch(v -> v.getEmptyDir() != null);
    assertThat(operator.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(operator.getResources().getLimits()).containsKeys("cpu", "memory");
    assertThat(operator.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(operator.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(List.of(operator.getLivenessProbe().getHttpGet().getPort().getStrVal(),
        operator.getReadinessProbe().getHttpGet().getPort().getStrVal())).as("apart from /metrics")
        .containsOnly("probes");
    assertThat(operator.getPorts()).extracting(p -> p.getName() + ":" + p.getContainerPort())
        .containsExactly("metrics:8080", "probes:8081");
    assertThat(env(operator)).containsEntry("TABLEGUARD_PROBE_PORT", "8081");
    NetworkPolicy network = only(manifests, NetworkPolicy.class);
    assertThat(network.getSpec().getPodSelector().getMatchLabels())
        .isEqualTo(only(manifests, Deployment.class).getSpec().getSelector().getMatchLabels());
    assertThat(network.getSpec().getPolicyTypes()).containsExactly("Ingress");
    assertThat(network.getSpec().getIngress()).as("only the monitoring namespace, only the metrics port")
        .singleElement().satisfies(rule -> {
          assertThat(rule.getPorts()).singleElement()
              .satisfies(p -> assertThat(p.getPort().getStrVal()).isEqualTo("metrics"));
          assertThat(rule.getFrom()).singleElement().satisfies(peer -> assertThat(peer.getNamespaceSelector()
              .getMatchLabels()).containsExactly(Map.entry("kubernetes.io/metadata.name", "monitoring")));
        });
    assertThat(pod.getHostNetwork()).isNull();
    assertThat(env(operator)).containsEntry("TABLEGUARD_LEADER_ELECTION", "true");
    assertThat(operator.getEnv()).anyMatch(e -> e.getName().equals("POD_NAMESPACE")
        && e.getValueFrom().getFieldRef().getFieldPath().equals("metadata.namespace"));
    AccessPolicy policy = AccessPolicy.parse(accessPolicyFile(manifests));
    assertThat(policy.rules()).as("the single-team default, one rule: every namespace, every table, the operator's "
        + "own credentials").singleElement().satisfies(rule -> {
          assertThat(rule.namespaces()).containsExactly("*");
          assertThat(rule.tables()).containsExactly("*");
          assertThat(rule.operatorCredentials()).isTrue();
          assertThat(rule.roleArns()).isNullOrEmpty();
        });
    assertThat(env(operator)).containsEntry("TABLEGUARD_ACCESS_POLICY_FILE", "/etc/tableguard/access-policy.yaml");
    assertThat(manifests).extracting(HasMetadata::getKind)
        .doesNotContain("PodDisruptionBudget", "ServiceMonitor", "PrometheusRule");
  }

  /** Every TABLEGUARD_* setting the operator reads is a value of the chart, but those the chart decides itself. */
  @Test
  void everyOperatorSettingIsAValue() throws Exception {
    Map<String, String> notValues = Map.of(
        "TABLEGUARD_DEFAULT_REGION", "aws.region sets AWS_REGION, which the AWS SDK reads too",
        "TABLEGUARD_LEADER_ELECTION_NAMESPACE", "the Lease is in the release namespace: POD_NAMESPACE",
        "TABLEGUARD_INSTALL_ID", "an install is named by its Lease: POD_NAMESPACE/leaderElection.leaseName",
        "TABLEGUARD_ROLE_POLICY_FILE", "earlier versions' role policy: the chart adds rolePolicy to the access policy",
        "TABLEGUARD_COPY_NAMESPACE", "copy Jobs run in the release namespace: POD_NAMESPACE");
    Set<String> settings = new TreeSet<>();
    // The settings are read in io.tableguard.config: OperatorSettings, ChangeEventSettings and CopyJobSettings.
    for (String file : List.of("OperatorSettings.java", "ChangeEventSettings.java", "CopyJobSettings.java")) {
      Matcher names = Pattern.compile("\"(TABLEGUARD_[A-Z_]+)\"").matcher(Files.readString(KubeApi.repoRoot()
          .resolve("operator/src/main/java/io/tableguard/config").resolve(file)));
      while (names.find()) {
        settings.add(names.group(1));
      }
    }
    settings.removeAll(notValues.keySet());

    Map<String, String> env = env(only(render("irsa-values.yaml", "tableguard"), Deployment.class)
        .getSpec().getTemplate().getSpec().getContainers().get(0));
    assertThat(env).containsKeys(settings.toArray(String[]::new)).containsKey("AWS_REGION")
        .doesNotContainKeys(notValues.keySet().toArray(String[]::new));
  }

  @Test
  void theNetworkPolicyCanAdmitTheNodesToTheProbesOrBeLeftOut() throws Exception {
    Path values = work.resolve("probes-from.yaml");
    Files.writeString(values, "networkPolicy:\n  probesFrom:\n    - ipBlock: {cidr: 192.0.2.0/24}\n");
    NetworkPolicy policy = only(render(values.toString(), "tableguard"), NetworkPolicy.class);
    assertThat(policy.getSpec().getIngress()).extracting(r -> r.getPorts().get(0).getPort().getStrVal())
        .containsExactly("metrics", "probes");

    Files.writeString(values, "networkPolicy:\n  enabled: false\n");
    assertThat(render(values.toString(), "tableguard")).extracting(HasMetadata::getKind).doesNotContain("NetworkPolicy");
  }

  @Test
  void moreThanOneReplicaHasAPodDisruptionBudget() throws Exception {
    List<HasMetadata> manifests = render("replicas-values.yaml", "tableguard");
    Deployment deployment = only(manifests, Deployment.class);
    PodDisruptionBudget pdb = only(manifests, PodDisruptionBudget.class);

    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    assertThat(pdb.getSpec().getSelector().getMatchLabels())
        .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
    assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
  }

  @Test
  void monitoringRendersTheServiceMonitorTheAlertsAndTheDashboard() throws Exception {
    List<HasMetadata> manifests = render("monitoring-values.yaml", "tableguard");

    ServiceMonitor monitor = only(manifests, ServiceMonitor.class);
    assertThat(monitor.getSpec().getEndpoints()).singleElement()
        .satisfies(e -> assertThat(e.getPort()).isEqualTo("metrics"))
        .satisfies(e -> assertThat(e.getHonorLabels()).as("keeps the series' own namespace label").isTrue());
    assertThat(monitor.getSpec().getSelector().getMatchLabels())
        .isEqualTo(only(manifests, Deployment.class).getSpec().getSelector().getMatchLabels());

    PrometheusRule rule = only(manifests, PrometheusRule.class);
    JsonNode groups = YAML.valueToTree(rule.getSpec()).get("groups");
    assertThat(groups).as("the groups of files/prometheus-rules.yaml")
        .isEqualTo(YAML.readTree(CHART.resolve("files/prometheus-rules.yaml").toFile()).get("groups"));
    Path promtool = onPath("promtool").orElseThrow(() -> new AssertionError("promtool is not on PATH: run .ci/setup"));
    Path rules = work.resolve("rules.yaml");
    YAML.writeValue(rules.toFile(), Map.of("groups", groups));
    assertThat(run(List.of(promtool.toString(), "check", "rules", rules.toString()))).contains("SUCCESS");

    ConfigMap dashboard = manifests.stream().filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast)
        .filter(c -> "1".equals(c.getMetadata().getLabels().get("grafana_dashboard"))).findFirst().orElseThrow();
    assertThat(YAML.readTree(dashboard.getData().get("tableguard.json")))
        .isEqualTo(YAML.readTree(CHART.resolve("files/dashboard.json").toFile()));
  }

  @Test
  void irsaAccessPolicyAndHostNetworkAreRendered() throws Exception {
    List<HasMetadata> manifests = render("irsa-values.yaml", "tableguard");

    assertThat(only(manifests, ServiceAccount.class).getMetadata().getAnnotations())
        .containsEntry("eks.amazonaws.com/role-arn", "arn:aws:iam::111122223333:role/tableguard");
    AccessPolicy policy = AccessPolicy.parse(accessPolicyFile(manifests));
    assertThat(policy.allowsRole("billing-eu", "arn:aws:iam::111122223333:role/tableguard-protector")).isTrue();
    assertThat(policy.allowsRole("shop", "arn:aws:iam::444455556666:role/tableguard-shop"))
        .as("rolePolicy of earlier versions").isTrue();
    assertThat(policy.allowsRole("shop", "arn:aws:iam::111122223333:role/tableguard-protector")).isFalse();
    assertThat(policy.allows("billing-eu", Optional.empty(), "billing-ledger",
        "arn:aws:dynamodb:eu-west-1:111122223333:table/billing-ledger")).isTrue();
    assertThat(policy.allows("billing-eu", Optional.empty(), "payroll",
        "arn:aws:dynamodb:eu-west-1:111122223333:table/payroll")).as("not the billing team's").isFalse();
    var pod = only(manifests, Deployment.class).getSpec().getTemplate().getSpec();
    assertThat(pod.getHostNetwork()).isTrue();
    assertThat(pod.getDnsPolicy()).isEqualTo("ClusterFirstWithHostNet");
    assertThat(env(pod.getContainers().get(0))).containsEntry("TABLEGUARD_AWS_DESCRIBE_CONTINUOUS_BACKUPS_PER_SECOND", "2.5")
        .containsEntry("TABLEGUARD_HTTP_PORT", "18080").containsEntry("JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=75");
    assertThat(env(pod.getContainers().get(0))).containsEntry("TABLEGUARD_EVENT_QUEUE_URLS",
        "https://sqs.eu-west-1.amazonaws.com/111122223333/tableguard-events,"
            + "https://sqs.us-east-1.amazonaws.com/111122223333/tableguard-events");
  }

  /** One source of truth: the chart's copy of the CRDs is crds/, byte for byte. */
  @Test
  void theChartsCrdFilesAreCopiesOfCrds() throws IOException {
    Path copies = CHART.resolve("files/crds");
    try (Stream<Path> files = Files.list(copies)) {
      assertThat(files.map(f -> f.getFileName().toString()).sorted().toList())
          .as("files in charts/tableguard/files/crds (cp crds/*.yml charts/tableguard/files/crds/)")
          .isEqualTo(KubeApi.crdFiles().stream().map(f -> f.getFileName().toString()).toList());
    }
    for (Path crd : KubeApi.crdFiles()) {
      assertThat(Files.mismatch(crd, copies.resolve(crd.getFileName())))
          .as("charts/tableguard/files/crds/%s differs from crds/: cp crds/*.yml charts/tableguard/files/crds/",
              crd.getFileName())
          .isEqualTo(-1L);
    }
  }

  /** The CRDs are templates that `helm upgrade` updates, kept on uninstall, and equal to crds/ but for that. */
  @Test
  void renderedCrdsAreCrdsKeptOnUninstall() throws Exception {
    List<JsonNode> rendered = new ArrayList<>();
    for (JsonNode document : documents(template(DEFAULTS, "tableguard"))) {
      if ("CustomResourceDefinition".equals(document.path("kind").asText())) {
        ObjectNode metadata = (ObjectNode) document.get("metadata");
        assertThat(metadata.remove("annotations")).isEqualTo(YAML.readTree("helm.sh/resource-policy: keep"));
        assertThat(metadata.remove("labels").get("app.kubernetes.io/managed-by").asText()).isEqualTo("Helm");
        rendered.add(document);
      }
    }
    List<JsonNode> committed = new ArrayList<>();
    for (Path crd : KubeApi.crdFiles()) {
      committed.add(YAML.readTree(crd.toFile()));
    }
    assertThat(rendered).containsExactlyInAnyOrderElementsOf(committed);
    assertThat(template(DEFAULTS, "tableguard", "--set", "crds.install=false")).doesNotContain("CustomResourceDefinition");
  }

  /**
   * Unknown fields land in fabric8's additionalProperties instead of failing, so strict means: none anywhere.
   */
  private static void assertParsedStrictly(HasMetadata manifest) throws ReflectiveOperationException {
    assertThat(manifest).as("%s parsed with fabric8's monitoring model", manifest.getKind())
        .isInstanceOfAny(ServiceMonitor.class, PrometheusRule.class);
    assertNoUnknownFields(manifest, manifest.getKind());
  }

  private static void assertNoUnknownFields(Object value, String path) throws ReflectiveOperationException {
    if (value instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        assertNoUnknownFields(item, path + "[" + i++ + "]");
      }
    } else if (value instanceof Map<?, ?> map) {
      for (var entry : map.entrySet()) {
        assertNoUnknownFields(entry.getValue(), path + "." + entry.getKey());
      }
    } else if (value != null && value.getClass().getPackageName().startsWith("io.fabric8")) {
      for (Method getter : value.getClass().getMethods()) {
        if (getter.getParameterCount() == 0 && getter.getName().startsWith("get")
            && getter.getDeclaringClass() != Object.class) {
          Object field = invoke(getter, value);
          if (getter.getName().equals("getAdditionalProperties")) {
            assertThat((Map<?, ?>) field).as("fields of %s unknown to the model", path).isEmpty();
          } else {
            assertNoUnknownFields(field, path + "." + getter.getName().substring(3));
          }
        }
      }
    }
  }

  private static Object invoke(Method getter, Object target) throws ReflectiveOperationException {
    try {
      return getter.invoke(target);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(getter + " failed", e.getCause());
    }
  }

  private List<HasMetadata> render(String valueSet, String namespace) throws Exception {
    return client.load(new ByteArrayInputStream(template(valueSet, namespace).getBytes(StandardCharsets.UTF_8)))
        .items();
  }

  private String template(String valueSet, String namespace, String... more) throws Exception {
    List<String> args = new ArrayList<>(valuesArgs(valueSet));
    args.addAll(Arrays.asList(more));
    return Helm.template(namespace, args);
  }

  private static List<String> valuesArgs(String valueSet) {
    return valueSet.equals(DEFAULTS) ? List.of() : List.of("--values", CHART.resolve("ci").resolve(valueSet).toString());
  }

  private static String helm(List<String> args) throws Exception {
    List<String> command = new ArrayList<>(List.of(helm.toString()));
    command.addAll(args);
    return run(command);
  }

  private static String run(List<String> command) throws Exception {
    return Helm.run(command);
  }

  private static List<JsonNode> documents(String yaml) throws IOException {
    try (var parser = YAML.createParser(yaml)) {
      return YAML.readValues(parser, JsonNode.class).readAll().stream().filter(d -> d != null && !d.isEmpty())
          .toList();
    }
  }

  private static <T extends HasMetadata> T only(List<HasMetadata> manifests, Class<T> kind) {
    List<T> found = manifests.stream().filter(kind::isInstance).map(kind::cast).toList();
    assertThat(found).as("rendered %s", kind.getSimpleName()).hasSize(1);
    return found.get(0);
  }

  private static String accessPolicyFile(List<HasMetadata> manifests) {
    return manifests.stream().filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast)
        .map(c -> c.getData().get("access-policy.yaml")).filter(f -> f != null).findFirst().orElseThrow();
  }

  private static Map<String, String> env(Container container) {
    Map<String, String> env = new java.util.LinkedHashMap<>();
    for (EnvVar var : container.getEnv()) {
      env.put(var.getName(), var.getValue());
    }
    return env;
  }

  private static String name(HasMetadata manifest) {
    return Optional.ofNullable(manifest.getMetadata().getNamespace()).map(ns -> ns + "/").orElse("")
        + manifest.getMetadata().getName();
  }

  private static Optional<Path> onPath(String program) {
    return Helm.onPath(program);
  }
}
