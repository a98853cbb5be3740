package io.tableguard.events;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.tableguard.aws.TableTarget;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The event source by which AWS change events reach one controller: it wakes the resources, from the controller's
 * own cache (so only namespaces this install acts on), whose operator-verified status names the changed table. The
 * reconcile it triggers is an ordinary one (a plain {@link Event}, which generation filtering does not hold back):
 * it reads AWS and decides as a timed check would.
 */
public final class TableChangeEventSource<P extends HasMetadata> extends AbstractEventSource<Void, P> {
  private static final String VERIFIED_TABLE_INDEX = "tableguard.io/verified-table";

  private final String kind;
  /** The {@link TableTarget#key()}s of the tables a resource's status says it verifiably acts on. */
  private final Function<P, Set<String>> verifiedTables;
  private volatile IndexerResourceCache<P> primaries;

  TableChangeEventSource(String kind, Function<P, Set<String>> verifiedTables) {
    super(Void.class, "table-change-events");
    this.kind = kind;
    this.verifiedTables = verifiedTables;
  }

  /**
   * For the reconcilers' prepareEventSources: this source, bound to the controller's cache, which indexes each
   * resource by its verified tables (indexers must be added before the informer starts), so an event looks up its
   * resources instead of reading every one.
   */
  public List<EventSource<?, P>> prepare(EventSourceContext<P> context) {
    IndexerResourceCache<P> cache = context.getPrimaryCache();
    cache.addIndexer(VERIFIED_TABLE_INDEX, resource -> List.copyOf(verifiedTables.apply(resource)));
    primaries = cache;
    return List.of(this);
  }

  /**
   * Triggers a reconcile of each resource whose verified table is {@code table}; returns them as "Kind
   * namespace/name". Nothing before the controller started this source.
   */
  List<String> wake(TableTarget table) {
    IndexerResourceCache<P> cache = primaries;
    if (cache == null || !isRunning()) {
      return List.of();
    }
    return cache.byIndex(VERIFIED_TABLE_INDEX, table.key()).stream()
        .map(resource -> {
          getEventHandler().handleEvent(new Event(ResourceID.fromResource(resource)));
          return kind + " " + resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
        })
        .toList();
  }

  @Override
  public Set<Void> getSecondaryResources(P primary) {
    return Set.of();
  }
}
