package io.tableguard.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The little of STS and Application Auto Scaling a DynamoDB tool needs beside DynamoDB: who am I, and the
 * scalable targets and policies of tables, kept in memory.
 */
class SideServices {
  /**
   * Who a caller is, as GetCallerIdentity answers and as the emulator's CloudTrail events name it: each access key
   * is an IAM user of its account named after the key (an unsigned request is user "anonymous"), so that two
   * clients with two keys are two people, as in AWS.
   */
  record User(String name, String arn, String id, String account) {
    static User of(String accessKeyId, String account) {
      String name = accessKeyId == null || accessKeyId.isBlank() ? "anonymous"
          : accessKeyId.replaceAll("[^A-Za-z0-9+=,.@_-]", "_");
      String id = "AIDA" + String.format("%016X", (long) name.hashCode() & 0xFFFFFFFFL);
      return new User(name, "arn:aws:iam::" + account + ":user/" + name, id, account);
    }
  }

  private final DynamoLocalBackend backend;
  private final String account;
  private final List<ObjectNode> targets = new CopyOnWriteArrayList<>();
  private final Map<String, ObjectNode> policies = new ConcurrentHashMap<>();

  SideServices(DynamoLocalBackend backend, String account) {
    this.backend = backend;
    this.account = account;
  }

  JsonNode autoScaling(String operation, JsonNode request) {
    ObjectNode answer = backend.object();
    switch (operation) {
      case "RegisterScalableTarget" -> {
        targets.removeIf(t -> sameTarget(t, request));
        ObjectNode target = request.deepCopy();
        targets.add(target);
      }
      case "DescribeScalableTargets" -> {
        ArrayNode list = answer.putArray("ScalableTargets");
        targets.stream().filter(t -> !request.has("ResourceIds") || contains(request.get("ResourceIds"),
            t.path("ResourceId").asText())).forEach(list::add);
      }
      case "PutScalingPolicy" -> {
        ObjectNode policy = request.deepCopy();
        String arn = "arn:aws:autoscaling:emulator:" + account + ":scalingPolicy:" + UUID.randomUUID()
            + ":resource/dynamodb/" + request.path("ResourceId").asText() + ":policyName/"
            + request.path("PolicyName").asText();
        policy.put("PolicyARN", arn);
        policies.put(request.path("ResourceId").asText() + "|" + request.path("PolicyName").asText(), policy);
        answer.put("PolicyARN", arn);
        answer.putArray("Alarms");
      }
      case "DescribeScalingPolicies" -> {
        ArrayNode list = answer.putArray("ScalingPolicies");
        policies.values().stream()
            .filter(p -> !request.has("ResourceId") || p.path("ResourceId").equals(request.get("ResourceId")))
            .forEach(list::add);
      }
      default -> throw new AwsError(400, "ValidationException", operation + " is not supported by the emulator");
    }
    return answer;
  }

  private static boolean sameTarget(JsonNode a, JsonNode b) {
    return a.path("ResourceId").equals(b.path("ResourceId"))
        && a.path("ScalableDimension").equals(b.path("ScalableDimension"));
  }

  private static boolean contains(JsonNode array, String value) {
    for (JsonNode v : array) {
      if (v.asText().equals(value)) {
        return true;
      }
    }
    return false;
  }
}
