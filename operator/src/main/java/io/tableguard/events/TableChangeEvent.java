package io.tableguard.events;

import io.tableguard.aws.TableTarget;
import java.util.List;
import java.util.Map;

/**
 * What one message of a change-event queue says: an EventBridge event of type "AWS API Call via CloudTrail" from
 * aws.dynamodb that names the tables a write changed, or something to ignore, or something unreadable. The message
 * comes from a queue anyone with sqs:SendMessage can write to, so it is only ever a hint to look at AWS again: it
 * decides nothing, and only wakes resources whose own verified status names the table.
 */
public sealed interface TableChangeEvent {

  String SOURCE = "aws.dynamodb";
  String DETAIL_TYPE = "AWS API Call via CloudTrail";
  String EVENT_SOURCE = "dynamodb.amazonaws.com";

  /**
   * The writes that change what a check or a restore reads, and where each names its table:
   * <ul>
   * <li>PITR itself: UpdateContinuousBackups;</li>
   * <li>a table appears or goes: CreateTable, RestoreTableToPointInTime, RestoreTableFromBackup, ImportTable,
   * DeleteTable (a ProtectedTable waiting in TableNotFound, a restore's target name taken or its table deleted);</li>
   * <li>what a restore reads or copies onto its table: UpdateTable (state, streams, deletion protection),
   * UpdateTimeToLive, and TagResource / UntagResource (the tags that prove a restored table is the restore's).</li>
   * </ul>
   * Not kept: reads, backups (CreateBackup and DeleteBackup change neither PITR nor a table), data-plane writes,
   * and settings the operator never reads (resource policies, Contributor Insights, Kinesis destinations). Also
   * ignored: calls that failed (detail.errorCode: they changed nothing) and the operator's own writes (made by
   * its identity or its tenant sessions, {@link OwnCallers}: the resource that made one has seen its result).
   */
  Map<String, String> TABLE_PARAMETER = Map.ofEntries(
      Map.entry("UpdateContinuousBackups", "tableName"),
      Map.entry("CreateTable", "tableName"),
      Map.entry("DeleteTable", "tableName"),
      Map.entry("UpdateTable", "tableName"),
      Map.entry("UpdateTimeToLive", "tableName"),
      Map.entry("RestoreTableToPointInTime", "targetTableName"),
      Map.entry("RestoreTableFromBackup", "targetTableName"),
      Map.entry("ImportTable", "tableCreationParameters.tableName"),
      Map.entry("TagResource", "resourceArn"),
      Map.entry("UntagResource", "resourceArn"));

  /** A write to these tables (in their account and region; no role), named as the event names it. */
  record Change(String eventName, List<TableTarget> tables) implements TableChangeEvent {
    public Change {
      tables = List.copyOf(tables);
    }
  }

  /** A well-formed event that cannot change what the operator reads. */
  record Ignored(String why) implements TableChangeEvent {
  }

  /** Not an EventBridge event, or a DynamoDB write event without the fields that name its table. */
  record Malformed(String why) implements TableChangeEvent {
  }

  /**
   * Never throws: anything that is not a well-formed event is {@link Malformed}.
   *
   * @param ownCaller whether a caller ARN (CloudTrail's userIdentity.arn) is the operator's own
   */
  static TableChangeEvent parse(String body, java.util.function.Predicate<String> ownCaller) {
    return TableChangeEventParser.parse(body, ownCaller);
  }
}
