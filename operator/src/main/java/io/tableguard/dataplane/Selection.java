package io.tableguard.dataplane;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Which items a write-back considers, and how they are cut into shards. */
public sealed interface Selection {
  /** Every item, or every item a filter selects (at the restore point or now); shards are Scan segments. */
  record Everything(Expression filter) implements Selection {}

  /** Every item of these partition key values, read with Query; shards by a hash of the value. */
  record Partitions(List<AttributeValue> values) implements Selection {
    public Partitions {
      values = List.copyOf(values);
    }
  }

  /** These items; shards by a hash of the key. */
  record Keys(List<Map<String, AttributeValue>> keys) implements Selection {
    public Keys {
      keys = List.copyOf(keys);
    }
  }

  /** The shard (0 to shards - 1) a partition key value or a key belongs to, the same in every pod. */
  static int shardOf(Object valueOrKey, int shards) {
    String canonical = valueOrKey instanceof Map<?, ?> key ? new TreeMap<>(key).toString() : valueOrKey.toString();
    return Math.floorMod(canonical.hashCode(), shards);
  }
}
