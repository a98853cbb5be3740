package io.tableguard.restore;

import io.tableguard.model.restore.RestoreDeletionPolicy;
import io.tableguard.model.restore.TableRestore;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.Tag;

/** What the restore tests read back from DynamoDB as someone outside the operator, and a spec change they share. */
final class RestoredTables {
  private RestoredTables() {}

  static boolean exists(DynamoDbClient dynamo, String table) {
    try {
      dynamo.describeTable(r -> r.tableName(table));
      return true;
    } catch (ResourceNotFoundException e) {
      return false;
    }
  }

  static Map<String, String> tags(DynamoDbClient dynamo, String table) {
    String arn = dynamo.describeTable(r -> r.tableName(table)).table().tableArn();
    return dynamo.listTagsOfResource(r -> r.resourceArn(arn)).tags().stream()
        .collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> a));
  }

  static TableRestore deleting(TableRestore restore) {
    restore.getSpec().setDeletionPolicy(RestoreDeletionPolicy.Delete);
    return restore;
  }

  static TableRestore at(TableRestore restore, String time) {
    restore.getSpec().getRestorePoint().setLatest(null);
    restore.getSpec().getRestorePoint().setTime(time);
    return restore;
  }
}
