package io.tableguard.benchmark;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.tableguard.model.protection.ProtectedTable;
import io.tableguard.testsupport.KubeApi;
import io.tableguard.testsupport.TableguardResources;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One run's ProtectedTables, in a namespace of their own: applied in parallel as a GitOps sync would, watched
 * from before the first one exists, and removed afterwards, so that the next run's operator neither reads them nor
 * holds them in memory.
 */
final class Fleet implements AutoCloseable {
  /** Enough to keep the API server busy; fabric8 sets no client-side rate limit. */
  private static final int APPLIERS = 16;

  private final KubernetesClient client;
  private final String namespace;
  private final StatusWatch watch;

  private Fleet(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
    this.watch = new StatusWatch(client, namespace);
  }

  static Fleet inNewNamespace(KubeApi kube, String prefix) {
    return new Fleet(kube.client(), kube.createNamespace(prefix));
  }

  String namespace() {
    return namespace;
  }

  StatusWatch watch() {
    return watch;
  }

  /** One ProtectedTable per table, named after it, with this checkInterval; returns how long the creates took. */
  Duration apply(List<String> tables, String checkInterval) throws Exception {
    long start = System.nanoTime();
    inParallel(tables, table -> {
      ProtectedTable pt = TableguardResources.protectedTable(table, table);
      pt.getSpec().setCheckInterval(checkInterval);
      pt.getMetadata().setNamespace(namespace);
      client.resource(pt).create();
    });
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /**
   * Deletes every ProtectedTable of the namespace, then lets them go by removing their finalizers: the operator is
   * gone by then, and nothing else would (the test API server runs no namespace controller, so deleting the
   * namespace would not either). One request each, in parallel: a collection delete of 10,000 outlasts the
   * client's request timeout.
   */
  @Override
  public void close() throws Exception {
    watch.close();
    var all = client.resources(ProtectedTable.class).inNamespace(namespace);
    List<String> names = all.list().getItems().stream().map(pt -> pt.getMetadata().getName()).toList();
    inParallel(names, name -> {
      try {
        all.withName(name).delete();
        all.withName(name).patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"finalizers\":null}}");
      } catch (KubernetesClientException e) {
        // Without a finalizer it went with the delete.
        if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
          throw e;
        }
      }
    });
  }

  private interface Action {
    void on(String name) throws Exception;
  }

  private static void inParallel(List<String> names, Action action) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(APPLIERS);
    try {
      List<Future<Object>> done = new ArrayList<>();
      for (String name : names) {
        Callable<Object> task = () -> {
          action.on(name);
          return null;
        };
        done.add(pool.submit(task));
      }
      for (Future<Object> each : done) {
        each.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
