package io.tableguard.sandbox;

import io.tableguard.TableguardOperator;
import io.tableguard.config.AccessPolicy;
import io.tableguard.config.CopyJobSettings;
import io.tableguard.config.OperatorSettings;
import io.tableguard.emulator.PitrEmulator;
import io.tableguard.testsupport.CopyJobKubelet;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The one-command demo: a real kube-apiserver, the PITR emulator and the operator, then the incident
 * scenario, then a short report. With --stay it keeps running for kubectl.
 */
public final class Sandbox {
  /** --orders N (default 10000), --metrics-port P (default 8080, 0 for any), --stay. */
  public record Options(int orders, int metricsPort, boolean stay) {
    static Options parse(String[] args) {
      int orders = 10_000;
      int port = 8080;
      boolean stay = false;
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--orders" -> orders = Integer.parseInt(args[++i]);
          case "--metrics-port" -> port = Integer.parseInt(args[++i]);
          case "--stay" -> stay = true;
          case "" -> { }
          default -> throw new IllegalArgumentException("unknown option " + args[i]
              + " (options: --orders N, --metrics-port P, --stay)");
        }
      }
      return new Options(orders, port, stay);
    }
  }

  private Sandbox() {}

  /**
   * What the sandbox lets its namespace touch, said in one line: the orders tables, with the operator's own
   * credentials (the examples' restores write orders-*).
   */
  static final String ACCESS_POLICY = "{rules: [{namespaces: [" + IncidentScenario.NAMESPACE + "], "
      + "tables: [orders, orders-*], operatorCredentials: true}]}";

  /** Where the operator runs copy Jobs; a bare API server has no kubelet, so {@link CopyJobKubelet} plays it. */
  static final String COPY_NAMESPACE = "tableguard";
  /** The emulator's STS hands out a session of any role; on AWS this is the chart's copyJobs.roleArn. */
  static final String COPY_ROLE = "arn:aws:iam::000000000000:role/tableguard-copy";

  public static void main(String[] args) throws Exception {
    Path repoRoot = Path.of(System.getProperty("tableguard.repoRoot", ".")).toAbsolutePath().normalize();
    PrintStream report = System.out;
    quietConsole(repoRoot.resolve("sandbox/target/sandbox-console.log"));
    run(Options.parse(args), repoRoot, report);
    System.exit(0);
  }

  /**
   * Whatever the components print themselves (DynamoDB Local's start-up banner, with its terminal escape codes)
   * goes to a file, so the terminal shows the report alone.
   */
  private static void quietConsole(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    PrintStream console = new PrintStream(Files.newOutputStream(file), true, StandardCharsets.UTF_8);
    System.setOut(console);
    System.setErr(console);
  }

  /** Starts everything, plays the scenario, prints the report; with --stay, returns only when stopped. */
  static IncidentScenario.Result run(Options options, Path repoRoot, PrintStream out) throws Exception {
    Timeline timeline = new Timeline();
    try (LocalCluster cluster = new LocalCluster()) {
      timeline.mark("kube-apiserver and etcd started, CRDs installed");
      try (PitrEmulator emulator = new PitrEmulator(
              PitrEmulator.Options.defaults().withRestoreDelay(Duration.ofSeconds(3)));
          TableguardOperator operator = new TableguardOperator(OperatorSettings.forEndpoint(emulator.endpoint(),
              "us-east-1", freeOr(options.metricsPort())).withAccessPolicy(AccessPolicy.parse(ACCESS_POLICY))
              .withCopyJobs(CopyJobSettings.of(COPY_NAMESPACE, COPY_ROLE)), cluster.newClient());
          CopyJobKubelet kubelet = new CopyJobKubelet(cluster.kubeconfig(), cluster.client(),
              cluster.createNamespace(COPY_NAMESPACE))) {
        timeline.mark("DynamoDB PITR emulator on " + emulator.endpoint());
        timeline.mark("access policy: " + ACCESS_POLICY);
        operator.start();
        timeline.mark("operator started; metrics on http://127.0.0.1:" + operator.httpPort() + "/metrics; copy Jobs "
            + "in namespace " + COPY_NAMESPACE + ", their pods run as local processes (no kubelet here)");
        IncidentScenario.Result result;
        try (DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(emulator.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("sandbox", "sandbox")))
            .build()) {
          result = new IncidentScenario(cluster.client(), dynamo, timeline).run(options.orders(), repoRoot);
        }
        new Report(timeline, result, cluster, operator.httpPort(), operator.probePort()).print(out);
        if (options.stay()) {
          stayUp(cluster, emulator, repoRoot, out);
        }
        return result;
      }
    }
  }

  private static void stayUp(LocalCluster cluster, PitrEmulator emulator, Path repoRoot, PrintStream out)
      throws IOException, InterruptedException {
    Path kubeconfig = cluster.writeKubeconfig(repoRoot.resolve("sandbox/target/kubeconfig"));
    CountDownLatch stopped = new CountDownLatch(1);
    // On Ctrl-C the JVM will not wait for this thread: stop etcd and kube-apiserver from the hook itself.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      cluster.close();
      stopped.countDown();
    }, "sandbox-stop"));
    out.println();
    out.println("Staying up (Ctrl-C to stop). Try:");
    out.println("  export KUBECONFIG=" + kubeconfig);
    out.println("  kubectl get protectedtables,tablerestores");
    out.println("  kubectl apply -f examples/tablerestore-latest.yaml && kubectl get tr -w");
    out.println("  aws dynamodb list-tables --endpoint-url " + emulator.endpoint());
    stopped.await();
  }

  /** The asked-for port when it is free, any free port otherwise, so a busy 8080 does not stop the demo. */
  private static int freeOr(int port) {
    if (port == 0) {
      return 0;
    }
    try (ServerSocket probe = new ServerSocket(port)) {
      return port;
    } catch (BindException busy) {
      return 0;
    } catch (IOException e) {
      return 0;
    }
  }
}
