package io.tableguard.emulator;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * AWS names a table by Region and account ({@code arn:aws:dynamodb:REGION:ACCOUNT:table/NAME}); DynamoDB Local
 * names every table of each of its databases {@code arn:aws:dynamodb:ddblocal:000000000000:}. ARNs cross the
 * emulator's edge translated for the account and Region a request acts in: in requests, that scope's ARNs become
 * DynamoDB Local's (an ARN of another Region names no table here, as in AWS); in answers and events, DynamoDB
 * Local's become the scope's. An ARN of another account is refused before it gets here ({@link #otherAccountArn}).
 */
final class ArnScope {
  private static final String LOCAL = "arn:aws:dynamodb:ddblocal:000000000000:";
  private static final Pattern DYNAMODB_ARN = Pattern.compile("arn:[a-z-]+:dynamodb:[a-z0-9-]*:([0-9]{12}):[^\"]*");

  private final AccountRegion scope;
  private final String arnPrefix;

  ArnScope(AccountRegion scope) {
    this.scope = scope;
    this.arnPrefix = "arn:" + partitionOf(scope.region()) + ":dynamodb:" + scope.region() + ":" + scope.account()
        + ":";
  }

  AccountRegion scope() {
    return scope;
  }

  /** The ARN DynamoDB Local gives a table of this name, in any database. */
  static String localTableArn(String table) {
    return LOCAL + "table/" + table;
  }

  byte[] toLocal(byte[] request) {
    return replace(request, arnPrefix, LOCAL);
  }

  /** A local ARN as the scope's, any other text unchanged. */
  String fromLocal(String answer) {
    return answer.replace(LOCAL, arnPrefix);
  }

  byte[] fromLocal(byte[] answer) {
    return replace(answer, LOCAL, arnPrefix);
  }

  /** The first DynamoDB ARN in a request (as sent) that names another account than the caller's. */
  Optional<String> otherAccountArn(byte[] request) {
    String text = new String(request, StandardCharsets.UTF_8);
    if (!text.contains(":dynamodb:")) {
      return Optional.empty();
    }
    Matcher arn = DYNAMODB_ARN.matcher(text);
    while (arn.find()) {
      if (!arn.group(1).equals(scope.account())) {
        return Optional.of(arn.group());
      }
    }
    return Optional.empty();
  }

  private static String partitionOf(String region) {
    if (region.startsWith("cn-")) {
      return "aws-cn";
    }
    return region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
  }

  private static byte[] replace(byte[] body, String from, String to) {
    String text = new String(body, StandardCharsets.UTF_8);
    return text.contains(from) ? text.replace(from, to).getBytes(StandardCharsets.UTF_8) : body;
  }
}
