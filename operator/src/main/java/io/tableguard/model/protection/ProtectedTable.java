package io.tableguard.model.protection;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** Declares that a DynamoDB table must always have point-in-time recovery on, with a recovery period. */
@Group(ProtectedTable.GROUP)
@Version(ProtectedTable.VERSION)
@ShortNames("pt")
@ValidationRule(value = "has(self.spec)", message = "spec is required")
@AdditionalPrinterColumn(name = "Table", jsonPath = ".status.tableName", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "PITR", jsonPath = ".status.pointInTimeRecovery.status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Period", jsonPath = ".status.pointInTimeRecovery.recoveryPeriodDays", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Latest Restorable", jsonPath = ".status.pointInTimeRecovery.latestRestorableTime", type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class ProtectedTable extends CustomResource<ProtectedTableSpec, ProtectedTableStatus> implements Namespaced {
  public static final String GROUP = "tableguard.io";
  public static final String VERSION = "v1alpha1";
}
