package io.tableguard.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Operator-wide settings. They come from the environment (TABLEGUARD_*) so that the Helm chart and a
 * laptop run configure the operator the same way; nothing here is part of a resource's spec.
 */
public record OperatorSettings(
    Optional<URI> awsEndpointOverride,
    Optional<String> defaultRegion,
    String httpBindAddress,
    int httpPort,
    double awsRequestsPerSecond,
    Duration awsCallTimeout,
    int reconcileThreads,
    int maxConcurrentRestores,
    RolePolicy rolePolicy,
    LeaderElection leaderElection,
    Set<String> watchNamespaces,
    String installId) {

  public static final int DEFAULT_HTTP_PORT = 8080;
  /** DescribeContinuousBackups' documented limit is 10 calls per second per account and region. */
  public static final double DEFAULT_AWS_REQUESTS_PER_SECOND = 10;
  /** AWS runs up to 50 restores at once per account; more are refused. */
  public static final int DEFAULT_MAX_CONCURRENT_RESTORES = 50;

  /**
   * One active operator among its replicas, chosen by a Kubernetes Lease. The lease only avoids doubled work
   * in a rolling update: exactly-once restores rest on status and tags, which also hold for a stale leader.
   */
  public record LeaderElection(boolean enabled, String namespace, String leaseName) {
    public static LeaderElection off() {
      return new LeaderElection(false, "default", "tableguard-operator");
    }
  }

  /** Every namespace is watched when the list is empty. */
  public boolean watchesAllNamespaces() {
    return watchNamespaces.isEmpty();
  }

  public static OperatorSettings fromEnvironment(Map<String, String> env) {
    LeaderElection election = new LeaderElection(
        Boolean.parseBoolean(env.getOrDefault("TABLEGUARD_LEADER_ELECTION", "true")),
        Optional.ofNullable(blankToNull(env.get("TABLEGUARD_LEADER_ELECTION_NAMESPACE")))
            .or(() -> Optional.ofNullable(blankToNull(env.get("POD_NAMESPACE"))))
            .orElse("default"),
        env.getOrDefault("TABLEGUARD_LEADER_ELECTION_LEASE_NAME", "tableguard-operator"));
    return new OperatorSettings(
        Optional.ofNullable(blankToNull(env.get("TABLEGUARD_AWS_ENDPOINT"))).map(URI::create),
        Optional.ofNullable(blankToNull(env.getOrDefault("TABLEGUARD_DEFAULT_REGION", env.get("AWS_REGION")))),
        env.getOrDefault("TABLEGUARD_HTTP_BIND_ADDRESS", "0.0.0.0"),
        Integer.parseInt(env.getOrDefault("TABLEGUARD_HTTP_PORT", String.valueOf(DEFAULT_HTTP_PORT))),
        Double.parseDouble(env.getOrDefault("TABLEGUARD_AWS_REQUESTS_PER_SECOND",
            String.valueOf(DEFAULT_AWS_REQUESTS_PER_SECOND))),
        Duration.ofSeconds(Long.parseLong(env.getOrDefault("TABLEGUARD_AWS_CALL_TIMEOUT_SECONDS", "30"))),
        Integer.parseInt(env.getOrDefault("TABLEGUARD_RECONCILE_THREADS", "10")),
        Integer.parseInt(env.getOrDefault("TABLEGUARD_MAX_CONCURRENT_RESTORES",
            String.valueOf(DEFAULT_MAX_CONCURRENT_RESTORES))),
        Optional.ofNullable(blankToNull(env.get("TABLEGUARD_ROLE_POLICY_FILE"))).map(Path::of)
            .map(RolePolicy::load).orElseGet(RolePolicy::denyAll),
        election,
        namespaceList(env.get("TABLEGUARD_WATCH_NAMESPACES")),
        Optional.ofNullable(blankToNull(env.get("TABLEGUARD_INSTALL_ID"))).orElseGet(() -> defaultInstallId(election)));
  }

  /**
   * Names this install in the status of what it manages, so that another install sharing the cluster and the AWS
   * account can tell that it is there. The Lease's namespace and name are unique per install.
   */
  private static String defaultInstallId(LeaderElection election) {
    return election.namespace() + "/" + election.leaseName();
  }

  private static Set<String> namespaceList(String text) {
    Set<String> names = new TreeSet<>();
    if (text != null) {
      for (String name : text.split(",")) {
        if (!name.isBlank()) {
          names.add(name.strip());
        }
      }
    }
    return Set.copyOf(names);
  }

  /** Settings for an operator pointed at an AWS emulator, as tests and the sandbox use: no leader election. */
  public static OperatorSettings forEndpoint(URI endpoint, String region, int httpPort) {
    return new OperatorSettings(Optional.of(endpoint), Optional.of(region), "127.0.0.1", httpPort,
        DEFAULT_AWS_REQUESTS_PER_SECOND, Duration.ofSeconds(30), 10, DEFAULT_MAX_CONCURRENT_RESTORES,
        RolePolicy.denyAll(), LeaderElection.off(), Set.of(), defaultInstallId(LeaderElection.off()));
  }

  public OperatorSettings withMaxConcurrentRestores(int restores) {
    return new OperatorSettings(awsEndpointOverride, defaultRegion, httpBindAddress, httpPort, awsRequestsPerSecond,
        awsCallTimeout, reconcileThreads, restores, rolePolicy, leaderElection, watchNamespaces, installId);
  }

  public OperatorSettings withRolePolicy(RolePolicy policy) {
    return new OperatorSettings(awsEndpointOverride, defaultRegion, httpBindAddress, httpPort, awsRequestsPerSecond,
        awsCallTimeout, reconcileThreads, maxConcurrentRestores, policy, leaderElection, watchNamespaces, installId);
  }

  public OperatorSettings withLeaderElection(LeaderElection election) {
    return new OperatorSettings(awsEndpointOverride, defaultRegion, httpBindAddress, httpPort, awsRequestsPerSecond,
        awsCallTimeout, reconcileThreads, maxConcurrentRestores, rolePolicy, election, watchNamespaces, installId);
  }

  /** Only these namespaces' resources are acted on (claims are still read in every namespace). */
  public OperatorSettings withWatchNamespaces(Set<String> namespaces, String install) {
    return new OperatorSettings(awsEndpointOverride, defaultRegion, httpBindAddress, httpPort, awsRequestsPerSecond,
        awsCallTimeout, reconcileThreads, maxConcurrentRestores, rolePolicy, leaderElection, Set.copyOf(namespaces),
        install);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
