package io.tableguard.aws;

import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * Tells one table from another of the same name: an ARN is made of the name, so a table deleted and created
 * again under that name has the same ARN, but never the same TableId.
 */
public final class TableIdentity {
  private TableIdentity() {}

  /**
   * DynamoDB's TableId. DynamoDB Local (and so the PITR emulator built on it) leaves TableId out of its
   * answers; there the creation instant, in milliseconds, tells two tables of one name apart instead.
   */
  public static String of(TableDescription table) {
    if (table.tableId() != null) {
      return table.tableId();
    }
    return table.creationDateTime() == null ? null : "created:" + table.creationDateTime();
  }

  /** The table is the one recorded, or no identity was recorded to compare with. */
  public static boolean matches(TableDescription table, String recorded) {
    return recorded == null || recorded.equals(of(table));
  }
}
