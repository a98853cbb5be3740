package io.tableguard.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.tableguard.model.protection.ProtectedTable;
import io.tableguard.model.restore.TableRestore;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The ProtectedTables and TableRestores of every namespace, on which claims and the AWS account's install are
 * decided, read from informer caches and never from the API server. An operator that acts on every namespace has
 * them in its controllers' caches (the TableRestore controller's ProtectedTable event source holds every
 * ProtectedTable); one that acts on a list of namespaces still reads every namespace (read-only informers), or a
 * resource outside its list could be protected or restored into twice.
 */
public final class ClusterView implements AutoCloseable {
  private final KubernetesClient client;
  private SharedIndexInformer<ProtectedTable> protectedTables;
  private SharedIndexInformer<TableRestore> tableRestores;
  /** The TableRestore controller's ProtectedTables (its namespaces); set when that controller is registered. */
  private volatile InformerEventSource<ProtectedTable, TableRestore> sourcesOfRestores;

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

  /**
   * The TableRestore controller's event source of ProtectedTables: a TableRestore is reconciled when the
   * ProtectedTable it names appears, changes or goes (so one that waits for it needs no timer), and its look-ups
   * of ProtectedTables read this cache. Call once, from the TableRestore controller's prepareEventSources.
   */
  public InformerEventSource<ProtectedTable, TableRestore> sourcesOfRestores(EventSourceContext<TableRestore> context) {
    sourcesOfRestores = protectedTablesNamedBy(context, "tablerestores", restore -> restore.getSpec() == null
        || restore.getSpec().getSource() == null ? null : restore.getSpec().getSource().getProtectedTableRef());
    return sourcesOfRestores;
  }

  /**
   * An event source of the ProtectedTables that resources of a kind name in their own namespace (by
   * {@code protectedTableRef}): each such resource is reconciled when its ProtectedTable appears, changes or goes,
   * and reads it from this cache ({@code get(new ResourceID(name, namespace))}).
   *
   * @param kind the kind's plural, which names the event source and its index
   * @param protectedTableRef the name a resource refers to, or null
   */
  public static <P extends HasMetadata> InformerEventSource<ProtectedTable, P> protectedTablesNamedBy(
      EventSourceContext<P> context, String kind, Function<P, String> protectedTableRef) {
    String index = "tableguard-" + kind + "-protectedtable";
    context.getPrimaryCache().addIndexer(index, resource -> {
      String ref = protectedTableRef.apply(resource);
      return ref == null ? List.of() : List.of(key(resource.getMetadata().getNamespace(), ref));
    });
    return new InformerEventSource<>(InformerEventSourceConfiguration
        .from(ProtectedTable.class, context.getPrimaryResourceClass())
        .withName("protectedtables-of-" + kind)
        .withSecondaryToPrimaryMapper(pt -> context.getPrimaryCache()
            .byIndex(index, key(pt.getMetadata().getNamespace(), pt.getMetadata().getName())).stream()
            .map(ResourceID::fromResource).collect(Collectors.toSet()))
        .build(), context);
  }

  public Stream<ProtectedTable> protectedTables(Context<ProtectedTable> context) {
    return protectedTables == null ? context.getPrimaryCache().list() : protectedTables.getStore().list().stream();
  }

  /**
   * Every namespace's ProtectedTables, for decisions a TableRestore makes about tables others protect: from the
   * informers over all namespaces, or (when the controllers watch every namespace) from the TableRestore
   * controller's ProtectedTable event source.
   */
  public Stream<ProtectedTable> allProtectedTables() {
    if (protectedTables != null) {
      return protectedTables.getStore().list().stream();
    }
    return registeredSources().list(pt -> true);
  }

  public List<TableRestore> tableRestores(Context<TableRestore> context) {
    return tableRestores == null ? context.getPrimaryCache().list().toList() : tableRestores.getStore().list();
  }

  /**
   * The ProtectedTable a TableRestore names, from the cache of the TableRestore controller's event source (its
   * own namespace is one the controller acts on), else from the informers over all namespaces.
   */
  public Optional<ProtectedTable> protectedTable(String namespace, String name, Context<TableRestore> context) {
    if (sourcesOfRestores != null) {
      return sourcesOfRestores.get(new ResourceID(name, namespace));
    }
    if (protectedTables != null) {
      return Optional.ofNullable(protectedTables.getStore().getByKey(Cache.namespaceKeyFunc(namespace, name)));
    }
    return registeredSources().get(new ResourceID(name, namespace));
  }

  private InformerEventSource<ProtectedTable, TableRestore> registeredSources() {
    InformerEventSource<ProtectedTable, TableRestore> sources = sourcesOfRestores;
    if (sources == null) {
      throw new IllegalStateException("the TableRestore controller, whose event source caches the ProtectedTables, "
          + "is not registered");
    }
    return sources;
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }

  @Override
  public void close() {
    if (protectedTables != null) {
      protectedTables.close();
      tableRestores.close();
    }
  }
}
