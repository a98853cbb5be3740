package io.tableguard.testsupport;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.tableguard.config.CustomResourceDefinitions;
import io.tableguard.model.backup.TableBackup;
import io.tableguard.model.protection.ProtectedTable;
import io.tableguard.model.schedule.TableBackupSchedule;
import io.tableguard.model.restore.TableRestore;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real kube-apiserver and etcd (fabric8 kube-api-test), one per test JVM, with the committed CRDs from
 * crds/ installed: schema, CEL rules, the status subresource, finalizers and server-side apply are real.
 */
public final class KubeApi {
  private static KubeApi shared;
  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  private final KubeAPIServer server;
  private final String kubeconfig;
  private final KubernetesClient client;
  private Path kubeconfigFile;

  private KubeApi() {
    var config = KubeAPIServerConfigBuilder.anAPIServerConfig();
    // Where the binaries were built locally (no internet), never try to download them.
    File binaries = new File(System.getProperty("user.home"), ".kubeapitest/k8s");
    String[] local = binaries.list();
    if (local != null && local.length > 0) {
      config.withOfflineMode(true);
    }
    server = new KubeAPIServer(config.withStartupTimeout(120_000).build());
    server.start();
    kubeconfig = server.getKubeConfigYaml();
    client = newClient();
    installCrds();
    Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "kube-api-test-stop"));
  }

  public static synchronized KubeApi shared() {
    if (shared == null) {
      shared = new KubeApi();
    }
    return shared;
  }

  public KubernetesClient client() {
    return client;
  }

  /** A client of its own, for an operator instance that closes it. */
  public KubernetesClient newClient() {
    return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig)).build();
  }

  /** A client of its own whose every request is recorded for the RBAC check (see {@link KubeRequests}). */
  public KubernetesClient newRecordedClient() {
    return newRecordedClient(Config.fromKubeconfig(kubeconfig));
  }

  public static KubernetesClient newRecordedClient(Config config) {
    return new KubernetesClientBuilder().withConfig(config)
        .withHttpClientBuilderConsumer(http -> http.addOrReplaceInterceptor("rbac-recorder", KubeRequests.recorder()))
        .build();
  }

  /** A recorded client (see {@link #newRecordedClient()}) whose requests {@code counter} counts as well. */
  public KubernetesClient newCountedClient(KubeRequestCounter counter) {
    return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig))
        .withHttpClientBuilderConsumer(http -> http.addOrReplaceInterceptor("rbac-recorder", KubeRequests.recorder())
            .addOrReplaceInterceptor("request-counter", counter))
        .build();
  }

  public String kubeconfig() {
    return kubeconfig;
  }

  /** The kubeconfig as a file, for programs outside this JVM (kubectl, operator processes); written once. */
  public synchronized Path kubeconfigFile() {
    if (kubeconfigFile == null) {
      try {
        kubeconfigFile = Files.createTempFile("kubeconfig", ".yaml");
        Files.writeString(kubeconfigFile, kubeconfig);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the kubeconfig", e);
      }
      kubeconfigFile.toFile().deleteOnExit();
    }
    return kubeconfigFile;
  }

  public String createNamespace(String prefix) {
    String name = (prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-") + "-" + NAMESPACES.incrementAndGet());
    name = name.length() > 60 ? name.substring(name.length() - 60).replaceAll("^-+", "") : name;
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    return name;
  }

  /**
   * Removes every ProtectedTable and TableRestore of a namespace, finalizers included: an operator of an earlier test may
   * have added its finalizer, and leftovers would claim tables of later tests.
   */
  public void deleteTableguardResources(String namespace) {
    for (Class<? extends HasMetadata> kind : List.of(TableBackupSchedule.class, TableBackup.class, TableRestore.class,
        ProtectedTable.class)) {
      client.resources(kind).inNamespace(namespace).list().getItems().forEach(r -> {
        // A JSON merge patch without a resourceVersion: an operator still writing the resource cannot make it 409.
        client.resource(r).patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"finalizers\":null}}");
        client.resource(r).withGracePeriod(0).delete();
      });
    }
  }

  /** Runs kube-api-test's kubectl against this server, as a user would, and returns what it prints. */
  public String kubectl(String... args) throws IOException, InterruptedException {
    File binary;
    try (Stream<Path> versions = Files.list(Path.of(System.getProperty("user.home"), ".kubeapitest", "k8s"))) {
      binary = versions.map(v -> v.resolve("kubectl").toFile()).filter(File::canExecute).findFirst()
          .orElseThrow(() -> new IllegalStateException("no kubectl in ~/.kubeapitest/k8s"));
    }
    List<String> command = new java.util.ArrayList<>(List.of(binary.getPath(), "--kubeconfig",
        kubeconfigFile().toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException("kubectl " + String.join(" ", args) + " failed: " + output);
    }
    return output;
  }

  public static Path repoRoot() {
    return Path.of(System.getProperty("tableguard.repoRoot", "..")).toAbsolutePath().normalize();
  }

  public static List<Path> crdFiles() {
    try (Stream<Path> files = Files.list(repoRoot().resolve("crds"))) {
      return files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
    } catch (IOException e) {
      throw new IllegalStateException("cannot list crds/", e);
    }
  }

  private void installCrds() {
    for (Path file : crdFiles()) {
      try (InputStream in = Files.newInputStream(file)) {
        CustomResourceDefinitions.install(client, in);
      } catch (IOException e) {
        throw new IllegalStateException("cannot read " + file, e);
      }
    }
  }

}
