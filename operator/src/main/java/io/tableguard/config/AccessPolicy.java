package io.tableguard.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which namespaces may have the operator touch which DynamoDB tables, and with which credentials. Set by the
 * cluster's administrator (a file, mounted from a ConfigMap by the chart), never by a tenant: a table or role
 * named in a spec is a claim to check here. With no rule, nothing is allowed, so a namespace can neither take a
 * table nobody has protected yet nor borrow another team's cross-account role.
 *
 * <pre>
 * rules:
 *   - namespaces: [team-a, "team-a-*"]
 *     tables: ["orders", "orders-*"]                 # names, or ARNs (arn:aws:dynamodb:*:111122223333:table/x)
 *     operatorCredentials: true                      # the operator's own credentials
 *   - namespaces: [billing]
 *     roleArns: ["arn:aws:iam::111122223333:role/tableguard-billing"]   # tables: absent means every table
 * </pre>
 *
 * A rule allows its namespaces to protect, restore from and restore into its tables, through the operator's own
 * credentials (operatorCredentials) and/or the listed roles. A table pattern that starts with {@code arn:} is
 * matched against the ARN of the table the operator would really reach (the account its credentials land in,
 * the real region), otherwise against the table name. Patterns are matched whole; {@code *} is any run of
 * characters. The role policy of earlier versions (rules of namespaces and roleArns) reads as the same rules.
 */
public record AccessPolicy(List<Rule> rules) {
  private static final String EVERY = "*";
  /** Patterns compiled once: every check of every resource asks the policy, always with the same few patterns. */
  private static final Map<String, Pattern> GLOBS = new ConcurrentHashMap<>();

  public record Rule(List<String> namespaces, List<String> tables, Boolean operatorCredentials,
      List<String> roleArns) {

    /** The rule covers the namespace with these credentials (empty: the operator's own), for some table. */
    boolean grants(String namespace, Optional<String> roleArn) {
      return matchesAny(namespaces, namespace) && roleArn
          .map(role -> matchesAny(roleArns, role))
          .orElse(Boolean.TRUE.equals(operatorCredentials));
    }

    boolean covers(String tableName, String tableArn) {
      List<String> patterns = tables == null ? List.of(EVERY) : tables;
      return patterns.stream().anyMatch(p -> glob(p).matcher(p.startsWith("arn:") ? tableArn : tableName).matches());
    }
  }

  public static AccessPolicy denyAll() {
    return new AccessPolicy(List.of());
  }

  /**
   * Every namespace, every table the operator's own credentials reach: the single-team install, where whoever
   * may create the resources may protect the account's tables. Never right for a cluster shared by teams.
   */
  public static AccessPolicy singleTeam() {
    return new AccessPolicy(List.of(new Rule(List.of(EVERY), List.of(EVERY), true, List.of())));
  }

  public static AccessPolicy parse(String yaml) {
    if (yaml.isBlank()) {
      return denyAll();
    }
    AccessPolicy policy;
    try {
      policy = new ObjectMapper(new YAMLFactory())
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
          .readValue(yaml, AccessPolicy.class);
    } catch (IOException e) {
      throw new IllegalArgumentException("the access policy is not valid: " + e.getMessage(), e);
    }
    if (policy == null || policy.rules() == null) {
      return denyAll();
    }
    for (int i = 0; i < policy.rules().size(); i++) {
      Rule rule = policy.rules().get(i);
      if (!Boolean.TRUE.equals(rule.operatorCredentials()) && (rule.roleArns() == null || rule.roleArns().isEmpty())) {
        throw new IllegalArgumentException("the access policy is not valid: rule " + (i + 1) + " grants no "
            + "credentials; set operatorCredentials: true and/or roleArns");
      }
    }
    return policy;
  }

  public static AccessPolicy load(Path file) {
    try {
      return parse(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the access policy " + file, e);
    }
  }

  /**
   * A role policy file of earlier versions (TABLEGUARD_ROLE_POLICY_FILE): its rules allow roles, and the
   * operator's own credentials stay allowed everywhere, as they were then.
   */
  public static AccessPolicy loadRolePolicy(Path file) {
    List<Rule> rules = new ArrayList<>(load(file).rules());
    rules.addAll(singleTeam().rules());
    return new AccessPolicy(List.copyOf(rules));
  }

  /** Some rule lets the namespace use the role, for some table. */
  public boolean allowsRole(String namespace, String roleArn) {
    return rules.stream().anyMatch(rule -> rule.grants(namespace, Optional.of(roleArn)));
  }

  /** Some rule lets the namespace reach this table with these credentials (empty: the operator's own). */
  public boolean allows(String namespace, Optional<String> roleArn, String tableName, String tableArn) {
    return rules.stream().anyMatch(rule -> rule.grants(namespace, roleArn) && rule.covers(tableName, tableArn));
  }

  private static boolean matchesAny(List<String> patterns, String value) {
    return patterns != null && patterns.stream().anyMatch(p -> glob(p).matcher(value).matches());
  }

  private static Pattern glob(String pattern) {
    return GLOBS.computeIfAbsent(pattern, p -> Pattern.compile(Arrays.stream(p.split("\\*", -1))
        .map(Pattern::quote).collect(Collectors.joining(".*"))));
  }
}
