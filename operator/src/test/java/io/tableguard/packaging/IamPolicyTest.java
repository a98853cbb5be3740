package io.tableguard.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tableguard.aws.AwsFailure;
import io.tableguard.testsupport.KubeApi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * examples/iam-policy.json grants every AWS operation the operator's code invokes, and each action beyond
 * those is there for a documented reason. The operations are read from the code's calls (every AWS call goes
 * through AwsCalls with its operation name) plus the STS calls the SDK makes on its behalf.
 */
class IamPolicyTest {
  private static final Pattern CALL = Pattern.compile("calls\\.(?:call|run)\\(\\w+, \"([A-Za-z]+)\"");
  /** Made by the SDK and CallerAccount rather than through AwsCalls. */
  private static final Set<String> STS = Set.of("sts:GetCallerIdentity", "sts:AssumeRole", "sts:TagSession");
  /** Granted though the code never calls them, with AWS's reason. */
  private static final Map<String, String> NOT_CALLED = Map.of(
      "dynamodb:Scan", "RestoreTableToPointInTime needs data-plane read and write permissions on the target",
      "dynamodb:Query", "the same",
      "dynamodb:GetItem", "the same",
      "dynamodb:PutItem", "the same",
      "dynamodb:UpdateItem", "the same",
      "dynamodb:DeleteItem", "the same",
      "dynamodb:BatchWriteItem", "the same");

  @Test
  void grantsEveryOperationTheCodeInvokesAndExplainsEveryOther() throws IOException {
    Set<String> invoked = invokedActions();
    Set<String> granted = grantedActions();

    assertThat(invoked).as("operations found in the code").contains("dynamodb:RestoreTableToPointInTime");
    assertThat(granted).as("examples/iam-policy.json grants every invoked action").containsAll(invoked);
    Set<String> unexplained = new TreeSet<>(granted);
    unexplained.removeAll(invoked);
    unexplained.removeAll(NOT_CALLED.keySet());
    assertThat(unexplained).as("granted, never called, with no reason given").isEmpty();
  }

  private static Set<String> invokedActions() throws IOException {
    Set<String> actions = new TreeSet<>(STS);
    try (Stream<Path> files = Files.walk(KubeApi.repoRoot().resolve("operator/src/main/java"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Matcher call = CALL.matcher(Files.readString(file));
        while (call.find()) {
          actions.add(AwsFailure.actionOf(call.group(1)));
        }
      }
    }
    return actions;
  }

  private static Set<String> grantedActions() throws IOException {
    JsonNode policy = new ObjectMapper().readTree(KubeApi.repoRoot().resolve("examples/iam-policy.json").toFile());
    Set<String> actions = new TreeSet<>();
    policy.path("Statement").forEach(s -> s.path("Action").forEach(a -> actions.add(a.asText())));
    return actions;
  }
}
