package io.tableguard.emulator;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.Deflater;

/**
 * STS as the emulator serves it: GetCallerIdentity, and AssumeRole with a session policy, session tags and a
 * duration, under AWS's rules: a session of at most the role's maximum (1 hour, the default), at most 1 hour when
 * a role session assumes a role (role chaining), a session policy of at most 2,048 characters, at most 50 tags,
 * and PackedPolicyTooLarge when policy and tags together pack too large. The credentials it hands out are those of
 * the role's account: GetCallerIdentity and CloudTrail name the assumed-role session. Nothing here decides what a
 * session may do (no policy is enforced).
 */
final class Sts {
  /** A session AssumeRole handed out, by its access key. */
  record Session(String accessKeyId, String account, String roleName, String roleArn, String sessionName,
      Instant expiration, Map<String, String> tags, String policy) {
    String arn() {
      return "arn:aws:sts::" + account + ":assumed-role/" + roleName + "/" + sessionName;
    }

    String assumedRoleId() {
      return "AROA" + String.format("%016X", (long) roleArn.hashCode() & 0xFFFFFFFFL) + ":" + sessionName;
    }
  }

  private static final Pattern ROLE_ARN =
      Pattern.compile("^arn:aws[a-zA-Z-]*:iam::([0-9]{12}):role/(?:[\\w+=,.@-]+/)*([\\w+=,.@-]{1,64})$");
  private static final Pattern SESSION_NAME = Pattern.compile("^[\\w+=,.@-]{2,64}$");
  private static final Duration MAX_SESSION = Duration.ofHours(1);
  private static final int MIN_SECONDS = 900;
  private static final int MAX_POLICY = 2048;
  private static final int MAX_TAGS = 50;
  /**
   * AWS packs the session policy and tags into a binary form whose size it does not publish; the emulator
   * compresses them with DEFLATE and refuses above this many bytes, which gives the error, not AWS's exact bound.
   */
  private static final int MAX_PACKED = 1024;
  private static final String XMLNS = "https://sts.amazonaws.com/doc/2011-06-15/";

  private final Clock clock;
  private final Permissions permissions;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final Map<String, String> accessKeyAccounts;

  /**
   * @param accessKeyAccounts the accounts of configured access keys; every other key that is no session's is in the
   *     default account
   */
  Sts(Clock clock, Permissions permissions, Map<String, String> accessKeyAccounts) {
    this.clock = clock;
    this.permissions = permissions;
    this.accessKeyAccounts = Map.copyOf(accessKeyAccounts);
  }

  /**
   * The account a caller is in: a session's is its role's account, a configured key's is its account, and every
   * other key is in the default account, so that a user who configures nothing sees one account.
   */
  String accountOf(String accessKeyId) {
    return session(accessKeyId).map(Session::account).orElseGet(() -> accessKeyId == null
        ? AccountRegion.DEFAULT_ACCOUNT : accessKeyAccounts.getOrDefault(accessKeyId, AccountRegion.DEFAULT_ACCOUNT));
  }

  /** Where a request signed with these credentials acts. */
  AccountRegion scopeOf(CredentialScope signed) {
    return new AccountRegion(accountOf(signed.accessKeyId()), signed.region());
  }

  /** The caller's identity ARN: the assumed-role session, or the IAM user of the key. */
  String callerArn(String accessKeyId) {
    return session(accessKeyId).map(Session::arn).orElseGet(() -> userOf(accessKeyId).arn());
  }

  private SideServices.User userOf(String accessKeyId) {
    return SideServices.User.of(accessKeyId, accountOf(accessKeyId));
  }

  /** The live session of these credentials, when AssumeRole handed them out. */
  Optional<Session> session(String accessKeyId) {
    return Optional.ofNullable(accessKeyId == null ? null : sessions.get(accessKeyId))
        .filter(s -> s.expiration().isAfter(clock.instant()));
  }

  /** CloudTrail's userIdentity of the caller: the assumed-role session, or the IAM user of the key. */
  ObjectNode identity(String accessKeyId) {
    JsonNodeFactory json = JsonNodeFactory.instance;
    return session(accessKeyId).map(s -> {
      ObjectNode identity = json.objectNode().put("type", "AssumedRole").put("principalId", s.assumedRoleId())
          .put("arn", s.arn()).put("accountId", s.account()).put("accessKeyId", accessKeyId);
      ObjectNode issuer = identity.putObject("sessionContext").putObject("sessionIssuer");
      issuer.put("type", "Role").put("principalId", s.assumedRoleId().substring(0, s.assumedRoleId().indexOf(':')))
          .put("arn", s.roleArn()).put("accountId", s.account()).put("userName", s.roleName());
      return identity;
    }).orElseGet(() -> {
      SideServices.User user = userOf(accessKeyId);
      return json.objectNode().put("type", "IAMUser").put("principalId", user.id())
          .put("arn", user.arn()).put("accountId", user.account())
          .put("accessKeyId", accessKeyId).put("userName", user.name());
    });
  }

  String getCallerIdentity(String accessKeyId) {
    Optional<Session> session = session(accessKeyId);
    SideServices.User user = userOf(accessKeyId);
    String arn = session.map(Session::arn).orElse(user.arn());
    String id = session.map(Session::assumedRoleId).orElse(user.id());
    String account = accountOf(accessKeyId);
    return "<GetCallerIdentityResponse xmlns=\"" + XMLNS + "\"><GetCallerIdentityResult><Arn>" + arn + "</Arn>"
        + "<UserId>" + id + "</UserId><Account>" + account + "</Account></GetCallerIdentityResult>"
        + metadata() + "</GetCallerIdentityResponse>";
  }

