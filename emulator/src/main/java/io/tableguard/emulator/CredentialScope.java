package io.tableguard.emulator;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The access key and Region a request was signed for, read from its SigV4 Authorization header: AWS keeps
 * limits per account and Region, and CloudTrail records both. Unsigned requests count as us-east-1's.
 */
record CredentialScope(String accessKeyId, String region) {
  private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^/,\\s]+)/[^/]+/([^/]+)/");
  private static final CredentialScope UNSIGNED = new CredentialScope("", "us-east-1");

  static CredentialScope of(String authorization) {
    if (authorization == null) {
      return UNSIGNED;
    }
    Matcher scope = CREDENTIAL.matcher(authorization);
    return scope.find() ? new CredentialScope(scope.group(1), scope.group(2)) : UNSIGNED;
  }
}
