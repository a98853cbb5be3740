package io.tableguard.dataplane;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The write-back's writes to the live table, each conditional so that nothing the application wrote after the
 * write-back read an item is ever overwritten or deleted: a put-back only where no item has the key, a replace or a
 * delete only while the live item is still what was read (its version attribute, or else every attribute read)
 * and, when given, the user's condition holds for it.
 *
 * <p>Single-item PutItem and DeleteItem, many at once, rather than PartiQL's BatchExecuteStatement: the user's
 * condition is a DynamoDB condition expression, which PartiQL's WHERE cannot take as written; PutItem replaces the
 * whole item in one step where a PartiQL UPDATE would need every attribute to remove listed; the write units are
 * the same; and a refused write is told apart (changed meanwhile, or the user's condition false) by one consistent
 * read of that item only.
 */
final class GuardedWrites {
  /** DynamoDB refuses a condition expression longer than 4 KB. */
  static final int MAX_EXPRESSION = 4096;

  private final DynamoDbClient dynamo;
  private final String table;
  private final List<String> keyAttributes;
  private final String versionAttribute;
  private final Expression condition;

  /**
   * @param versionAttribute the attribute the application changes on every write, or null to compare every one
   * @param condition the user's condition on the live item for replaces and deletes, or null
   */
  GuardedWrites(DynamoDbClient dynamo, String table, List<String> keyAttributes, String versionAttribute,
      Expression condition) {
    this.dynamo = dynamo;
    this.table = table;
    this.keyAttributes = List.copyOf(keyAttributes);
    this.versionAttribute = versionAttribute;
    this.condition = condition;
  }

  /** Puts the item back where the live table has none with its key. */
  Outcome putBack(Map<String, AttributeValue> item) {
    try {
      dynamo.putItem(r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(#k)")
          .expressionAttributeNames(Map.of("#k", keyAttributes.get(0))));
      return Outcome.Written;
    } catch (ConditionalCheckFailedException e) {
      return Outcome.SkippedChanged;
    }
  }

  /** Replaces the live item as read with the restore point's version. */
  Outcome replace(Map<String, AttributeValue> item, Map<String, AttributeValue> asRead) {
    Guard guard = guard(asRead);
    if (guard == null) {
      return Outcome.SkippedTooLarge;
    }
    try {
      dynamo.putItem(r -> r.tableName(table).item(item).conditionExpression(guard.text())
          .expressionAttributeNames(guard.names())
          .expressionAttributeValues(guard.values().isEmpty() ? null : guard.values()));
      return Outcome.Written;
    } catch (ConditionalCheckFailedException e) {
      return refused(asRead);
    }
  }

  /** Deletes the live item as read. */
  Outcome delete(Map<String, AttributeValue> asRead) {
    Guard guard = guard(asRead);
    if (guard == null) {
      return Outcome.SkippedTooLarge;
    }
    try {
      dynamo.deleteItem(r -> r.tableName(table).key(key(asRead)).conditionExpression(guard.text())
          .expressionAttributeNames(guard.names())
          .expressionAttributeValues(guard.values().isEmpty() ? null : guard.values()));
      return Outcome.Deleted;
    } catch (ConditionalCheckFailedException e) {
      return refused(asRead);
    }
  }

  /** Why a guarded write was refused: the item changed since it was read, or else the user's condition was false. */
  private Outcome refused(Map<String, AttributeValue> asRead) {
    Map<String, AttributeValue> now = dynamo.getItem(r -> r.tableName(table).key(key(asRead)).consistentRead(true))
        .item();
    boolean unchanged = now != null && !now.isEmpty() && SameItem.same(now, asRead);
    return unchanged && condition != null ? Outcome.SkippedByCondition : Outcome.SkippedChanged;
  }

  private Map<String, AttributeValue> key(Map<String, AttributeValue> item) {
    Map<String, AttributeValue> key = new HashMap<>();
    keyAttributes.forEach(k -> key.put(k, item.get(k)));
    return key;
  }

  private record Guard(String text, Map<String, String> names, Map<String, AttributeValue> values) {}

  /** The condition that the live item is still as read (and the user's holds), or null when over 4 KB. */
  private Guard guard(Map<String, AttributeValue> asRead) {
    Map<String, String> names = new HashMap<>();
    Map<String, AttributeValue> values = new HashMap<>();
    StringBuilder text = new StringBuilder();
    if (condition != null) {
      names.putAll(condition.names());
      values.putAll(condition.values());
      text.append('(').append(condition.text()).append(") AND ");
    }
    List<String> compared = versionAttribute != null ? List.of(versionAttribute)
        : asRead.keySet().stream().sorted().toList();
    text.append("attribute_exists(#tgk)");
    names.put("#tgk", keyAttributes.get(0));
    int i = 0;
    for (String attribute : compared) {
      String name = "#tg" + i;
      String value = ":tg" + i;
      names.put(name, attribute);
      if (asRead.containsKey(attribute)) {
        text.append(" AND ").append(name).append(" = ").append(value);
        values.put(value, asRead.get(attribute));
      } else {
        text.append(" AND attribute_not_exists(").append(name).append(')');
      }
      i++;
    }
    return text.length() > MAX_EXPRESSION ? null : new Guard(text.toString(), names, values);
  }
}
