package io.tableguard.sandbox;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.tableguard.config.CustomResourceDefinitions;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real kube-apiserver and etcd on this machine (kube-api-test): downloaded where there is internet,
 * the ones .ci/build-kube-binaries built where there is not. The CRDs come from the operator jar.
 */
final class LocalCluster implements AutoCloseable {
  private final KubeAPIServer server;
  private final String kubeconfig;
  private final KubernetesClient client;

  LocalCluster() {
    var config = KubeAPIServerConfigBuilder.anAPIServerConfig().withStartupTimeout(120_000);
    String[] local = binariesDir().list();
    if (local != null && local.length > 0) {
      config.withOfflineMode(true);
    }
    server = new KubeAPIServer(config.build());
    server.start();
    kubeconfig = server.getKubeConfigYaml();
    client = newClient();
    CustomResourceDefinitions.installBundled(client);
  }

  KubernetesClient client() {
    return client;
  }

  String kubeconfig() {
    return kubeconfig;
  }

  /** Creates the namespace; returns its name. */
  String createNamespace(String name) {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata()
        .withName(name).endMetadata().build()).create();
    return name;
  }

  KubernetesClient newClient() {
    return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig)).build();
  }

  Path writeKubeconfig(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, kubeconfig);
  }

  /** Runs kube-api-test's kubectl against this cluster and returns what it prints. */
  String kubectl(String... args) throws IOException, InterruptedException {
    Path config = writeKubeconfig(Files.createTempDirectory("sandbox").resolve("kubeconfig"));
    File kubectl = null;
    File[] versions = binariesDir().listFiles();
    for (File v : versions == null ? new File[0] : versions) {
      if (new File(v, "kubectl").canExecute()) {
        kubectl = new File(v, "kubectl");
      }
    }
    if (kubectl == null) {
      return "(kubectl not found in " + binariesDir() + ")";
    }
    List<String> command = new ArrayList<>(List.of(kubectl.getPath(), "--kubeconfig", config.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor(30, TimeUnit.SECONDS);
    return output;
  }

  private static File binariesDir() {
    return new File(System.getProperty("user.home"), ".kubeapitest/k8s");
  }

  @Override
  public void close() {
    client.close();
    server.stop();
  }
}
