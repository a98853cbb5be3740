package io.tableguard.dataplane;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.tableguard.model.restore.ItemValue;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A shard's checkpoint in a ConfigMap the operator created for it in its own namespace, where no tenant can edit
 * it, and which the shard's pods may only get and update (their Role names it). Saves are compare-and-swap on the
 * ConfigMap's resourceVersion: when two pods run one index (a replacement started while the old one still ran),
 * the second to save loses, learns it from the conflict, and stops.
 */
public final class ConfigMapCheckpoints implements ShardWriteBack.Checkpoints {
  /** The data key holding the checkpoint's JSON. */
  public static final String KEY = "checkpoint";

  private static final ObjectMapper JSON = Serialization.jsonMapper();

  private final KubernetesClient client;
  private final String namespace;
  private final String name;
  private String resourceVersion;

  public ConfigMapCheckpoints(KubernetesClient client, String namespace, String name) {
    this.client = client;
    this.namespace = namespace;
    this.name = name;
  }

  @Override
  public Optional<ShardWriteBack.Checkpoint> load() {
    ConfigMap map = client.configMaps().inNamespace(namespace).withName(name).get();
    if (map == null) {
      throw new IllegalStateException("progress ConfigMap " + namespace + "/" + name + " does not exist; the operator "
          + "creates it before the Job");
    }
    resourceVersion = map.getMetadata().getResourceVersion();
    return read(map);
  }

  @Override
  public void save(ShardWriteBack.Checkpoint checkpoint) {
    ConfigMap map = client.configMaps().inNamespace(namespace).withName(name).get();
    if (map == null || !map.getMetadata().getResourceVersion().equals(resourceVersion)) {
      throw new ShardWriteBack.LostRace("progress ConfigMap " + namespace + "/" + name + " changed since this pod "
          + "last wrote it: another pod runs this shard");
    }
    Map<String, String> data = new LinkedHashMap<>(map.getData() == null ? Map.of() : map.getData());
    data.put(KEY, write(checkpoint));
    map.setData(data);
    try {
      resourceVersion = client.configMaps().inNamespace(namespace).resource(map).lockResourceVersion(resourceVersion)
          .update().getMetadata().getResourceVersion();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        throw new ShardWriteBack.LostRace("another pod saved shard " + name + " first");
      }
      throw e;
    }
  }

  /** The checkpoint a ConfigMap holds, if any: what the operator reads to report progress. */
  public static Optional<ShardWriteBack.Checkpoint> read(ConfigMap map) {
    String text = map.getData() == null ? null : map.getData().get(KEY);
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    try {
      JsonNode node = JSON.readTree(text);
      Map<String, ItemValue> lastKey = node.hasNonNull("lastKey")
          ? JSON.convertValue(node.get("lastKey"), JSON.getTypeFactory().constructMapType(LinkedHashMap.class,
              String.class, ItemValue.class)) : null;
      Map<Outcome, Long> outcomes = new EnumMap<>(Outcome.class);
      node.path("outcomes").fields().forEachRemaining(f -> outcomes.put(Outcome.valueOf(f.getKey()),
          f.getValue().asLong()));
      Map<Difference, Long> differences = new EnumMap<>(Difference.class);
      node.path("differences").fields().forEachRemaining(f -> differences.put(Difference.valueOf(f.getKey()),
          f.getValue().asLong()));
      Map<Difference, List<String>> samples = new EnumMap<>(Difference.class);
      node.path("samples").fields().forEachRemaining(f -> {
        List<String> keys = new ArrayList<>();
        f.getValue().forEach(k -> keys.add(k.asText()));
        samples.put(Difference.valueOf(f.getKey()), keys);
      });
      return Optional.of(new ShardWriteBack.Checkpoint(node.path("pass").asInt(1),
          new ShardWriteBack.Position(node.path("index").asInt(0), lastKey == null ? null : ItemValues.toItem(lastKey)),
          new Tally.Counts(outcomes, differences, samples), node.path("done").asBoolean(false)));
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new IllegalStateException("progress ConfigMap " + map.getMetadata().getName() + " holds no checkpoint: "
          + e.getMessage(), e);
    }
  }

  static String write(ShardWriteBack.Checkpoint checkpoint) {
    ObjectNode node = JSON.createObjectNode();
    node.put("pass", checkpoint.pass());
    node.put("index", checkpoint.position().index());
    if (checkpoint.position().lastKey() != null) {
      node.set("lastKey", JSON.valueToTree(ItemValues.fromKey(checkpoint.position().lastKey())));
    }
    node.put("done", checkpoint.done());
    ObjectNode outcomes = node.putObject("outcomes");
    checkpoint.counts().outcomes().forEach((k, v) -> outcomes.put(k.name(), v));
    ObjectNode differences = node.putObject("differences");
    checkpoint.counts().differences().forEach((k, v) -> differences.put(k.name(), v));
    if (!checkpoint.counts().samples().isEmpty()) {
      ObjectNode samples = node.putObject("samples");
      checkpoint.counts().samples().forEach((k, v) -> v.forEach(samples.putArray(k.name())::add));
    }
    return node.toString();
  }
}
