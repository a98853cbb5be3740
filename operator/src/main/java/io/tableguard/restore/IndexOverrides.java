package io.tableguard.restore;

import io.tableguard.aws.TableTarget;
import io.tableguard.model.restore.RestoreOverrides;
import io.tableguard.model.restore.RestoreReason;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * The index overrides name indexes to keep, and AWS drops every index left out: a misspelt name would silently
 * restore a table with none. So each name must be one of the source's, checked before AWS is asked.
 */
final class IndexOverrides {
  private IndexOverrides() {}

  static void check(RestoreOverrides overrides, TableDescription source, TableTarget sourceTable) {
    if (overrides == null) {
      return;
    }
    check("spec.overrides.globalSecondaryIndexes", "global secondary indexes", overrides.getGlobalSecondaryIndexes(),
        source.hasGlobalSecondaryIndexes()
            ? source.globalSecondaryIndexes().stream().map(i -> i.indexName()).toList() : List.of(),
        sourceTable);
    check("spec.overrides.localSecondaryIndexes", "local secondary indexes", overrides.getLocalSecondaryIndexes(),
        source.hasLocalSecondaryIndexes()
            ? source.localSecondaryIndexes().stream().map(i -> i.indexName()).toList() : List.of(),
        sourceTable);
  }

  private static void check(String field, String kind, List<String> wanted, List<String> existing,
      TableTarget sourceTable) {
    if (wanted == null) {
      return;
    }
    List<String> unknown = wanted.stream().filter(name -> !existing.contains(name)).toList();
    if (!unknown.isEmpty()) {
      throw new RestoreFailure(RestoreReason.UnknownIndex, field + " names " + String.join(", ", unknown) + ", which the source "
          + sourceTable + " does not have; its " + kind + " are: "
          + (existing.isEmpty() ? "none" : String.join(", ", existing))
          + ". Nothing was restored: create a new TableRestore with names from that list");
    }
  }
}