  /** AssumeRole from a query-protocol form, made with the caller's credentials. */
  String assumeRole(String callerAccessKeyId, String form) {
    Map<String, String> params = decode(form);
    String roleArn = params.getOrDefault("RoleArn", "");
    Matcher role = ROLE_ARN.matcher(roleArn);
    if (!role.matches()) {
      throw validation("Value '" + roleArn + "' at 'roleArn' failed to satisfy constraint: Member must be an IAM "
          + "role ARN");
    }
    String callerArn = session(callerAccessKeyId).map(Session::arn)
        .orElse(userOf(callerAccessKeyId).arn());
    permissions.assumeRole(callerArn, roleArn).ifPresent(refusal -> {
      throw refusal;
    });
    String sessionName = params.getOrDefault("RoleSessionName", "");
    if (!SESSION_NAME.matcher(sessionName).matches()) {
      throw validation("Value '" + sessionName + "' at 'roleSessionName' failed to satisfy constraint: Member must "
          + "satisfy regular expression pattern: [\\w+=,.@-]* and have length between 2 and 64");
    }
    int seconds = Integer.parseInt(params.getOrDefault("DurationSeconds", "3600"));
    if (seconds < MIN_SECONDS || seconds > 43_200) {
      throw validation("Value '" + seconds + "' at 'durationSeconds' failed to satisfy constraint: Member must "
          + "have value between 900 and 43200");
    }
    if (session(callerAccessKeyId).isPresent() && seconds > MAX_SESSION.toSeconds()) {
      throw validation("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role "
          + "chaining.");
    }
    if (seconds > MAX_SESSION.toSeconds()) {
      throw validation("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
    }
    String policy = params.get("Policy");
    if (policy != null && policy.length() > MAX_POLICY) {
      throw validation("Value at 'policy' failed to satisfy constraint: Member must have length less than or equal "
          + "to " + MAX_POLICY);
    }
    Map<String, String> tags = tags(params);
    int packed = packedSize(policy, tags);
    if (packed > MAX_PACKED) {
      throw new AwsError(400, "PackedPolicyTooLarge", "Packed size of consumed session policies and session tags "
          + "exceeds the limit (" + (packed * 100 / MAX_PACKED) + "% of the allowed size)");
    }
    Session session = new Session("ASIA" + token(16).toUpperCase(java.util.Locale.ROOT), role.group(1),
        role.group(2), roleArn, sessionName, clock.instant().plusSeconds(seconds), tags, policy);
    sessions.put(session.accessKeyId(), session);
    return "<AssumeRoleResponse xmlns=\"" + XMLNS + "\"><AssumeRoleResult><Credentials><AccessKeyId>"
        + session.accessKeyId() + "</AccessKeyId><SecretAccessKey>" + token(40) + "</SecretAccessKey><SessionToken>"
        + token(64) + "</SessionToken><Expiration>" + session.expiration() + "</Expiration></Credentials>"
        + "<AssumedRoleUser><AssumedRoleId>" + session.assumedRoleId() + "</AssumedRoleId><Arn>" + session.arn()
        + "</Arn></AssumedRoleUser><PackedPolicySize>" + (packed * 100 / MAX_PACKED) + "</PackedPolicySize>"
        + "</AssumeRoleResult>" + metadata() + "</AssumeRoleResponse>";
  }

  private static Map<String, String> tags(Map<String, String> params) {
    Map<String, String> tags = new LinkedHashMap<>();
    for (int i = 1; params.containsKey("Tags.member." + i + ".Key"); i++) {
      String key = params.get("Tags.member." + i + ".Key");
      String value = params.getOrDefault("Tags.member." + i + ".Value", "");
      if (key.isEmpty() || key.length() > 128 || value.length() > 256) {
        throw validation("Tag " + i + " has a key of 1 to 128 and a value of up to 256 characters");
      }
      tags.put(key, value);
    }
    if (tags.size() > MAX_TAGS) {
      throw validation("Value at 'tags' failed to satisfy constraint: Member must have length less than or equal "
          + "to " + MAX_TAGS);
    }
    return tags;
  }

  private static int packedSize(String policy, Map<String, String> tags) {
    StringBuilder text = new StringBuilder(policy == null ? "" : policy.replaceAll("\\s+", ""));
    tags.forEach((k, v) -> text.append('\u0000').append(k).append('=').append(v));
    if (text.length() == 0) {
      return 0;
    }
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
    deflater.setInput(text.toString().getBytes(StandardCharsets.UTF_8));
    deflater.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[1024];
    while (!deflater.finished()) {
      out.write(buffer, 0, deflater.deflate(buffer));
    }
    deflater.end();
    return out.size();
  }

  private static Map<String, String> decode(String form) {
    Map<String, String> params = new LinkedHashMap<>();
    for (String pair : form.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return params;
  }

  private String token(int length) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder token = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      token.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return token.toString();
  }

  private static String metadata() {
    return "<ResponseMetadata><RequestId>" + UUID.randomUUID() + "</RequestId></ResponseMetadata>";
  }

  private static AwsError validation(String message) {
    return new AwsError(400, "ValidationError", message);
  }
}
