package io.tableguard.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How the operator runs item-level restores' copy Jobs (chart values copyJobs.*): in its own namespace, with its
 * own image and a copy subcommand, under a role that is assumed per Job with a session policy naming the two
 * tables it touches.
 *
 * @param roleArn the copy Jobs' role (data-plane actions only); empty: write-backs fail with CopyRoleNotConfigured,
 *     unless the restore's namespace reaches its tables through a role of its own, which is then used
 * @param namespace where the Jobs, their ServiceAccounts, Roles, Secrets and progress ConfigMaps live
 * @param image the image the copy pods run (the operator's)
 * @param hostNetwork the copy pods run in the node's network, as the operator's may (chart value hostNetwork)
 * @param extraEnv more environment for the copy pods (copyJobs.extraEnv), such as the API server's address
 */
public record CopyJobSettings(Optional<String> roleArn, String namespace, String image, Duration activeDeadline,
    int backoffLimitPerIndex, String cpu, String memory, boolean hostNetwork, Map<String, String> extraEnv) {
  public CopyJobSettings {
    extraEnv = Map.copyOf(extraEnv);
  }

  public static final Duration DEFAULT_ACTIVE_DEADLINE = Duration.ofHours(12);

  static CopyJobSettings fromEnvironment(Map<String, String> env, String operatorNamespace) {
    return new CopyJobSettings(
        Optional.ofNullable(env.get("TABLEGUARD_COPY_ROLE_ARN")).filter(s -> !s.isBlank()),
        env.getOrDefault("TABLEGUARD_COPY_NAMESPACE", operatorNamespace),
        env.getOrDefault("TABLEGUARD_COPY_IMAGE", "ghcr.io/tableguard/tableguard:latest"),
        Duration.ofSeconds(Long.parseLong(env.getOrDefault("TABLEGUARD_COPY_ACTIVE_DEADLINE_SECONDS",
            String.valueOf(DEFAULT_ACTIVE_DEADLINE.toSeconds())))),
        Integer.parseInt(env.getOrDefault("TABLEGUARD_COPY_BACKOFF_LIMIT_PER_INDEX", "3")),
        env.getOrDefault("TABLEGUARD_COPY_CPU", "500m"),
        env.getOrDefault("TABLEGUARD_COPY_MEMORY", "512Mi"),
        Boolean.parseBoolean(env.getOrDefault("TABLEGUARD_COPY_HOST_NETWORK", "false")),
        pairs(env.getOrDefault("TABLEGUARD_COPY_EXTRA_ENV", "")));
  }

  /** NAME=value pairs, one per line. */
  private static Map<String, String> pairs(String text) {
    Map<String, String> pairs = new TreeMap<>();
    for (String line : text.split("\n")) {
      int equals = line.indexOf('=');
      if (equals > 0) {
        pairs.put(line.substring(0, equals).strip(), line.substring(equals + 1));
      }
    }
    return pairs;
  }

  /** For tests and the sandbox: Jobs in this namespace, under this role. */
  public static CopyJobSettings of(String namespace, String roleArn) {
    return new CopyJobSettings(Optional.ofNullable(roleArn), namespace, "tableguard:dev", DEFAULT_ACTIVE_DEADLINE, 3,
        "500m", "512Mi", false, Map.of());
  }
}
