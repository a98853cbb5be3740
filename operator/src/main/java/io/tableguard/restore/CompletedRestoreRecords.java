package io.tableguard.restore;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.tableguard.model.restore.TableRestore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Remembers the TableRestores that ttlAfterCompletion deleted, so that a GitOps tool re-creating one from Git
 * (Argo CD's self-heal) with the same namespace, name and spec does not restore again. One ConfigMap per
 * namespace/name in the operator's own namespace, named from a hash of both, kept for the TTL plus a margin
 * after the deletion: as long as the resource would have lived again, had it been re-created at once.
 */
class CompletedRestoreRecords {
  static final Duration MARGIN = Duration.ofHours(1);
  private static final Map<String, String> LABELS = Map.of("app.kubernetes.io/managed-by", "tableguard",
      "tableguard.io/record", "completed-restore");

  /** What the earlier TableRestore of the same namespace, name and spec did. */
  record Earlier(String uid, String completionTime, String restoreDateTime, String targetTableArn,
      String expiresAt) {}

  private final String namespace;
  private final Clock clock;
  private volatile InformerEventSource<ConfigMap, TableRestore> cache;

  CompletedRestoreRecords(String namespace, Clock clock) {
    this.namespace = namespace;
    this.clock = clock;
  }

  /**
   * The records, cached by an informer over the operator's namespace: the TableRestore controller's event source
   * (a record maps to the TableRestore it remembers). Call once, from that controller's prepareEventSources.
   */
  InformerEventSource<ConfigMap, TableRestore> eventSource(EventSourceContext<TableRestore> context) {
    cache = new InformerEventSource<>(InformerEventSourceConfiguration.from(ConfigMap.class, TableRestore.class)
        .withName("completed-restore-records")
        .withNamespaces(Set.of(namespace))
        .withLabelSelector(LABELS.entrySet().stream().sorted(Map.Entry.comparingByKey())
            .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(",")))
        .withSecondaryToPrimaryMapper(record -> record.getData() == null || record.getData().get("name") == null
            ? Set.of() : Set.of(new ResourceID(record.getData().get("name"), record.getData().get("namespace"))))
        .build(), context);
    return cache;
  }

  /**
   * The unexpired record of this namespace, name and spec, from the cache (asked at every reconcile of a new
   * TableRestore); an expired record found on the way is deleted.
   */
  Optional<Earlier> find(TableRestore restore, KubernetesClient client) {
    if (cache == null) {
      throw new IllegalStateException("the records' event source is not registered");
    }
    return earlier(restore, cache.get(new ResourceID(recordName(restore), namespace)).orElse(null), client);
  }

  private Optional<Earlier> earlier(TableRestore restore, ConfigMap record, KubernetesClient client) {
    if (record == null || record.getData() == null) {
      return Optional.empty();
    }
    Map<String, String> data = record.getData();
    if (expired(data)) {
      client.resource(record).delete();
      return Optional.empty();
    }
    boolean same = restore.getMetadata().getNamespace().equals(data.get("namespace"))
        && restore.getMetadata().getName().equals(data.get("name"))
        && sameRestore(restore, data, client);
    return same ? Optional.of(new Earlier(data.get("uid"), data.get("completionTime"), data.get("restoreDateTime"),
        data.get("targetTableArn"), data.get("expiresAt"))) : Optional.empty();
  }

  /**
   * Written before ttlAfterCompletion deletes the resource. A record of the same spec keeps the first restore's
   * result and only lives longer; expired records of other resources are deleted on the way.
   */
  void remember(TableRestore restore, Duration ttl, KubernetesClient client) {
    // Read from the API server, not the cache: written once per TTL, and merged with the latest record.
    Optional<Earlier> earlier = earlier(restore,
        client.configMaps().inNamespace(namespace).withName(recordName(restore)).get(), client);
    var status = restore.getStatus();
    Map<String, String> data = new LinkedHashMap<>();
    data.put("namespace", restore.getMetadata().getNamespace());
    data.put("name", restore.getMetadata().getName());
    data.put("restoreIdentity", RestoreIdentity.of(restore.getSpec()));
    data.put("uid", earlier.map(Earlier::uid).orElse(restore.getMetadata().getUid()));
    data.put("completionTime", earlier.map(Earlier::completionTime).orElse(status.getCompletionTime()));
    data.put("restoreDateTime", earlier.map(Earlier::restoreDateTime).orElse(status.getRestoreDateTime()));
    data.put("targetTableArn", earlier.map(Earlier::targetTableArn).orElse(status.getTargetTableArn()));
    data.put("expiresAt", clock.instant().plus(ttl).plus(MARGIN).toString());
    data.values().removeIf(v -> v == null);
    ConfigMap record = new ConfigMapBuilder().withNewMetadata().withNamespace(namespace)
        .withName(recordName(restore)).withLabels(LABELS).endMetadata().withData(data).build();
    ConfigMap written = client.resource(record).createOr(NonDeletingOperation::update);
    if (cache != null) {
      // A re-creation reconciled a moment from now must find it, even before the informer has seen it.
      cache.handleRecentResourceCreate(ResourceID.fromResource(written), written);
    }
    client.configMaps().inNamespace(namespace).withLabels(LABELS).list().getItems().stream()
        .filter(r -> r.getData() != null && expired(r.getData()))
        .forEach(r -> client.resource(r).delete());
  }

  private boolean expired(Map<String, String> data) {
    String expiresAt = data.get("expiresAt");
    return expiresAt == null || !Instant.parse(expiresAt).isAfter(clock.instant());
  }

  private static String recordName(TableRestore restore) {
    return "tableguard-restore-" + RestoreIdentity.sha256(restore.getMetadata().getNamespace() + "/"
        + restore.getMetadata().getName()).substring(0, 32);
  }

  /**
   * The same restore asked again ({@link RestoreIdentity}); a record of the release before it (a hash of the whole
   * spec as that release's model wrote it) is matched as it was then, which holds across that one upgrade.
   */
  private static boolean sameRestore(TableRestore restore, Map<String, String> data, KubernetesClient client) {
    if (data.containsKey("restoreIdentity")) {
      return RestoreIdentity.of(restore.getSpec()).equals(data.get("restoreIdentity"));
    }
    return RestoreIdentity.sha256(client.getKubernetesSerialization().asJson(restore.getSpec()))
        .equals(data.get("specHash"));
  }
}
