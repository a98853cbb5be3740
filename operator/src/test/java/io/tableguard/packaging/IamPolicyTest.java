package io.tableguard.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tableguard.testsupport.AwsFaultProxy;
import io.tableguard.testsupport.KubeApi;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * examples/iam-policy.json grants every AWS operation the operator invoked during the whole test suite, and each
 * action it grants beyond those is there for a reason taken from AWS's documentation. The operations are recorded
 * by the AWS proxies every test's operator talks through (requests carrying the operator's User-Agent, so a
 * test's own calls do not count); like RbacTest this runs after every other test class.
 */
@Order(Integer.MAX_VALUE)
class IamPolicyTest {
  private static final String DATA_PLANE = "RestoreTableToPointInTime needs data-plane read and write permissions "
      + "(Scan, Query, GetItem, PutItem, UpdateItem, DeleteItem, BatchWriteItem) on the target table: AWS writes "
      + "the restored items as the caller";
  private static final String KMS = "a restore with spec.overrides.sse naming a customer managed KMS key: DynamoDB "
      + "describes the key and creates a grant on it as the caller (limited to DynamoDB by kms:ViaService)";
  /** Granted though no call of the operator's is that action, with AWS's reason. */
  private static final Map<String, String> GRANTED_WITHOUT_A_CALL = Map.ofEntries(
      Map.entry("sts:TagSession", "AssumeRole with session tags (tableguard.io/namespace, tableguard.io/name) needs "
          + "sts:TagSession on the role as well; it is a permission, not an operation"),
      Map.entry("dynamodb:Scan", DATA_PLANE),
      Map.entry("dynamodb:Query", DATA_PLANE),
      Map.entry("dynamodb:GetItem", DATA_PLANE),
      Map.entry("dynamodb:PutItem", DATA_PLANE),
      Map.entry("dynamodb:UpdateItem", DATA_PLANE),
      Map.entry("dynamodb:DeleteItem", DATA_PLANE),
      Map.entry("dynamodb:BatchWriteItem", DATA_PLANE),
      Map.entry("kms:DescribeKey", KMS),
      Map.entry("kms:CreateGrant", KMS));

  @Test
  void grantsEveryOperationTheSuiteSawAndExplainsEveryOther() throws IOException {
    Set<String> invoked = new TreeSet<>(AwsFaultProxy.operatorActions());
    Set<String> granted = grantedActions();

    assertThat(invoked).as("the operator's AWS calls recorded over the suite (run the whole suite, not this "
        + "class alone)").contains("dynamodb:RestoreTableToPointInTime", "sts:GetCallerIdentity", "sts:AssumeRole");
    Set<String> missing = new TreeSet<>(invoked);
    missing.removeAll(granted);
    assertThat(missing).as("called by the operator, not granted by examples/iam-policy.json").isEmpty();
    Set<String> unexplained = new TreeSet<>(granted);
    unexplained.removeAll(invoked);
    unexplained.removeAll(GRANTED_WITHOUT_A_CALL.keySet());
    assertThat(unexplained).as("granted, never called in the suite, with no reason given").isEmpty();
  }

  private static Set<String> grantedActions() throws IOException {
    JsonNode policy = new ObjectMapper().readTree(KubeApi.repoRoot().resolve("examples/iam-policy.json").toFile());
    Set<String> actions = new TreeSet<>();
    policy.path("Statement").forEach(s -> s.path("Action").forEach(a -> actions.add(a.asText())));
    return actions;
  }
}
