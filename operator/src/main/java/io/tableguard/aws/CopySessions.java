package io.tableguard.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.Tag;

/**
 * AWS credentials for one copy Job: a session of the copy role whose session policy names exactly the intermediate
 * table (read) and the live table and its indexes (read and conditional writes), so the Job cannot touch a third
 * table whatever the role allows. Sessions last an hour, the most STS gives a session chained from another (IRSA);
 * the operator issues a new one well before that. The session policy and the two tags share AWS's packed size.
 */
public final class CopySessions {
  public static final Duration LIFETIME = Duration.ofHours(1);
  /** What the copy pods do to the intermediate table. */
  public static final List<String> READ = List.of("dynamodb:DescribeTable", "dynamodb:Scan", "dynamodb:Query",
      "dynamodb:GetItem", "dynamodb:BatchGetItem");
  /** What the copy pods do to the live table: read it, and conditional single-item writes. */
  public static final List<String> WRITE = List.of("dynamodb:DescribeTable", "dynamodb:Scan", "dynamodb:Query",
      "dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:PutItem", "dynamodb:DeleteItem");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AwsClients clients;

  public CopySessions(AwsClients clients) {
    this.clients = clients;
  }

  /** A new session of the role for this restore's Job, limited to these two tables. */
  public Credentials issue(String roleArn, String region, RoleSession session, String intermediateTableArn,
      String liveTableArn) {
    String policy = sessionPolicy(intermediateTableArn, liveTableArn);
    List<Tag> tags = session.sessionTags().entrySet().stream()
        .map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList();
    return clients.sts(region).assumeRole(r -> r.roleArn(roleArn).roleSessionName(session.sessionName())
        .durationSeconds((int) LIFETIME.toSeconds()).policy(policy).tags(tags)).credentials();
  }

  static String sessionPolicy(String intermediateTableArn, String liveTableArn) {
    ObjectNode policy = JSON.createObjectNode().put("Version", "2012-10-17");
    ArrayNode statements = policy.putArray("Statement");
    statement(statements, "ReadTheRestorePoint", READ, List.of(intermediateTableArn));
    statement(statements, "WriteBackIntoTheLiveTable", WRITE, List.of(liveTableArn, liveTableArn + "/index/*"));
    return policy.toString();
  }

  private static void statement(ArrayNode statements, String sid, List<String> actions, List<String> resources) {
    ObjectNode statement = statements.addObject().put("Sid", sid).put("Effect", "Allow");
    ArrayNode a = statement.putArray("Action");
    actions.forEach(a::add);
    ArrayNode r = statement.putArray("Resource");
    resources.forEach(r::add);
  }
}
