package io.tableguard.model.restore;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Map;

/**
 * The source table's settings as they were when the restore started. Kept on status so that a restarted
 * operator applies what was read then, not what the source looks like later.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SourceSettings {
  private String timeToLiveAttribute;
  private String streamViewType;
  private Map<String, String> tags;
  private Boolean deletionProtection;
  private Integer pointInTimeRecoveryDays;
  private List<ScalingTarget> autoScaling;
  @JsonPropertyDescription("Settings of the source that are not known (a restore from spec.source.backupArn without "
      + "a TableBackup): they are reported as not copied, never guessed.")
  private List<CopiedSetting> unknown;

  public List<CopiedSetting> getUnknown() {
    return unknown;
  }

  public void setUnknown(List<CopiedSetting> unknown) {
    this.unknown = unknown;
  }

  public String getTimeToLiveAttribute() {
    return timeToLiveAttribute;
  }

  public void setTimeToLiveAttribute(String timeToLiveAttribute) {
    this.timeToLiveAttribute = timeToLiveAttribute;
  }

  public String getStreamViewType() {
    return streamViewType;
  }

  public void setStreamViewType(String streamViewType) {
    this.streamViewType = streamViewType;
  }

  public Map<String, String> getTags() {
    return tags;
  }

  public void setTags(Map<String, String> tags) {
    this.tags = tags;
  }

  public Boolean getDeletionProtection() {
    return deletionProtection;
  }

  public void setDeletionProtection(Boolean deletionProtection) {
    this.deletionProtection = deletionProtection;
  }

  public Integer getPointInTimeRecoveryDays() {
    return pointInTimeRecoveryDays;
  }

  public void setPointInTimeRecoveryDays(Integer pointInTimeRecoveryDays) {
    this.pointInTimeRecoveryDays = pointInTimeRecoveryDays;
  }

  public List<ScalingTarget> getAutoScaling() {
    return autoScaling;
  }

  public void setAutoScaling(List<ScalingTarget> autoScaling) {
    this.autoScaling = autoScaling;
  }

  /** One auto-scaled dimension of the table or of an index, with its target-tracking policies. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ScalingTarget {
    /** "" for the table itself, "/index/NAME" for an index. */
    private String resourceSuffix;
    private String scalableDimension;
    private Integer minCapacity;
    private Integer maxCapacity;
    private List<ScalingPolicy> policies;

    public String getResourceSuffix() {
      return resourceSuffix;
    }

    public void setResourceSuffix(String resourceSuffix) {
      this.resourceSuffix = resourceSuffix;
    }

    public String getScalableDimension() {
      return scalableDimension;
    }

    public void setScalableDimension(String scalableDimension) {
      this.scalableDimension = scalableDimension;
    }

    public Integer getMinCapacity() {
      return minCapacity;
    }

    public void setMinCapacity(Integer minCapacity) {
      this.minCapacity = minCapacity;
    }

    public Integer getMaxCapacity() {
      return maxCapacity;
    }

    public void setMaxCapacity(Integer maxCapacity) {
      this.maxCapacity = maxCapacity;
    }

    public List<ScalingPolicy> getPolicies() {
      return policies;
    }

    public void setPolicies(List<ScalingPolicy> policies) {
      this.policies = policies;
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ScalingPolicy {
    private String name;
    private Double targetValue;
    private String predefinedMetricType;
    private Integer scaleInCooldown;
    private Integer scaleOutCooldown;
    private Boolean disableScaleIn;

    public String getName() {
      return name;
    }

    public void setName(String name) {
      this.name = name;
    }

    public Double getTargetValue() {
      return targetValue;
    }

    public void setTargetValue(Double targetValue) {
      this.targetValue = targetValue;
    }

    public String getPredefinedMetricType() {
      return predefinedMetricType;
    }

    public void setPredefinedMetricType(String predefinedMetricType) {
      this.predefinedMetricType = predefinedMetricType;
    }

    public Integer getScaleInCooldown() {
      return scaleInCooldown;
    }

    public void setScaleInCooldown(Integer scaleInCooldown) {
      this.scaleInCooldown = scaleInCooldown;
    }

    public Integer getScaleOutCooldown() {
      return scaleOutCooldown;
    }

    public void setScaleOutCooldown(Integer scaleOutCooldown) {
      this.scaleOutCooldown = scaleOutCooldown;
    }

    public Boolean getDisableScaleIn() {
      return disableScaleIn;
    }

    public void setDisableScaleIn(Boolean disableScaleIn) {
      this.disableScaleIn = disableScaleIn;
    }
  }
}
