package io.tableguard.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How the operator runs item-level restores' copy Jobs (chart values copyJobs.*): in its own namespace, with its
 * own image and a copy subcommand, under a role that is assumed per Job with a session policy naming the two
 * tables it touches.
 *
 * @param roleArn the copy Jobs' role (data-plane actions only); empty: write-backs fail with CopyRoleNotConfigured,
 *     unless the restore's namespace reaches its tables through a role of its own, which is then used
 * @param namespace where the Jobs, their ServiceAccounts, Roles, Secrets and progress ConfigMaps live
 * @param image the image the copy pods run (the operator's)
 */
public record CopyJobSettings(Optional<String> roleArn, String namespace, String image, Duration activeDeadline,
    int backoffLimitPerIndex, String cpu, String memory) {
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
        env.getOrDefault("TABLEGUARD_COPY_MEMORY", "512Mi"));
  }

  /** For tests and the sandbox: Jobs in this namespace, under this role. */
  public static CopyJobSettings of(String namespace, String roleArn) {
    return new CopyJobSettings(Optional.ofNullable(roleArn), namespace, "tableguard:dev", DEFAULT_ACTIVE_DEADLINE, 3,
        "500m", "512Mi");
  }
}
