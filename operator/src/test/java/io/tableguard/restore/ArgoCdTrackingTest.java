package io.tableguard.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.tableguard.model.restore.RestorePhase;
import io.tableguard.model.restore.TableRestore;
import io.tableguard.testsupport.OperatorTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Argo CD tracks what an Application owns by its label {@code app.kubernetes.io/instance} or its annotation
 * {@code argocd.argoproj.io/tracking-id}. An object the operator creates that carried the label, copied from the
 * user's resource, would be claimed by that Application: shown as requiring pruning and deleted by the next sync
 * (the record of a completed restore with it, so that self-heal's re-creation would restore again). The operator
 * copies no label and no annotation from the resources it serves onto anything it creates: not onto the record in
 * its own namespace, not onto the Events about the resources, nor onto any other ConfigMap, Event or Lease.
 */
class ArgoCdTrackingTest extends OperatorTestBase {
  private static final String INSTANCE_LABEL = "app.kubernetes.io/instance";
  private static final String TRACKING_ID = "argocd.argoproj.io/tracking-id";
  /** What `kubectl apply` (Argo CD's client-side apply) leaves on every object it applies. */
  private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  @Override
  protected boolean timeFaithfulAws() {
    return true;
  }

  @AfterEach
  void removeRecords() {
    records().forEach(record -> client.resource(record).delete());
  }

  @Test
  void nothingTheOperatorCreatesCarriesArgoCdsTrackingLabelOrAnnotation() {
    String app = application();
    String table = tableName("orders");
    createTable(table);
    create(tracked(protectedTable("orders", table), app));
    awaitReady("orders", "Protected");
    TableRestore restore = tracked(tableRestore("copy", "orders", tableName("copy")), app);
    // ttlAfterCompletion makes the operator write its record of the restore before it deletes the resource.
    restore.getSpec().setTtlAfterCompletion("2s");
    create(restore);
    TableRestore completed = awaitPhase("copy", RestorePhase.Completed);
    assertThat(completed.getMetadata().getLabels()).as("the user's label, kept on the user's resource")
        .containsEntry(INSTANCE_LABEL, app);
    await().atMost(STATUS_TIMEOUT).until(() -> getRestore("copy") == null);

    assertThat(records()).as("the operator's record of the deleted TableRestore").singleElement()
        .satisfies(record -> {
          assertThat(record.getMetadata().getNamespace()).as("kept in the operator's namespace")
              .isEqualTo("default").isNotEqualTo(namespace);
          assertThat(record.getMetadata().getLabels()).as("only the operator's own labels").isEqualTo(Map.of(
              "app.kubernetes.io/managed-by", "tableguard", "tableguard.io/record", "completed-restore"));
          assertThat(record.getMetadata().getAnnotations()).as("no annotation at all").isNullOrEmpty();
          assertThat(record.getMetadata().getOwnerReferences())
              .as("no ownerReference: it is in another namespace, and must outlive the TableRestore").isNullOrEmpty();
          assertThat(record.getData()).containsEntry("name", "copy")
              .containsEntry("uid", completed.getMetadata().getUid());
        });

    List<Event> events = client.events().v1().events().inNamespace(namespace).list().getItems();
    assertThat(events).as("the Events about both resources")
        .extracting(Event::getReason).contains("PointInTimeRecoveryEnabled", "RestoreStarted", "RestoreCompleted");
    assertThat(events).allSatisfy(event -> {
      assertThat(event.getMetadata().getLabels()).as("labels of Event %s", event.getReason()).isNullOrEmpty();
      assertThat(event.getMetadata().getAnnotations()).as("annotations of Event %s", event.getReason())
          .isNullOrEmpty();
    });

    // Whatever else the operator may create, in any namespace: no object of these kinds names the Application.
    assertThat(objectsNaming(app)).as("objects that Argo CD would count as the Application's").isEmpty();
  }

  /** A name no other test uses: the Application's name is the value of the tracking label. */
  private String application() {
    return "tracking-" + namespace;
  }

  /** The metadata Argo CD gives what it applies, with label and annotation tracking both. */
  private <T extends HasMetadata> T tracked(T resource, String app) {
    ObjectMeta meta = resource.getMetadata();
    meta.setLabels(Map.of(INSTANCE_LABEL, app, "team", "billing"));
    meta.setAnnotations(Map.of(TRACKING_ID, app + ":tableguard.io/" + resource.getKind() + ":" + namespace + "/"
        + meta.getName(), LAST_APPLIED, "{\"application\":\"" + app + "\"}"));
    return resource;
  }

  /** The operator's records of this test's restores, in its own namespace (default, in tests). */
  private List<ConfigMap> records() {
    return client.configMaps().inNamespace("default").withLabel("app.kubernetes.io/managed-by", "tableguard")
        .list().getItems().stream()
        .filter(c -> c.getData() != null && namespace.equals(c.getData().get("namespace"))).toList();
  }

  /** ConfigMaps, Events of both APIs and Leases of every namespace with a label or annotation naming {@code app}. */
  private List<String> objectsNaming(String app) {
    List<HasMetadata> all = new ArrayList<>();
    all.addAll(client.configMaps().inAnyNamespace().list().getItems());
    all.addAll(client.events().v1().events().inAnyNamespace().list().getItems());
    all.addAll(client.v1().events().inAnyNamespace().list().getItems());
    all.addAll(client.leases().inAnyNamespace().list().getItems());
    return all.stream().filter(o -> Stream.concat(
            values(o.getMetadata().getLabels()), values(o.getMetadata().getAnnotations()))
            .anyMatch(v -> v.contains(app)))
        .map(o -> o.getKind() + " " + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName()).toList();
  }

  private static Stream<String> values(Map<String, String> map) {
    return map == null ? Stream.empty() : map.values().stream();
  }
}
