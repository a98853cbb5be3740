package io.tableguard.aws;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
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
  private static final String PREFIX = "tableguard-";
  /** 48 bits of the namespace's SHA-256: no two namespaces share one by accident, nor cheaply by design. */
  private static final int HASH_CHARACTERS = 12;

  /**
   * {@code tableguard-NAMESPACE} when that fits STS's 64 characters. A longer namespace keeps its beginning,
   * readable in CloudTrail, and ends in {@code .} and a hash of the whole namespace, so two namespaces that
   * share their first characters never share a session name; a namespace has no {@code .}, so such a name is
   * never a shorter namespace's plain one either.
   */
  public String sessionName() {
    String name = PREFIX + namespace;
    if (name.length() <= MAX_SESSION_NAME) {
      return name;
    }
    String hash = HexFormat.of().formatHex(sha256(namespace)).substring(0, HASH_CHARACTERS);
    return name.substring(0, MAX_SESSION_NAME - HASH_CHARACTERS - 1) + "." + hash;
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** Kubernetes names fit STS's limits for session tag values (256 characters). */
  public Map<String, String> sessionTags() {
    return Map.of(NAMESPACE_TAG, namespace, NAME_TAG, resourceName);
  }
}
