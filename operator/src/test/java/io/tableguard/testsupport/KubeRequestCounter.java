package io.tableguard.testsupport;

import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.tableguard.testsupport.KubeRequests.KubeRequest;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * Counts the Kubernetes API requests of one client, as RBAC names them (see {@link KubeRequests}), so that a test
 * can show how much API traffic the operator makes over a window. A watch counts once, when it is opened.
 */
public final class KubeRequestCounter implements Interceptor {
  private final Map<KubeRequest, LongAdder> counts = new ConcurrentHashMap<>();

  @Override
  public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
    KubeRequests.parse(request.method(), request.uri())
        .ifPresent(r -> counts.computeIfAbsent(r, k -> new LongAdder()).increment());
  }

  public void reset() {
    counts.clear();
  }

  public long count(Predicate<KubeRequest> which) {
    return counts.entrySet().stream().filter(e -> which.test(e.getKey())).mapToLong(e -> e.getValue().sum()).sum();
  }

  public long total() {
    return count(r -> true);
  }

  /** verb group/resource/subresource to count, for a readable report. */
  public Map<String, Long> byKind() {
    Map<String, Long> kinds = new TreeMap<>();
    counts.forEach((r, n) -> kinds.merge(r.verb() + " " + (r.group().isEmpty() ? "" : r.group() + "/") + r.resource()
        + (r.subresource().isEmpty() ? "" : "/" + r.subresource()), n.sum(), Long::sum));
    return kinds;
  }
}
