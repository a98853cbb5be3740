package io.tableguard.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tableguard.config.OperatorSettings;
import io.tableguard.model.restore.TableRestore;
import io.tableguard.testsupport.KubeRequests.KubeRequest;
import io.tableguard.testsupport.KubeRequests;
import io.tableguard.testsupport.OperatorTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Least privilege, proven against the real API server (RBAC on). The operator here runs as the chart's
 * ServiceAccount (a TokenRequest token), with leader election, through a protect, a restore and its
 * ttlAfterCompletion; every Kubernetes request the suite's operators made (recorded by KubeRequests) must be
 * allowed to that ServiceAccount by the chart's RBAC, and every rule the chart renders must be needed by one.
 * It runs after every other test class (junit-platform.properties orders classes by @Order), so the recording
 * covers the whole suite.
 */
@Order(Integer.MAX_VALUE)
class RbacTest extends OperatorTestBase {
  /** Kept in the operator's own namespace: its Lease, its records, and the copy Jobs with their parts. */
  private static final Set<String> OPERATOR_NAMESPACE_RESOURCES = Set.of("configmaps", "leases", "jobs", "secrets",
      "serviceaccounts", "roles", "rolebindings");
  /** Rules needed though no request uses them, each with its reason. */
  private static final Map<String, String> NEEDED_WITHOUT_A_REQUEST = Map.of(
      "update coordination.k8s.io/leases", "JOSDK's LeaderElectionManager checks for get, create and update on "
          + "leases (a SelfSubjectRulesReview) at start-up and refuses to start without them; renewals patch");

  private ChartServiceAccount chart;
  private List<HasMetadata> rbac;

  @Override
  protected boolean timeFaithfulAws() {
    return true;
  }

  @Override
  protected OperatorSettings settings() {
    return super.settings().withLeaderElection(new OperatorSettings.LeaderElection(true, namespace,
        "tableguard-operator"));
  }

  /** The chart's ServiceAccount and RBAC, created in this namespace; the operator authenticates as it. */
  @Override
  protected KubernetesClient operatorClient() {
    chart = new ChartServiceAccount(kube, namespace, List.of());
    rbac = chart.manifests();
    return chart.client();
  }

  @Test
  void everyRequestOfTheSuiteIsAllowedAndEveryRuleIsNeeded() {
    // An expired record of an older restore: the operator deletes it when it writes its next record.
    client.resource(new ConfigMapBuilder().withNewMetadata().withNamespace(namespace).withName("expired-record")
        .withLabels(Map.of("app.kubernetes.io/managed-by", "tableguard", "tableguard.io/record", "completed-restore"))
        .endMetadata().withData(Map.of("namespace", "gone", "name", "gone", "expiresAt", "2025-01-01T00:00:00Z"))
        .build()).create();
    protectTable("orders");
    TableRestore restore = tableRestore("copy", "orders", tableName("copy"));
    restore.getSpec().setTtlAfterCompletion("2s");
    create(restore);
    await().atMost(STATUS_TIMEOUT).until(() -> getRestore("copy") == null);
    assertThat(client.configMaps().inNamespace(namespace).withName("expired-record").get())
        .as("the expired record, deleted").isNull();
    stopOperator();

    Set<KubeRequest> recorded = KubeRequests.recorded();
    assertThat(recorded).as("requests recorded over the suite").extracting(KubeRequest::resource)
        .contains("protectedtables", "tablerestores", "events", "configmaps", "leases");
    List<String> refused = new ArrayList<>();
    for (KubeRequest request : recorded) {
      if (!allowed(request)) {
        refused.add(request.toString());
      }
    }
    assertThat(refused).as("requests the chart's RBAC refuses its ServiceAccount").isEmpty();
    Set<String> unneeded = unneededRules(recorded);
    unneeded.removeAll(NEEDED_WITHOUT_A_REQUEST.keySet());
    assertThat(unneeded).as("rendered rules no recorded request needs").isEmpty();
  }

  private boolean allowed(KubeRequest request) {
    // Leases and records live in the operator's own namespace, whichever namespace a test gave its operator: here,
    // this test's namespace, where the chart's Role is.
    String ns = OPERATOR_NAMESPACE_RESOURCES.contains(request.resource()) ? namespace : request.namespace();
    SubjectAccessReview review = client.resource(new SubjectAccessReviewBuilder().withNewSpec()
        .withUser(chart.userName())
        .withGroups("system:serviceaccounts", "system:serviceaccounts:" + namespace, "system:authenticated")
        .withNewResourceAttributes().withVerb(request.verb()).withGroup(request.group())
        .withResource(request.resource()).withSubresource(request.subresource()).withNamespace(ns)
        .endResourceAttributes().endSpec().build()).create();
    return Boolean.TRUE.equals(review.getStatus().getAllowed());
  }

  private Set<String> unneededRules(Set<KubeRequest> recorded) {
    List<PolicyRule> rules = new ArrayList<>(only(ClusterRole.class).getRules());
    rules.addAll(only(Role.class).getRules());
    Set<String> unneeded = new TreeSet<>();
    for (PolicyRule rule : rules) {
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            if (recorded.stream().noneMatch(r -> r.group().equals(group) && r.verb().equals(verb)
                && (r.subresource().isEmpty() ? r.resource() : r.resource() + "/" + r.subresource()).equals(resource))) {
              unneeded.add(verb + " " + (group.isEmpty() ? "" : group + "/") + resource);
            }
          }
        }
      }
    }
    return unneeded;
  }

  private <T extends HasMetadata> T only(Class<T> kind) {
    List<T> found = rbac.stream().filter(kind::isInstance).map(kind::cast).toList();
    assertThat(found).as("rendered %s", kind.getSimpleName()).hasSize(1);
    return found.get(0);
  }
}
