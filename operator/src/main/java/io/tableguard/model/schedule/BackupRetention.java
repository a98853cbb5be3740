package io.tableguard.model.schedule;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Grandfather-father-son retention over the backups a schedule made, on their creation time in the schedule's
 * time zone: the newest backup of each of the last N days (weeks, months, years) is kept, plus the last N
 * backups; anything older than maxAge goes whatever the rest says, but the newest available backup always stays.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "(has(self.keepLast) && self.keepLast > 0) || (has(self.keepDaily) && self.keepDaily > 0) "
    + "|| (has(self.keepWeekly) && self.keepWeekly > 0) || (has(self.keepMonthly) && self.keepMonthly > 0) "
    + "|| (has(self.keepYearly) && self.keepYearly > 0)",
    message = "spec.retention must keep something: set keepLast, keepDaily, keepWeekly, keepMonthly or keepYearly "
        + "above 0 (or leave retention out to keep every backup)")
public class BackupRetention {
  @Min(0)
  @Max(10000)
  @JsonPropertyDescription("Keep the newest N backups.")
  private Integer keepLast;
  @Min(0)
  @Max(10000)
  @JsonPropertyDescription("Keep the newest backup of each of the last N days that have one.")
  private Integer keepDaily;
  @Min(0)
  @Max(10000)
  @JsonPropertyDescription("Keep the newest backup of each of the last N ISO weeks that have one.")
  private Integer keepWeekly;
  @Min(0)
  @Max(10000)
  @JsonPropertyDescription("Keep the newest backup of each of the last N months that have one.")
  private Integer keepMonthly;
  @Min(0)
  @Max(1000)
  @JsonPropertyDescription("Keep the newest backup of each of the last N years that have one.")
  private Integer keepYearly;
  @Pattern("^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$")
  @ValidationRule(value = "duration(self) >= duration('1h')", message = "spec.retention.maxAge must be at least 1h")
  @JsonPropertyDescription("Delete backups older than this (e.g. 2160h for 90 days), whatever the keep rules say; "
      + "the newest available backup always stays.")
  private String maxAge;

  public Integer getKeepLast() {
    return keepLast;
  }

  public void setKeepLast(Integer keepLast) {
    this.keepLast = keepLast;
  }

  public Integer getKeepDaily() {
    return keepDaily;
  }

  public void setKeepDaily(Integer keepDaily) {
    this.keepDaily = keepDaily;
  }

  public Integer getKeepWeekly() {
    return keepWeekly;
  }

  public void setKeepWeekly(Integer keepWeekly) {
    this.keepWeekly = keepWeekly;
  }

  public Integer getKeepMonthly() {
    return keepMonthly;
  }

  public void setKeepMonthly(Integer keepMonthly) {
    this.keepMonthly = keepMonthly;
  }

  public Integer getKeepYearly() {
    return keepYearly;
  }

  public void setKeepYearly(Integer keepYearly) {
    this.keepYearly = keepYearly;
  }

  public String getMaxAge() {
    return maxAge;
  }

  public void setMaxAge(String maxAge) {
    this.maxAge = maxAge;
  }
}
