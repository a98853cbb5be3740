package io.tableguard.dataplane;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** How an item of the selection differs between the restore point and the live table when it was read. */
public enum Difference {
  /** The same data in both. */
  Same,
  /** At the restore point, absent now. */
  MissingNow,
  /** In both, with different data. */
  Changed,
  /** Present now, absent at the restore point. */
  AddedSince;

  /** The difference between the restore point's version and the live one; null for an absent item. */
  static Difference of(Map<String, AttributeValue> then, Map<String, AttributeValue> now) {
    if (then == null) {
      return AddedSince;
    }
    if (now == null) {
      return MissingNow;
    }
    return SameItem.same(then, now) ? Same : Changed;
  }
}
