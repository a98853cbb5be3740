package io.tableguard.model.protection;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ProtectedTableStatus {
  private Long observedGeneration;
  @JsonPropertyDescription("Ready, PointInTimeRecoveryEnabled and Drifted.")
  private List<Condition> conditions = new ArrayList<>();
  @JsonPropertyDescription("The table this resource protects, resolved from tableName or tableArn.")
  private String tableName;
  private String region;
  private String tableArn;
  @JsonPropertyDescription("The table's status in DynamoDB: CREATING, ACTIVE, UPDATING, ...")
  private String tableStatus;
  private PointInTimeRecoveryState pointInTimeRecovery;
  @JsonPropertyDescription("When the operator last read the table's PITR settings from AWS.")
  private String lastCheckTime;
  @JsonPropertyDescription("How many times PITR was found changed outside the operator.")
  private Long driftCount = 0L;
  private String lastDriftTime;
  private String message;
  @JsonPropertyDescription("The tableguard install (its namespace/lease name) that manages this resource; another "
      + "install in the same AWS account and region leaves the account to it.")
  private String managedBy;

  /** A shallow copy: conditions and nested objects are replaced, never changed in place, by the operator. */
  public ProtectedTableStatus copy() {
    ProtectedTableStatus c = new ProtectedTableStatus();
    c.observedGeneration = observedGeneration;
    c.conditions = new ArrayList<>(conditions == null ? List.of() : conditions);
    c.tableName = tableName;
    c.region = region;
    c.tableArn = tableArn;
    c.tableStatus = tableStatus;
    c.pointInTimeRecovery = pointInTimeRecovery;
    c.lastCheckTime = lastCheckTime;
    c.driftCount = driftCount == null ? 0L : driftCount;
    c.lastDriftTime = lastDriftTime;
    c.message = message;
    c.managedBy = managedBy;
    return c;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public String getTableName() {
    return tableName;
  }

  public void setTableName(String tableName) {
    this.tableName = tableName;
  }

  public String getRegion() {
    return region;
  }

  public void setRegion(String region) {
    this.region = region;
  }

  public String getTableArn() {
    return tableArn;
  }

  public void setTableArn(String tableArn) {
    this.tableArn = tableArn;
  }

  public String getTableStatus() {
    return tableStatus;
  }

  public void setTableStatus(String tableStatus) {
    this.tableStatus = tableStatus;
  }

  public PointInTimeRecoveryState getPointInTimeRecovery() {
    return pointInTimeRecovery;
  }

  public void setPointInTimeRecovery(PointInTimeRecoveryState pointInTimeRecovery) {
    this.pointInTimeRecovery = pointInTimeRecovery;
  }

  public String getLastCheckTime() {
    return lastCheckTime;
  }

  public void setLastCheckTime(String lastCheckTime) {
    this.lastCheckTime = lastCheckTime;
  }

  public Long getDriftCount() {
    return driftCount;
  }

  public void setDriftCount(Long driftCount) {
    this.driftCount = driftCount;
  }

  public String getLastDriftTime() {
    return lastDriftTime;
  }

  public void setLastDriftTime(String lastDriftTime) {
    this.lastDriftTime = lastDriftTime;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public String getManagedBy() {
    return managedBy;
  }

  public void setManagedBy(String managedBy) {
    this.managedBy = managedBy;
  }
}
