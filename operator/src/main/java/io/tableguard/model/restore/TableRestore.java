package io.tableguard.model.restore;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import io.tableguard.model.protection.ProtectedTable;

/**
 * A one-time request: restore the table of a ProtectedTable in this namespace to a point in time, into a
 * new table, and put back the settings a restore drops. Like a Job, it is never edited, only replaced.
 */
@Group(ProtectedTable.GROUP)
@Version(ProtectedTable.VERSION)
@ShortNames("tr")
@ValidationRule(value = "has(self.spec)", message = "spec is required")
@AdditionalPrinterColumn(name = "Source", jsonPath = ".spec.source.protectedTableRef", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Target", jsonPath = ".spec.target.tableName", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Restore Point", jsonPath = ".status.restoreDateTime", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Duration (s)", jsonPath = ".status.durationSeconds", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class TableRestore extends CustomResource<TableRestoreSpec, TableRestoreStatus> implements Namespaced {
}
