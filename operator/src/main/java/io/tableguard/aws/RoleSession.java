package io.tableguard.aws;

import java.util.Map;

/**
 * A role the operator assumes for one tenant's resource. The session name and tags name the tenant, so the
 * role's trust policy can restrict by {@code aws:PrincipalTag/tableguard.io/namespace} and CloudTrail shows
 * which namespace acted.
 */
public record RoleSession(String roleArn, String namespace, String resourceName) {
  public static final String NAMESPACE_TAG = "tableguard.io/namespace";
  public static final String NAME_TAG = "tableguard.io/name";
  /** STS allows session names of 2 to 64 characters. */
  private static final int MAX_SESSION_NAME = 64;

  public String sessionName() {
    String name = "tableguard-" + namespace;
    return name.length() <= MAX_SESSION_NAME ? name : name.substring(0, MAX_SESSION_NAME);
  }

  /** Kubernetes names fit STS's limits for session tag values (256 characters). */
  public Map<String, String> sessionTags() {
    return Map.of(NAMESPACE_TAG, namespace, NAME_TAG, resourceName);
  }
}
