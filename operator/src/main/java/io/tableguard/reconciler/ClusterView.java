package io.tableguard.reconciler;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.tableguard.model.ProtectedTable;
import io.tableguard.model.TableRestore;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The ProtectedTables and TableRestores of every namespace, on which claims and the AWS account's install are
 * decided. An operator that acts on every namespace has them in its controllers' own caches; one that acts on a
 * list of namespaces still reads every namespace (read-only informers), or a resource outside its list could be
 * protected or restored into twice.
 */
public final class ClusterView implements AutoCloseable {
  private final KubernetesClient client;
  private SharedIndexInformer<ProtectedTable> protectedTables;
  private SharedIndexInformer<TableRestore> tableRestores;

  private ClusterView(KubernetesClient client) {
    this.client = client;
  }

  /** For an operator that watches every namespace: its controllers' caches already hold everything. */
  public static ClusterView ofControllerCaches() {
    return new ClusterView(null);
  }

  /** For an operator that acts on some namespaces: informers over all of them, started by {@link #start()}. */
  public static ClusterView ofAllNamespaces(KubernetesClient client) {
    return new ClusterView(client);
  }

  /** Lists and watches every namespace, returning once both caches are filled. */
  public void start() {
    if (client != null) {
      protectedTables = client.resources(ProtectedTable.class).inAnyNamespace().inform();
      tableRestores = client.resources(TableRestore.class).inAnyNamespace().inform();
    }
  }

  Stream<ProtectedTable> protectedTables(Context<ProtectedTable> context) {
    return protectedTables == null ? context.getPrimaryCache().list() : protectedTables.getStore().list().stream();
  }

  List<TableRestore> tableRestores(Context<TableRestore> context) {
    return tableRestores == null ? context.getPrimaryCache().list().toList() : tableRestores.getStore().list();
  }

  /** The ProtectedTable a TableRestore names, from the cache when there is one, else asked of the API server. */
  Optional<ProtectedTable> protectedTable(String namespace, String name, Context<TableRestore> context) {
    if (protectedTables != null) {
      return Optional.ofNullable(protectedTables.getStore().getByKey(Cache.namespaceKeyFunc(namespace, name)));
    }
    return Optional.ofNullable(context.getClient().resources(ProtectedTable.class).inNamespace(namespace)
        .withName(name).get());
  }

  @Override
  public void close() {
    if (protectedTables != null) {
      protectedTables.close();
      tableRestores.close();
    }
  }
}
