package io.tableguard.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tableguard.kube.Conditions;
import io.tableguard.model.protection.ProtectedTable;
import io.tableguard.testsupport.KubeApi;
import io.tableguard.testsupport.OperatorTestBase;
import io.tableguard.testsupport.TcpOutageProxy;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The API server goes away under load and comes back on the same address, as in a control-plane upgrade:
 * the operator's watches and writes fail for a while; afterwards it reconnects by itself and converges,
 * including on what changed in the cluster and in AWS while it could not see.
 */
class ApiServerOutageTest extends OperatorTestBase {
  private static final int BEFORE = 20;
  private static final int DURING = 10;
  private static final Duration OUTAGE = Duration.ofSeconds(15);

  private TcpOutageProxy apiServer;

  @Override
  protected KubernetesClient operatorClient() {
    Config direct = Config.fromKubeconfig(kube.kubeconfig());
    URI server = URI.create(direct.getMasterUrl());
    apiServer = new TcpOutageProxy(server.getHost(), server.getPort());
    Config viaProxy = Config.fromKubeconfig(kube.kubeconfig());
    viaProxy.setMasterUrl("https://127.0.0.1:" + apiServer.port());
    return KubeApi.newRecordedClient(viaProxy);
  }

  @AfterEach
  void closeProxy() {
    apiServer.close();
  }

  @Test
  void theOperatorReconnectsAfterAnOutageAndConvergesOnWhatChangedMeanwhile() {
    List<String> first = IntStream.range(0, BEFORE).mapToObj(i -> "before-" + i).toList();
    first.forEach(name -> {
      createTable(tableName(name));
      create(protectedTable(name, tableName(name)));
    });
    first.forEach(name -> awaitReady(name, "Protected"));

    apiServer.cut();
    List<String> second = IntStream.range(0, DURING).mapToObj(i -> "during-" + i).toList();
    second.forEach(name -> {
      createTable(tableName(name));
      create(protectedTable(name, tableName(name)));
    });
    first.subList(0, 5).forEach(name -> changePitrOutsideOperator(tableName(name), false, null));
    await().pollDelay(OUTAGE).atMost(OUTAGE.plusSeconds(1)).until(() -> true);
    apiServer.restore();

    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() ->
        allProtected(first) && allProtected(second)
            && first.subList(0, 5).stream().allMatch(n -> get(n).getStatus().getDriftCount() > 0));
    first.forEach(name -> assertThat(pitrOf(tableName(name)).pointInTimeRecoveryStatusAsString())
        .as(name).isEqualTo("ENABLED"));
    second.forEach(name -> assertThat(pitrOf(tableName(name)).pointInTimeRecoveryStatusAsString())
        .as(name).isEqualTo("ENABLED"));
  }

  private boolean allProtected(List<String> names) {
    return names.stream().map(this::get).allMatch(pt -> pt != null && pt.getStatus() != null
        && pt.getStatus().getObservedGeneration() != null
        && Conditions.reason(pt.getStatus().getConditions(), Conditions.READY).filter("Protected"::equals).isPresent());
  }
}
