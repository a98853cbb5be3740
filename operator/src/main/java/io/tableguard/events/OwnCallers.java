package io.tableguard.events;

import io.tableguard.aws.AwsClients;
import io.tableguard.aws.CallerAccount;
import io.tableguard.aws.RoleSession;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells the operator's own AWS calls, in a change event, by who made them (CloudTrail's userIdentity.arn), never
 * by the User-Agent, which any caller may copy to have a write of theirs go unseen. The operator's calls are made
 * as its own identity (GetCallerIdentity's ARN; for a role, any session of that role, since IRSA and instance
 * profiles renew sessions under new names) or in the role sessions it has open for tenants (their exact
 * assumed-role ARN: the tenant's applications may use the same role under other session names).
 */
public final class OwnCallers implements Predicate<String> {
  private static final Pattern ASSUMED_ROLE =
      Pattern.compile("^arn:(aws[a-zA-Z-]*):sts::([0-9]{12}):assumed-role/([^/]+)/(.+)$");
  private static final Pattern ROLE = Pattern.compile("^arn:(aws[a-zA-Z-]*):iam::([0-9]{12}):role/(?:.*/)?([^/]+)$");

  private final Supplier<Optional<String>> operatorArn;
  private final Supplier<List<RoleSession>> openSessions;

  public OwnCallers(CallerAccount operator, AwsClients clients) {
    this(operator::knownArn, clients::openSessions);
  }

  /**
   * @param operatorArn the operator's own identity, once known
   * @param openSessions the tenant role sessions the operator has open
   */
  public OwnCallers(Supplier<Optional<String>> operatorArn, Supplier<List<RoleSession>> openSessions) {
    this.operatorArn = operatorArn;
    this.openSessions = openSessions;
  }

  /** The caller ARN of a change event is the operator's own identity or one of its open tenant sessions. */
  @Override
  public boolean test(String callerArn) {
    if (callerArn == null || callerArn.isBlank()) {
      return false;
    }
    Optional<String> own = operatorArn.get();
    if (own.filter(callerArn::equals).isPresent()) {
      return true;
    }
    Matcher caller = ASSUMED_ROLE.matcher(callerArn);
    if (!caller.matches()) {
      return false;
    }
    Optional<Matcher> ownRole = own.map(ASSUMED_ROLE::matcher).filter(Matcher::matches);
    if (ownRole.isPresent() && sameRole(ownRole.get(), caller.group(1), caller.group(2), caller.group(3))) {
      return true;
    }
    return openSessions.get().stream().anyMatch(session -> {
      Matcher role = ROLE.matcher(session.roleArn());
      return role.matches() && role.group(1).equals(caller.group(1)) && role.group(2).equals(caller.group(2))
          && role.group(3).equals(caller.group(3)) && session.sessionName().equals(caller.group(4));
    });
  }

  private static boolean sameRole(Matcher assumed, String partition, String account, String roleName) {
    return assumed.group(1).equals(partition) && assumed.group(2).equals(account) && assumed.group(3).equals(roleName);
  }
}
