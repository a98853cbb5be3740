package io.tableguard.dataplane;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.tableguard.model.restore.RestoreItems;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a copy Job's pods do, as the operator hands it to them (JSON in one environment variable of the Job's pod
 * template): which tables, the spec's selection and write-back, and the facts the operator found (key attributes,
 * TTL attribute, the time that decides expiry). Every pod of the Job runs the shard of its completion index.
 *
 * @param endpoint an AWS endpoint override (an emulator), or null for AWS's own
 * @param ttlAttribute the live table's TTL attribute, or null when TTL is off
 * @param now the time items' TTL is compared with, as ISO-8601
 * @param progressPrefix the progress ConfigMaps' names, before "-INDEX"
 */
public record CopyPlan(String intermediateTable, String liveTable, String region, String endpoint,
    List<String> keyAttributes, String ttlAttribute, String now, RestoreItems items, String progressPrefix,
    int writeThreads) {
  public static final String ENVIRONMENT = "TABLEGUARD_COPY_PLAN";

  public String toJson() {
    try {
      return Serialization.jsonMapper().writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a copy plan is always JSON", e);
    }
  }

  public static CopyPlan fromJson(String json) {
    try {
      return Serialization.jsonMapper().readValue(json, CopyPlan.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(ENVIRONMENT + " is not a copy plan: " + e.getOriginalMessage(), e);
    }
  }

  /** The progress ConfigMap of one shard. */
  public String progressName(int shard) {
    return progressPrefix + "-" + shard;
  }

  /** The engine's plan for one shard. */
  ShardWriteBack.Plan shard(int shard) {
    var writeBack = items.getWriteBack();
    Selection selection;
    if (items.getKeys() != null) {
      selection = new Selection.Keys(items.getKeys().stream().map(ItemValues::toItem).toList());
    } else if (items.getPartitionKeys() != null) {
      selection = new Selection.Partitions(items.getPartitionKeys().stream().map(ItemValues::toAttribute).toList());
    } else {
      selection = new Selection.Everything(ItemValues.toExpression(items.getFilter()));
    }
    return new ShardWriteBack.Plan(writeBack.getMode(), intermediateTable, liveTable, keyAttributes, selection,
        writeBack.getVersionAttribute(), ItemValues.toExpression(writeBack.getCondition()), ttlAttribute,
        Instant.parse(now), writeBack.getMaxWritesPerSecond() / (double) writeBack.getParallelism(),
        writeBack.getMaxReadsPerSecond() / (double) writeBack.getParallelism(), shard, writeBack.getShards(),
        writeThreads, items.getReport() != null && Boolean.TRUE.equals(items.getReport().getSampleKeys()));
  }

  Optional<String> endpointOverride() {
    return Optional.ofNullable(endpoint);
  }
}
