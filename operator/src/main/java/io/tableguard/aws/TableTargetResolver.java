package io.tableguard.aws;

import io.tableguard.model.ProtectedTableSpec;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns a spec into the table it names: an ARN wins over tableName, region and the role's account. */
public class TableTargetResolver {
  private static final Pattern TABLE_ARN =
      Pattern.compile("^arn:aws[a-zA-Z-]*:dynamodb:([a-z0-9-]+):([0-9]{12}):table/(.+)$");
  private static final Pattern ROLE_ARN = Pattern.compile("^arn:aws[a-zA-Z-]*:iam::([0-9]{12}):role/.+$");

  private final Optional<String> defaultRegion;
  private final Supplier<String> defaultAccount;

  public TableTargetResolver(Optional<String> defaultRegion, Supplier<String> defaultAccount) {
    this.defaultRegion = defaultRegion;
    this.defaultAccount = defaultAccount;
  }

  public TableTarget resolve(ProtectedTableSpec spec) {
    Optional<String> roleArn = Optional.ofNullable(spec.getAws()).map(a -> a.getRoleArn());
    if (spec.getTableArn() != null) {
      if (!TABLE_ARN.matcher(spec.getTableArn()).matches()) {
        throw new IllegalArgumentException("spec.tableArn is not a DynamoDB table ARN: " + spec.getTableArn());
      }
      return fromTableArn(spec.getTableArn(), roleArn);
    }
    String region = Optional.ofNullable(spec.getRegion()).or(() -> defaultRegion)
        .orElseThrow(() -> new IllegalArgumentException(
            "spec.region is empty and the operator has no default region: set spec.region, or AWS_REGION "
                + "(TABLEGUARD_DEFAULT_REGION) for the operator"));
    String account = roleArn.map(TableTargetResolver::accountOfRole).orElseGet(defaultAccount);
    return new TableTarget(account, region, spec.getTableName(), roleArn);
  }

  /** The table an ARN names, reached with the given role. */
  public static TableTarget fromTableArn(String tableArn, Optional<String> roleArn) {
    Matcher arn = TABLE_ARN.matcher(tableArn);
    if (!arn.matches()) {
      throw new IllegalArgumentException("not a DynamoDB table ARN: " + tableArn);
    }
    return new TableTarget(arn.group(2), arn.group(1), arn.group(3), roleArn);
  }

  private static String accountOfRole(String roleArn) {
    Matcher m = ROLE_ARN.matcher(roleArn);
    if (!m.matches()) {
      throw new IllegalArgumentException("spec.aws.roleArn is not an IAM role ARN: " + roleArn);
    }
    return m.group(1);
  }
}
