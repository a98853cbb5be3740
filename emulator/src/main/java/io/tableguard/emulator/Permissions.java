package io.tableguard.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import software.amazon.awssdk.policybuilder.iam.IamEffect;
import software.amazon.awssdk.policybuilder.iam.IamPolicy;
import software.amazon.awssdk.policybuilder.iam.IamStatement;
import software.amazon.awssdk.policybuilder.iam.IamValue;

/**
 * Roles and what their sessions may do, when enforcement is on (off by default). A role is defined with the
 * callers its trust policy lets assume it and its identity policy; a session (credentials from AssumeRole) may
 * make a call when the role's policy allows the action on the resource, the session policy (if any) allows it too,
 * and no statement of either denies it: explicit deny wins, as in AWS. Policies are read with the AWS SDK's IAM
 * policy model. Actions and resources match with AWS's wildcards ({@code *}, {@code ?}; actions ignore case).
 * Conditions are not evaluated: an Allow with conditions allows nothing, a Deny with conditions denies. Callers
 * with plain access keys (no session) are the account's administrators and are never refused.
 */
final class Permissions {
  private record Role(IamPolicy identity, Set<String> trusted) {}

  /** Action and resource patterns, compiled once. */
  private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

  private final Map<String, Role> roles = new ConcurrentHashMap<>();
  /** Session policies by their text, read once: a session's every call is checked against its policy. */
  private final Map<String, IamPolicy> sessionPolicies = new ConcurrentHashMap<>();
  private volatile boolean enforced;

  void define(String roleArn, String identityPolicyJson, Set<String> trustedCallerArns) {
    roles.put(roleArn, new Role(IamPolicy.fromJson(identityPolicyJson), Set.copyOf(trustedCallerArns)));
  }

  void enforce(boolean on) {
    enforced = on;
  }

  /**
   * Whether the caller (its identity ARN) may assume the role: with enforcement off anyone may; with it on, only
   * the callers the role's trust list names, and never an undefined role.
   */
  Optional<AwsError> assumeRole(String callerArn, String roleArn) {
    if (!enforced) {
      return Optional.empty();
    }
    Role role = roles.get(roleArn);
    if (role != null && role.trusted().contains(callerArn)) {
      return Optional.empty();
    }
    return Optional.of(new AwsError(403, "AccessDenied", "User: " + callerArn + " is not authorized to perform: "
        + "sts:AssumeRole on resource: " + roleArn));
  }

  /**
   * AWS's refusal of a call on a table of another account than the caller's: without a resource-based policy (the
   * emulator has none) no identity reaches another account's table, whatever its own policies say.
   */
  static AwsError otherAccount(String callerArn, String action, String resource) {
    return AwsError.dynamo("AccessDeniedException", "User: " + callerArn + " is not authorized to perform: " + action
        + " on resource: " + resource + " because no resource-based policy allows the " + action + " action");
  }

  /** The refusal of a session's call (action such as dynamodb:PutItem, on each resource), if refused. */
  Optional<AwsError> check(Sts.Session session, String action, List<String> resources, boolean dynamo) {
    if (!enforced || session == null) {
      return Optional.empty();
    }
    Role role = roles.get(session.roleArn());
    Optional<IamPolicy> sessionPolicy = Optional.ofNullable(session.policy())
        .map(text -> sessionPolicies.computeIfAbsent(text, IamPolicy::fromJson));
    for (String resource : resources) {
      boolean roleAllows = role != null && decides(role.identity(), action, resource, IamEffect.ALLOW);
      boolean denied = role != null && decides(role.identity(), action, resource, IamEffect.DENY)
          || sessionPolicy.filter(p -> decides(p, action, resource, IamEffect.DENY)).isPresent();
      boolean sessionAllows = sessionPolicy.map(p -> decides(p, action, resource, IamEffect.ALLOW)).orElse(true);
      if (denied || !roleAllows || !sessionAllows) {
        String why = denied ? "with an explicit deny in an identity-based policy"
            : !roleAllows ? "because no identity-based policy allows the " + action + " action"
            : "because no session policy allows the " + action + " action";
        String message = "User: " + session.arn() + " is not authorized to perform: " + action + " on resource: "
            + resource + " " + why;
        return Optional.of(dynamo ? AwsError.dynamo("AccessDeniedException", message)
            : new AwsError(400, "AccessDeniedException", message));
      }
    }
    return Optional.empty();
  }

  /**
   * The table ARNs a DynamoDB request acts on ("*" for calls on no table), in the caller's account and Region; the
   * request's own ARNs are DynamoDB Local's here, and named as the caller's again.
   */
  static List<String> dynamoResources(String operation, JsonNode request, ArnScope scope) {
    Set<String> tables = new LinkedHashSet<>();
    for (String field : List.of("TableName", "TargetTableName", "SourceTableName")) {
      if (request.path(field).isTextual()) {
        tables.add(request.path(field).asText());
      }
    }
    for (String field : List.of("ResourceArn", "SourceTableArn", "TableArn")) {
      if (request.path(field).isTextual()) {
        tables.add(request.path(field).asText());
      }
    }
    request.path("RequestItems").fieldNames().forEachRemaining(tables::add);
    request.path("TransactItems").forEach(item -> item.forEach(op -> {
      if (op.path("TableName").isTextual()) {
        tables.add(op.path("TableName").asText());
      }
    }));
    List<String> arns = new ArrayList<>();
    for (String table : tables) {
      arns.add(table.startsWith("arn:") ? scope.fromLocal(table)
          : scope.fromLocal(ArnScope.localTableArn(table)));
    }
    return arns.isEmpty() ? List.of("*") : arns;
  }

  /** Some statement of the policy with this effect applies to the action on the resource. */
  private static boolean decides(IamPolicy policy, String action, String resource, IamEffect effect) {
    for (IamStatement statement : policy.statements()) {
      if (!statement.effect().equals(effect)) {
        continue;
      }
      if (!statement.conditions().isEmpty() && effect.equals(IamEffect.ALLOW)) {
        continue;
      }
      boolean actionMatches = statement.notActions().isEmpty()
          ? anyMatches(statement.actions(), action, true) : !anyMatches(statement.notActions(), action, true);
      boolean resourceMatches = statement.notResources().isEmpty()
          ? anyMatches(statement.resources(), resource, false)
          : !anyMatches(statement.notResources(), resource, false);
      if (actionMatches && resourceMatches) {
        return true;
      }
    }
    return false;
  }

  private static boolean anyMatches(List<? extends IamValue> patterns, String value, boolean ignoreCase) {
    return patterns.stream().anyMatch(p -> wildcard(p.value(), ignoreCase).matcher(value).matches());
  }

  private static Pattern wildcard(String pattern, boolean ignoreCase) {
    return PATTERNS.computeIfAbsent((ignoreCase ? "i:" : "c:") + pattern, k -> compile(pattern, ignoreCase));
  }

  private static Pattern compile(String pattern, boolean ignoreCase) {
    StringBuilder regex = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
    }
    return Pattern.compile(regex.toString(), ignoreCase ? Pattern.CASE_INSENSITIVE : 0);
  }
}
