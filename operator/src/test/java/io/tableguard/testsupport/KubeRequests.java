package io.tableguard.testsupport;

import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.net.URI;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every Kubernetes API request the operators of the test suite make, as RBAC sees it (verb, API group,
 * resource, subresource, namespace), recorded by an interceptor on their clients. RbacTest checks the chart's
 * RBAC against it: everything asked for is allowed, and every rule is needed.
 */
public final class KubeRequests {
  /** A request as an authorizer sees it; {@code namespace} is empty for cluster-wide requests. */
  public record KubeRequest(String verb, String group, String resource, String subresource, String namespace) {}

  private static final Pattern RESOURCE_PATH = Pattern.compile(
      "^/(?:api/v1|apis/([^/]+)/[^/]+)(?:/namespaces/([^/]+))?/([^/]+)(?:/([^/]+))?(?:/([^/]+))?$");
  private static final Set<KubeRequest> RECORDED = ConcurrentHashMap.newKeySet();
  private static final Interceptor RECORDER = new Interceptor() {
    @Override
    public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
      parse(request.method(), request.uri()).ifPresent(RECORDED::add);
    }
  };

  private KubeRequests() {}

  public static Interceptor recorder() {
    return RECORDER;
  }

  public static Set<KubeRequest> recorded() {
    return Set.copyOf(RECORDED);
  }

  /** Discovery and other non-resource paths give nothing: every authenticated user may read those. */
  static Optional<KubeRequest> parse(String method, URI uri) {
    Matcher path = RESOURCE_PATH.matcher(uri.getRawPath());
    if (!path.matches()) {
      return Optional.empty();
    }
    String group = path.group(1) == null ? "" : path.group(1);
    String namespace = path.group(2) == null ? "" : path.group(2);
    String resource = path.group(3);
    boolean named = path.group(4) != null;
    String subresource = path.group(5) == null ? "" : path.group(5);
    boolean watch = uri.getRawQuery() != null && uri.getRawQuery().contains("watch=true");
    String verb = switch (method) {
      case "GET" -> watch ? "watch" : named ? "get" : "list";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> named ? "delete" : "deletecollection";
      default -> method.toLowerCase(java.util.Locale.ROOT);
    };
    return Optional.of(new KubeRequest(verb, group, resource, subresource, namespace));
  }
}
