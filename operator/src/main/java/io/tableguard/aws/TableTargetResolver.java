package io.tableguard.aws;

import io.tableguard.config.AccessPolicy;
import io.tableguard.model.AwsRegions;
import io.tableguard.model.SharedReason;
import io.tableguard.model.protection.ProtectedTable;
import io.tableguard.model.protection.ProtectedTableSpec;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a spec into the table the operator will really reach. The spec's account (in tableArn) and role are
 * claims: the role must be allowed for the namespace by the administrator's role policy, and the ARN's
 * account must be the account the operator's calls land in (the role's, or the operator's own), and the table
 * so reached must be one the access policy lets the namespace use with those credentials. So conflicts between
 * namespaces, and what a namespace may touch, are decided on the table AWS will act on, never on text a tenant
 * wrote.
 */
public class TableTargetResolver {
  private static final Pattern TABLE_ARN =
      Pattern.compile("^arn:(aws[a-zA-Z-]*):dynamodb:([a-z0-9-]+):([0-9]{12}):table/(.+)$");
  private static final Pattern ROLE_ARN = Pattern.compile("^arn:aws[a-zA-Z-]*:iam::([0-9]{12}):role/.+$");

  private final Optional<String> defaultRegion;
  private final Supplier<String> callerAccount;
  private final AccessPolicy policy;

  /**
   * @param callerAccount the account of the operator's own credentials; throws an {@link AwsFailure} while it
   *     cannot be known, so nothing is decided on a guess
   */
  public TableTargetResolver(Optional<String> defaultRegion, Supplier<String> callerAccount, AccessPolicy policy) {
    this.defaultRegion = defaultRegion;
    this.callerAccount = callerAccount;
    this.policy = policy;
  }

  public TableTarget resolve(ProtectedTable pt) {
    return resolve(pt.getSpec(), pt.getMetadata().getNamespace(), pt.getMetadata().getName());
  }

  /**
   * What AWS answered must be the table the claim was decided on: a describe that lands in another account
   * (a role that leads elsewhere), or in another region or partition than the claim's (an endpoint that is
   * not the region's), refuses the resource rather than protecting a table nobody claimed.
   */
  public static void verifyAnswer(TableTarget target, String answeredArn) {
    Matcher answer = TABLE_ARN.matcher(answeredArn == null ? "" : answeredArn);
    // AWS answers ARNs in the region and partition of the endpoint it served: anything else was not our region.
    if (!answer.matches() || !answer.group(2).equals(target.region())
        || !AwsRegions.partitionOf(target.region()).orElse("").equals(answer.group(1))) {
      throw new TargetRefused(SharedReason.RegionMismatch, "AWS answered for " + answeredArn + ", which is not "
          + "in region " + target.region() + " of " + target + " that this resource claims: nothing was done. "
          + "Check the operator's AWS endpoint (TABLEGUARD_AWS_ENDPOINT) and spec.region");
    }
    TableTarget answered = new TableTarget(answer.group(3), answer.group(2), answer.group(4), Optional.empty());
    if (!answered.accountId().equals(target.accountId()) || !answered.tableName().equals(target.tableName())) {
      throw new TargetRefused(SharedReason.AccountMismatch, "AWS answered for " + answeredArn + ", not for "
          + target + " that this resource claims: nothing was done. Check spec.aws.roleArn");
    }
  }

  /** The table of a ProtectedTable named {@code namespace/name}, or {@link TargetRefused}. */
  public TableTarget resolve(ProtectedTableSpec spec, String namespace, String name) {
    Optional<RoleSession> role = Optional.ofNullable(spec.getAws()).map(a -> a.getRoleArn())
        .map(arn -> allowedRole(arn, namespace, name));
    String reached = role.map(r -> accountOfRole(r.roleArn())).orElseGet(callerAccount);
    if (spec.getTableArn() != null) {
      TableTarget claimed = parseArn(spec.getTableArn(), role, "spec.tableArn");
      if (!claimed.accountId().equals(reached)) {
        throw new TargetRefused(SharedReason.AccountMismatch, "spec.tableArn names account "
            + claimed.accountId() + ", but the operator's calls for this resource reach account " + reached
            + role.map(r -> " (the account of spec.aws.roleArn)").orElse(" (the operator's own credentials)")
            + ": nothing was done. Set spec.aws.roleArn to a role in account " + claimed.accountId()
            + " that the administrator allows for this namespace");
      }
      return allowed(namespace, claimed);
    }
    String region = Optional.ofNullable(spec.getRegion()).or(() -> defaultRegion)
        .orElseThrow(() -> new TargetRefused(SharedReason.InvalidSpec,
            "spec.region is empty and the operator has no default region: set spec.region, or AWS_REGION "
                + "(TABLEGUARD_DEFAULT_REGION) for the operator"));
    requireRealRegion(region, spec.getRegion() != null ? "spec.region"
        : "the operator's default region (AWS_REGION, TABLEGUARD_DEFAULT_REGION)");
    return allowed(namespace, new TableTarget(reached, region, spec.getTableName(), role));
  }

