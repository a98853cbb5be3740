package io.tableguard.model.schedule;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import io.tableguard.model.protection.ProtectedTable;

/**
 * TableBackups of a ProtectedTable's table on a cron schedule in a time zone, with retention: the schedule makes
 * one TableBackup per scheduled instant (named from it), never two at once, and prunes only what it made.
 */
@Group(ProtectedTable.GROUP)
@Version(ProtectedTable.VERSION)
@ShortNames("tbs")
@ValidationRule(value = "has(self.spec)", message = "spec is required")
@AdditionalPrinterColumn(name = "Table", jsonPath = ".spec.protectedTableRef", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Schedule", jsonPath = ".spec.schedule", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Time Zone", jsonPath = ".spec.timeZone", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Suspend", jsonPath = ".spec.suspend", type = AdditionalPrinterColumn.Type.BOOLEAN)
@AdditionalPrinterColumn(name = "Last Success", jsonPath = ".status.lastSuccessfulTime", type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "Next", jsonPath = ".status.nextScheduleTime", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Kept", jsonPath = ".status.kept", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class TableBackupSchedule extends CustomResource<TableBackupScheduleSpec, TableBackupScheduleStatus>
    implements Namespaced {
}
