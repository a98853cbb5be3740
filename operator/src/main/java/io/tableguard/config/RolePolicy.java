package io.tableguard.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which namespaces may have the operator assume which IAM roles. Set by the cluster's administrator (a file,
 * mounted from a ConfigMap by the chart), never by a tenant: a role named in a spec is a claim to check here.
 * With no policy, no role is allowed, so a tenant cannot borrow another team's cross-account role.
 *
 * <pre>
 * rules:
 *   - namespaces: [team-a, "team-b-*"]
 *     roleArns: ["arn:aws:iam::111122223333:role/tableguard-team-a"]
 * </pre>
 *
 * A pattern is matched whole; {@code *} stands for any run of characters.
 */
public record RolePolicy(List<Rule> rules) {

  public record Rule(List<String> namespaces, List<String> roleArns) {
    boolean allows(String namespace, String roleArn) {
      return matchesAny(namespaces, namespace) && matchesAny(roleArns, roleArn);
    }
  }

  public static RolePolicy denyAll() {
    return new RolePolicy(List.of());
  }

  public static RolePolicy parse(String yaml) {
    if (yaml.isBlank()) {
      return denyAll();
    }
    try {
      RolePolicy policy = new ObjectMapper(new YAMLFactory())
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
          .readValue(yaml, RolePolicy.class);
      return policy == null || policy.rules() == null ? denyAll() : policy;
    } catch (IOException e) {
      throw new IllegalArgumentException("the role policy is not valid: " + e.getMessage(), e);
    }
  }

  public static RolePolicy load(Path file) {
    try {
      return parse(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the role policy " + file, e);
    }
  }

  public boolean allows(String namespace, String roleArn) {
    return rules.stream().anyMatch(rule -> rule.allows(namespace, roleArn));
  }

  private static boolean matchesAny(List<String> patterns, String value) {
    return patterns != null && patterns.stream().anyMatch(p -> glob(p).matcher(value).matches());
  }

  private static Pattern glob(String pattern) {
    return Pattern.compile(Arrays.stream(pattern.split("\\*", -1)).map(Pattern::quote)
        .collect(Collectors.joining(".*")));
  }
}
