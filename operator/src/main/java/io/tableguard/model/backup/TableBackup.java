package io.tableguard.model.backup;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import io.tableguard.model.protection.ProtectedTable;

/**
 * One on-demand DynamoDB backup of the table a ProtectedTable in this namespace protects, made exactly once (or an
 * existing backup of that table, adopted). Kept beyond PITR's 35 days for as long as the TableBackup exists, and
 * after it too unless it was explicitly deleted with deletionPolicy: Delete.
 */
@Group(ProtectedTable.GROUP)
@Version(ProtectedTable.VERSION)
@ShortNames("tb")
@ValidationRule(value = "has(self.spec)", message = "spec is required")
@AdditionalPrinterColumn(name = "Table", jsonPath = ".status.tableName", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Items", jsonPath = ".status.itemCount", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Size (bytes)", jsonPath = ".status.sizeBytes", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Created", jsonPath = ".status.creationTime", type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class TableBackup extends CustomResource<TableBackupSpec, TableBackupStatus> implements Namespaced {
  /** On a TableBackup a TableBackupSchedule made: that schedule's name. */
  public static final String SCHEDULE_LABEL = "tableguard.io/schedule";
  /** On a TableBackup a TableBackupSchedule made: the scheduled instant (UTC) it was made for. */
  public static final String SCHEDULED_AT_ANNOTATION = "tableguard.io/scheduled-at";
  /**
   * Set by the schedule that pruned the TableBackup's AWS backup (retention) just before deleting it: its deletion
   * then has nothing left to keep or delete.
   */
  public static final String PRUNED_BY_ANNOTATION = "tableguard.io/pruned-by";
}
