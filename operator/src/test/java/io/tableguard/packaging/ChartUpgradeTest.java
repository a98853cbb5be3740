package io.tableguard.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tableguard.model.protection.ProtectedTable;
import io.tableguard.testsupport.KubeApi;
import io.tableguard.testsupport.TableguardResources;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * `helm upgrade` from the chart as it was first released (commit 6a9589b, packaged as a test resource) to this
 * one, on the real API server: the CRDs (templates with resource-policy keep) are upgraded to exactly crds/, the
 * resources users created survive, and `helm uninstall` leaves the CRDs and the resources alone. It replaces the
 * shared server's CRDs for a moment, so it runs after the tests that use them and puts crds/ back in any case.
 */
@Order(Integer.MAX_VALUE - 1)
class ChartUpgradeTest {
  private static final Path FIRST_RELEASE = Path.of("src/test/resources/charts/tableguard-0.1.0-6a9589b.tgz");
  private static final String PROTECTED_TABLES = "protectedtables.tableguard.io";

  private final KubeApi kube = KubeApi.shared();
  private final KubernetesClient client = kube.client();

  @AfterEach
  void restoreTheCrdsOfThisCheckout() throws Exception {
    for (Path file : KubeApi.crdFiles()) {
      try (InputStream in = Files.newInputStream(file)) {
        client.resource(client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class))
            .fieldManager("chart-upgrade-test").forceConflicts().serverSideApply();
      }
    }
  }

  @Test
  void upgradesTheCrdsAndKeepsEveryResource() throws Exception {
    String namespace = kube.createNamespace("chart-upgrade");
    String release = namespace;
    helm("install", release, FIRST_RELEASE.toAbsolutePath().toString(), "--take-ownership");
    assertThat(statusFields(crd())).as("the first release's schema").doesNotContain("managedBy");
    ProtectedTable kept = TableguardResources.protectedTable("kept", "kept-table");
    kept.getMetadata().setNamespace(namespace);
    client.resource(kept).create();

    // The shared API server already holds the CRDs of kinds added since (every test installs crds/); a cluster
    // upgrading from the first release does not, and gets them from this upgrade. Taking them over stands for that.
    helm("upgrade", release, Helm.CHART.toString(), "--set", "watchNamespaces={" + namespace + "}",
        "--take-ownership");

    CustomResourceDefinition upgraded = crd();
    assertThat(statusFields(upgraded)).as("the schema after the upgrade").contains("managedBy");
    var served = upgraded.getSpec().getVersions().get(0);
    var declared = checkedIn().getSpec().getVersions().get(0);
    assertThat(served.getSchema()).as("the schema of crds/").isEqualTo(declared.getSchema());
    // The API server leaves out priority 0; the columns' names, paths and types are what kubectl shows.
    assertThat(served.getAdditionalPrinterColumns()).extracting("name", "jsonPath", "type")
        .isEqualTo(declared.getAdditionalPrinterColumns().stream()
            .map(c -> tuple(c.getName(), c.getJsonPath(), c.getType())).toList());
    assertThat(upgraded.getMetadata().getAnnotations()).containsEntry("helm.sh/resource-policy", "keep");
    assertThat(client.apps().deployments().inNamespace(namespace).list().getItems()).singleElement()
        .satisfies(d -> assertThat(env(d)).contains("TABLEGUARD_WATCH_NAMESPACES=" + namespace));
    assertThat(helm("history", release)).contains("superseded").contains("deployed");
    assertThat(client.resources(ProtectedTable.class).inNamespace(namespace).withName("kept").get()).isNotNull();

    helm("uninstall", release);

    assertThat(client.rbac().clusterRoles().withName(release + "-tableguard").get()).as("release objects removed")
        .isNull();
    assertThat(client.apiextensions().v1().customResourceDefinitions().withName(PROTECTED_TABLES).get())
        .as("the CRD, kept").isNotNull();
    assertThat(client.resources(ProtectedTable.class).inNamespace(namespace).withName("kept").get())
        .as("the user's resource, kept").isNotNull();
    kube.deleteTableguardResources(namespace);
  }

  /** helm against the test API server; the release (args[1]) is named after its namespace. */
  private String helm(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Helm.binary().toString()));
    command.addAll(List.of(args));
    command.addAll(List.of("--namespace", args[1], "--kubeconfig", kube.kubeconfigFile().toString()));
    return Helm.run(command);
  }

  private CustomResourceDefinition crd() {
    return client.apiextensions().v1().customResourceDefinitions().withName(PROTECTED_TABLES).get();
  }

  private CustomResourceDefinition checkedIn() throws Exception {
    try (InputStream in = Files.newInputStream(KubeApi.repoRoot().resolve("crds/" + PROTECTED_TABLES + "-v1.yml"))) {
      return client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
    }
  }

  private static Set<String> statusFields(CustomResourceDefinition crd) {
    return crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema().getProperties().get("status")
        .getProperties().keySet();
  }

  private static List<String> env(Deployment deployment) {
    return deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
        .map(e -> e.getName() + "=" + e.getValue()).toList();
  }
}
