package io.tableguard.testsupport;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real one-node Kubernetes cluster on this machine (.ci/local-node: etcd, kube-apiserver, controller-manager,
 * scheduler, a private containerd and a kubelet, all on 127.0.0.1), for tests that run the operator as a Pod.
 * Needs root and what .ci/setup installs; {@link #close()} stops it and undoes every change to the machine.
 */
public final class LocalNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalNode.class);
  private static final Path SCRIPT = KubeApi.repoRoot().resolve(".ci/local-node");

  private final Path dir;
  private final Properties env = new Properties();
  private final KubernetesClient client;

  private LocalNode(Path dir) throws IOException, InterruptedException {
    this.dir = dir;
    String started = OperatorImage.run(List.of("bash", SCRIPT.toString(), "up", dir.toString()), 300).strip();
    LOG.info("{}", started);
    try (Reader in = Files.newBufferedReader(dir.resolve("env"))) {
      env.load(in);
    }
    client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(kubeconfig()))).build();
  }

  /** Starts a cluster under a new short directory (unix socket paths are limited to about 100 characters). */
  public static LocalNode start() throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory(Path.of("/tmp"), "tg-node-");
    try {
      return new LocalNode(dir);
    } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
      stop(dir);
      throw e;
    }
  }

  /** A docker-archive or OCI image tar, imported into the node's containerd (Pods use it with pullPolicy Never). */
  public void importImage(Path tar) throws IOException, InterruptedException {
    OperatorImage.run(List.of("bash", SCRIPT.toString(), "import", dir.toString(), tar.toString()), 300);
  }

  public KubernetesClient client() {
    return client;
  }

  public Path kubeconfig() {
    return Path.of(env.getProperty("KUBECONFIG"));
  }

  public int apiServerPort() {
    return Integer.parseInt(env.getProperty("APISERVER_PORT"));
  }

  /** kubectl against the node's API server, as a person would type it. */
  public String kubectl(String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of(env.getProperty("KUBECTL"), "--kubeconfig",
        kubeconfig().toString()));
    command.addAll(List.of(args));
    return OperatorImage.run(command, 120);
  }

  @Override
  public void close() throws IOException, InterruptedException {
    client.close();
    stop(dir);
  }

  /** Stops the cluster, keeps its logs under target/local-node-logs and removes the rest (image layers too). */
  private static void stop(Path dir) throws IOException, InterruptedException {
    LOG.info("{}", OperatorImage.run(List.of("bash", SCRIPT.toString(), "down", dir.toString()), 300).strip());
    Path logs = Path.of("target/local-node-logs", dir.getFileName().toString());
    Files.createDirectories(logs.getParent());
    OperatorImage.run(List.of("cp", "-r", dir.resolve("logs").toString(), logs.toString()), 60);
    if (Files.readString(Path.of("/proc/mounts")).contains(dir.toString())) {
      LOG.warn("{} still has mounts after down; left in place", dir);
    } else {
      OperatorImage.run(List.of("rm", "-rf", dir.toString()), 120);
    }
  }
}
