package io.tableguard.benchmark;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.tableguard.kube.Conditions;
import io.tableguard.model.protection.ProtectedTable;
import io.tableguard.model.protection.ProtectedTableStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Every status the ProtectedTables of a namespace take, as a watch sees them: when each first became Ready, and
 * every status that ever mentioned throttling (which the operator must absorb, never show). A watch rather than
 * listing: thousands of resources read every second would load the API server the operator shares.
 */
final class StatusWatch implements AutoCloseable {
  private static final Pattern THROTTLING = Pattern.compile("throttl", Pattern.CASE_INSENSITIVE);

  private final SharedIndexInformer<ProtectedTable> informer;
  private final Map<String, Instant> readyAt = new ConcurrentHashMap<>();
  /** Resource name to the first status text that mentioned throttling. */
  private final Map<String, String> throttlingShown = new ConcurrentHashMap<>();

  StatusWatch(KubernetesClient client, String namespace) {
    informer = client.resources(ProtectedTable.class).inNamespace(namespace).inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(ProtectedTable pt) {
        seen(pt);
      }

      @Override
      public void onUpdate(ProtectedTable old, ProtectedTable pt) {
        seen(pt);
      }

      @Override
      public void onDelete(ProtectedTable pt, boolean finalStateUnknown) {
      }
    }, 0);
  }

  int readyCount() {
    return readyAt.size();
  }

  /**
   * Waits until {@code count} resources have been Ready; returns when the last of them became Ready, or empty when
   * they were not all Ready in time. Says how far it got every {@code every}.
   */
  Optional<Instant> awaitReady(int count, Duration timeout, Duration every) {
    Instant deadline = Instant.now().plus(timeout);
    Instant nextWord = Instant.now().plus(every);
    while (readyAt.size() < count) {
      if (Instant.now().isAfter(deadline)) {
        return Optional.empty();
      }
      if (Instant.now().isAfter(nextWord)) {
        Console.progress("  %s of %s Ready", Format.count(readyAt.size()), Format.count(count));
        nextWord = nextWord.plus(every);
      }
      AwsWorld.sleep(Duration.ofMillis(100));
    }
    return readyAt.values().stream().max(Instant::compareTo);
  }

  /** Resource name to the first status text that mentioned throttling; empty is what the operator promises. */
  Map<String, String> throttlingShown() {
    // A last look at the cache too, in case the watch's events were coalesced.
    informer.getStore().list().forEach(this::seen);
    return Map.copyOf(throttlingShown);
  }

  private void seen(ProtectedTable pt) {
    ProtectedTableStatus status = pt.getStatus();
    if (status == null) {
      return;
    }
    String name = pt.getMetadata().getName();
    if (Conditions.isTrue(status.getConditions(), Conditions.READY)) {
      readyAt.putIfAbsent(name, Instant.now());
    }
    StringBuilder text = new StringBuilder(String.valueOf(status.getMessage()));
    for (Condition c : status.getConditions() == null ? List.<Condition>of() : status.getConditions()) {
      text.append(" | ").append(c.getType()).append(' ').append(c.getReason()).append(": ").append(c.getMessage());
    }
    if (THROTTLING.matcher(text).find()) {
      throttlingShown.putIfAbsent(name, text.toString());
    }
  }

  @Override
  public void close() {
    informer.close();
  }
}
