package io.tableguard;

import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.tableguard.config.ChangeEventSettings;
import io.tableguard.config.CustomResourceDefinitions;
import io.tableguard.config.OperatorSettings;
import io.tableguard.dataplane.CopyCommand;
import io.tableguard.metrics.HttpEndpoints;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the operator against the current kubeconfig (or in-cluster config) and AWS's default credentials; with
 * the subcommand {@code copy}, runs one shard of a copy Job instead.
 */
public final class Main {
  private Main() {}

  /** A half-sent request to /metrics or the probes holds a server thread this long at most. */
  private static final Duration REQUEST_READ_LIMIT = Duration.ofSeconds(5);

  public static void main(String[] args) throws InterruptedException {
    if (args.length > 0 && args[0].equals("copy")) {
      // A copy Job's pod: the data plane, same jar (CopyCommand).
      System.exit(CopyCommand.run(System.getenv()));
    }
    HttpEndpoints.limitRequestReadTime(REQUEST_READ_LIMIT);
    var client = new KubernetesClientBuilder().build();
    if (Boolean.parseBoolean(System.getenv("TABLEGUARD_INSTALL_CRDS"))) {
      CustomResourceDefinitions.installBundled(client);
    }
    var operator = new TableguardOperator(OperatorSettings.fromEnvironment(System.getenv()),
        ChangeEventSettings.fromEnvironment(System.getenv()), client).start();
    var stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      operator.close();
      client.close();
      stopped.countDown();
    }, "tableguard-shutdown"));
    stopped.await();
  }
}
