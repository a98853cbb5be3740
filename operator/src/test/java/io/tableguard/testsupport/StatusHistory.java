package io.tableguard.testsupport;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Every value of one status field that each resource of a kind in a namespace shows, in order, as a watch sees
 * it: polling would miss a value that lasts less than a poll. Start it before the resources are created; a name
 * is taken to stand for one resource for the whole test. A value equal to the one before is listed once.
 *
 * @param <V> what is recorded of a resource, read by a function that answers null while there is nothing yet
 */
public final class StatusHistory<T extends HasMetadata, V> implements AutoCloseable {
  private final String kind;
  private final String namespace;
  private final Function<T, V> value;
  private final Map<String, List<V>> seen = new LinkedHashMap<>();
  private final Watch watch;
  private WatcherException watchLost;

  private StatusHistory(KubernetesClient client, String namespace, Class<T> kind, Function<T, V> value) {
    this.kind = kind.getSimpleName();
    this.namespace = namespace;
    this.value = value;
    // fabric8 returns once the watch is open, and resumes it from the last version seen after a disconnect.
    this.watch = client.resources(kind).inNamespace(namespace).watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, T resource) {
        record(resource);
      }

      @Override
      public void onClose(WatcherException cause) {
        lost(cause);
      }
    });
  }

  public static <T extends HasMetadata, V> StatusHistory<T, V> watch(KubernetesClient client, String namespace,
      Class<T> kind, Function<T, V> value) {
    return new StatusHistory<>(client, namespace, kind, value);
  }

  /**
   * The values of every resource seen, by name; fails when the watch was lost, since the history would then
   * have holes.
   */
  public synchronized Map<String, List<V>> all() {
    if (watchLost != null) {
      throw new AssertionError("the " + kind + " watch in " + namespace + " was lost; seen: " + seen, watchLost);
    }
    Map<String, List<V>> copy = new LinkedHashMap<>();
    seen.forEach((name, values) -> copy.put(name, List.copyOf(values)));
    return copy;
  }

  /** The values of one resource, in the order seen; a value seen again after another is listed again. */
  public synchronized List<V> of(String name) {
    return List.copyOf(seen.getOrDefault(name, List.of()));
  }

  private synchronized void record(T resource) {
    V current = value.apply(resource);
    if (current == null) {
      return;
    }
    List<V> values = seen.computeIfAbsent(resource.getMetadata().getName(), n -> new ArrayList<>());
    if (values.isEmpty() || !Objects.equals(values.get(values.size() - 1), current)) {
      values.add(current);
    }
  }

  private synchronized void lost(WatcherException cause) {
    watchLost = cause;
  }

  @Override
  public void close() {
    watch.close();
  }
}
