package io.tableguard.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.tableguard.kube.Conditions;
import io.tableguard.model.restore.TableRestore;
import io.tableguard.testsupport.KubeRequestCounter;
import io.tableguard.testsupport.OperatorTestBase;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, defect 10: TableRestores waiting for their ProtectedTable polled the API server (two ProtectedTable
 * GETs, a ConfigMap GET and a status apply per TableRestore every 5 seconds), all in the operator's one
 * priority-and-fairness flow. Waiting restores read from caches, are woken by a change of their ProtectedTable,
 * and an unchanged status is not applied again.
 */
class WaitingRestoresApiLoadTest extends OperatorTestBase {
  private static final int RESTORES = 300;
  private static final Duration WINDOW = Duration.ofSeconds(20);

  private final KubeRequestCounter requests = new KubeRequestCounter();

  @Override
  protected KubernetesClient operatorClient() {
    return kube.newCountedClient(requests);
  }

  @Test
  void restoresWaitingForTheirProtectedTableMakeNoRequestsUntilItAppears() {
    for (int i = 0; i < RESTORES; i++) {
      create(tableRestore("waiting-" + i, "orders", tableName("copy-" + i)));
    }
    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
        .until(() -> restores().stream().filter(r -> waitingFor(r, "to exist")).count() == RESTORES);

    requests.reset();
    await().pollDelay(WINDOW).atMost(WINDOW.plusSeconds(5)).until(() -> true);
    long total = requests.total();
    System.out.printf(Locale.ROOT, "%d TableRestores waiting for a ProtectedTable that does not exist: "
        + "%d Kubernetes API requests in %ds, %.1f requests/second; %s%n", RESTORES, total, WINDOW.toSeconds(),
        total / (double) WINDOW.toSeconds(), requests.byKind());
    // Informers may re-open a watch or list again at any time; anything else is a request per reconcile.
    assertThat(requests.count(r -> !r.verb().equals("watch") && !r.verb().equals("list")))
        .as("requests other than informers' lists and watches, of %s TableRestores waiting over %s while nothing "
            + "changed: %s", RESTORES, WINDOW, requests.byKind()).isZero();

    // Its ProtectedTable appears: every waiting restore is woken by that, not by a timer.
    create(protectedTable("orders", tableName("orders")));
    await().atMost(STATUS_TIMEOUT).pollInterval(Duration.ofSeconds(1))
        .until(() -> restores().stream().noneMatch(r -> waitingFor(r, "to exist")));
  }

  private List<TableRestore> restores() {
    return client.resources(TableRestore.class).inNamespace(namespace).list().getItems();
  }

  private static boolean waitingFor(TableRestore restore, String what) {
    return restore.getStatus() != null && restore.getStatus().getMessage() != null
        && Conditions.reason(restore.getStatus().getConditions(), Conditions.READY)
            .filter("WaitingForSource"::equals).isPresent()
        && restore.getStatus().getMessage().contains(what);
  }
}