  /**
   * The table, if the access policy lets the namespace reach it with the target's credentials; else
   * {@link TargetRefused} (TableNotAllowed) before any AWS call.
   */
  public TableTarget allowed(String namespace, TableTarget target) {
    if (!policy.allows(namespace, target.roleArn(), target.tableName(), target.arn())) {
      throw new TargetRefused(SharedReason.TableNotAllowed, "the operator's access policy does not allow "
          + "namespace " + namespace + " to use " + target + " (" + target.arn() + ") with "
          + target.roleArn().map(r -> "role " + r).orElse("the operator's own credentials") + ": nothing was done. "
          + "Ask the cluster administrator to add a rule for this namespace and table to the access policy "
          + "(Helm value accessPolicy, TABLEGUARD_ACCESS_POLICY_FILE)");
    }
    return target;
  }

  /**
   * The source of a TableRestore: the table ARN AWS returned for its ProtectedTable, reached with that
   * ProtectedTable's role, in a session named after the TableRestore. The role and the table are checked again,
   * so a recorded status never reaches further than the policy allows today.
   */
  public TableTarget forRestore(String tableArn, Optional<String> roleArn, String namespace, String name) {
    return allowed(namespace, parseArn(tableArn, roleArn.map(arn -> allowedRole(arn, namespace, name)),
        "the table ARN"));
  }

  /** The table an ARN names, reached with the operator's own credentials. */
  public static TableTarget fromTableArn(String tableArn) {
    return parseArn(tableArn, Optional.empty(), "the table ARN");
  }

  private static TableTarget parseArn(String tableArn, Optional<RoleSession> role, String source) {
    Matcher arn = TABLE_ARN.matcher(tableArn);
    if (!arn.matches()) {
      throw new TargetRefused(SharedReason.InvalidSpec, "not a DynamoDB table ARN: " + tableArn);
    }
    requireRealRegion(arn.group(2), source + " " + tableArn);
    if (!AwsRegions.partitionOf(arn.group(2)).orElseThrow().equals(arn.group(1))) {
      throw new TargetRefused(SharedReason.InvalidRegion, source + " " + tableArn + " names region "
          + arn.group(2) + " under partition " + arn.group(1) + ", but that region is in partition "
          + AwsRegions.partitionOf(arn.group(2)).orElseThrow() + ": nothing was done. Correct the ARN");
    }
    return new TableTarget(arn.group(3), arn.group(2), arn.group(4), role);
  }

  /**
   * Pseudo-regions (us-east-1-fips, fips-us-east-1, dualstack-..., local, aws-global) reach a real region's
   * tables, or leave AWS, under text that no claim of the real region matches. The CRD refuses them; this
   * refuses those stored before it did, and a bad default region.
   */
  private static void requireRealRegion(String region, String source) {
    if (AwsRegions.partitionOf(region).isEmpty()) {
      throw new TargetRefused(SharedReason.InvalidRegion, source + " names region " + region + ", which is not "
          + "a real AWS region code: nothing was done. Name the table's region as AWS names it, such as "
          + "us-east-1 (pseudo-regions such as FIPS, dual-stack, local and global forms are refused)");
    }
  }

  private RoleSession allowedRole(String roleArn, String namespace, String name) {
    if (!ROLE_ARN.matcher(roleArn).matches()) {
      throw new TargetRefused(SharedReason.InvalidSpec, "spec.aws.roleArn is not an IAM role ARN: " + roleArn);
    }
    if (!policy.allowsRole(namespace, roleArn)) {
      throw new TargetRefused(SharedReason.RoleNotAllowed, "the operator's access policy does not allow "
          + "namespace " + namespace + " to use role " + roleArn + ": nothing was done. Ask the cluster "
          + "administrator to add the namespace and role to the access policy (Helm value accessPolicy, "
          + "TABLEGUARD_ACCESS_POLICY_FILE)");
    }
    return new RoleSession(roleArn, namespace, name);
  }

  private static String accountOfRole(String roleArn) {
    Matcher m = ROLE_ARN.matcher(roleArn);
    if (!m.matches()) {
      throw new TargetRefused(SharedReason.InvalidSpec, "spec.aws.roleArn is not an IAM role ARN: " + roleArn);
    }
    return m.group(1);
  }
}
