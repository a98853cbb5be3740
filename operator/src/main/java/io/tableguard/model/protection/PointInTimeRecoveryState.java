package io.tableguard.model.protection;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** PITR as AWS last reported it for the table. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PointInTimeRecoveryState {
  @JsonPropertyDescription("ENABLED, ENABLING or DISABLED, as DescribeContinuousBackups reports it.")
  private String status;
  private Integer recoveryPeriodDays;
  @JsonPropertyDescription("Earliest second the table can be restored to (RFC 3339, UTC).")
  private String earliestRestorableTime;
  @JsonPropertyDescription("Latest second the table can be restored to (RFC 3339, UTC); about 5 minutes behind now on AWS.")
  private String latestRestorableTime;

  public PointInTimeRecoveryState() {}

  public PointInTimeRecoveryState(String status, Integer recoveryPeriodDays, String earliestRestorableTime,
      String latestRestorableTime) {
    this.status = status;
    this.recoveryPeriodDays = recoveryPeriodDays;
    this.earliestRestorableTime = earliestRestorableTime;
    this.latestRestorableTime = latestRestorableTime;
  }

  public String getStatus() {
    return status;
  }

  public void setStatus(String status) {
    this.status = status;
  }

  public Integer getRecoveryPeriodDays() {
    return recoveryPeriodDays;
  }

  public void setRecoveryPeriodDays(Integer recoveryPeriodDays) {
    this.recoveryPeriodDays = recoveryPeriodDays;
  }

  public String getEarliestRestorableTime() {
    return earliestRestorableTime;
  }

  public void setEarliestRestorableTime(String earliestRestorableTime) {
    this.earliestRestorableTime = earliestRestorableTime;
  }

  public String getLatestRestorableTime() {
    return latestRestorableTime;
  }

  public void setLatestRestorableTime(String latestRestorableTime) {
    this.latestRestorableTime = latestRestorableTime;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PointInTimeRecoveryState other
        && Objects.equals(status, other.status)
        && Objects.equals(recoveryPeriodDays, other.recoveryPeriodDays)
        && Objects.equals(earliestRestorableTime, other.earliestRestorableTime)
        && Objects.equals(latestRestorableTime, other.latestRestorableTime);
  }

  @Override
  public int hashCode() {
    return Objects.hash(status, recoveryPeriodDays, earliestRestorableTime, latestRestorableTime);
  }
}
