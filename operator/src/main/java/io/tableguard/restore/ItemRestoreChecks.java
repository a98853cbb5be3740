package io.tableguard.restore;

import io.tableguard.aws.TableTarget;
import io.tableguard.config.CopyJobSettings;
import io.tableguard.model.restore.ItemValue;
import io.tableguard.model.restore.RestoreItems;
import io.tableguard.model.restore.RestoreReason;
import io.tableguard.model.restore.TableRestore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * What an item-level restore needs before AWS is asked for anything, refused at once with the fix in the message:
 * a table that is not global, keys that name exactly the table's key attributes with their types, and a role for
 * the copy Job. The API server checked the shape; only the table knows its schema.
 */
final class ItemRestoreChecks {
  private final CopyJobSettings copyJobs;

  ItemRestoreChecks(CopyJobSettings copyJobs) {
    this.copyJobs = copyJobs;
  }

  void check(TableRestore restore, TableTarget source, TableDescription table) {
    RestoreItems items = restore.getSpec().getItems();
    if (items == null) {
      return;
    }
    requireNotGlobal(source, table);
    if (source.roleArn().isEmpty() && copyJobs.roleArn().isEmpty()) {
      throw noCopyRole();
    }
    Map<String, String> types = new HashMap<>();
    for (AttributeDefinition definition : table.attributeDefinitions()) {
      types.put(definition.attributeName(), definition.attributeTypeAsString());
    }
    Set<String> keyNames = new TreeSet<>();
    String partitionKey = null;
    for (KeySchemaElement key : table.keySchema()) {
      keyNames.add(key.attributeName());
      if (key.keyType() == KeyType.HASH) {
        partitionKey = key.attributeName();
      }
    }
    List<String> problems = new ArrayList<>();
    if (items.getKeys() != null) {
      for (int i = 0; i < items.getKeys().size(); i++) {
        Map<String, ItemValue> key = items.getKeys().get(i);
        if (!key.keySet().equals(keyNames)) {
          problems.add("spec.items.keys[" + i + "] names " + new TreeSet<>(key.keySet()) + ", the table's key is "
              + keyNames);
          continue;
        }
        for (Map.Entry<String, ItemValue> attribute : key.entrySet()) {
          String expected = types.get(attribute.getKey());
          if (!expected.equals(typeOf(attribute.getValue()))) {
            problems.add("spec.items.keys[" + i + "]." + attribute.getKey() + " must be " + expected);
          }
        }
      }
    }
    if (items.getPartitionKeys() != null) {
      String expected = types.get(partitionKey);
      for (int i = 0; i < items.getPartitionKeys().size(); i++) {
        if (!expected.equals(typeOf(items.getPartitionKeys().get(i)))) {
          problems.add("spec.items.partitionKeys[" + i + "] must be " + expected + " (" + partitionKey + ")");
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new RestoreFailure(RestoreReason.InvalidItemKeys, "the keys do not fit " + source + ": "
          + String.join("; ", problems.subList(0, Math.min(5, problems.size())))
          + (problems.size() > 5 ? " (and " + (problems.size() - 5) + " more)" : "")
          + ". Nothing was restored; create a new TableRestore with the table's key attributes");
    }
  }

  static RestoreFailure noCopyRole() {
    return new RestoreFailure(RestoreReason.CopyRoleNotConfigured, "an item-level restore runs a copy Job under the "
        + "copy role, and the operator has none: set the chart value copyJobs.roleArn (TABLEGUARD_COPY_ROLE_ARN) to "
        + "a role with the actions of examples/iam-policy-copy-jobs.json");
  }

  /** Conditions do not hold across a global table's replicas: a write-back there could overwrite another Region's. */
  static void requireNotGlobal(TableTarget table, TableDescription description) {
    if (description.hasReplicas() && !description.replicas().isEmpty()) {
      throw new RestoreFailure(RestoreReason.GlobalTableNotSupported, table + " is a global table: conditional "
          + "writes do not hold across its replicas, so a write-back could overwrite what the application wrote in "
          + "another Region. Restore the whole table instead (a TableRestore without spec.items)");
    }
  }

  private static String typeOf(ItemValue value) {
    int set = (value.getS() != null ? 1 : 0) + (value.getN() != null ? 1 : 0) + (value.getB() != null ? 1 : 0)
        + (value.getBool() != null ? 1 : 0);
    if (set != 1) {
      return "more than one type";
    }
    return value.getS() != null ? "S" : value.getN() != null ? "N" : value.getB() != null ? "B" : "BOOL";
  }
}
