package io.tableguard.model.restore;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Map;

/**
 * The write-back of an item-level restore as it goes: which Job does it, how many shards are done, what happened to
 * each item examined (the outcome counts add up to {@code scanned}), and how the selection differs between the
 * restore point and the live table. Keys and values are never reported here.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ItemRestoreStatus {
  @JsonPropertyDescription("The copy Job, in the operator's namespace.")
  private String jobName;
  private Integer shards;
  private Integer shardsDone;
  @JsonPropertyDescription("Items examined: the sum of every outcome below.")
  private Long scanned;
  @JsonPropertyDescription("Items that differ from the restore point: missingNow + changed + addedSince.")
  private Long matched;
  private Long written;
  private Long deleted;
  @JsonPropertyDescription("Left alone: the mode does not change an existing live item.")
  private Long skippedExisting;
  @JsonPropertyDescription("Left alone: the application changed the item after the copy read it.")
  private Long skippedChanged;
  @JsonPropertyDescription("Left alone: writeBack.condition was false for the live item.")
  private Long skippedByCondition;
  @JsonPropertyDescription("Left alone: the guarding condition would exceed DynamoDB's 4 KB expression limit.")
  private Long skippedTooLarge;
  @JsonPropertyDescription("Not brought back: its time to live had passed.")
  private Long skippedExpired;
  private Long unchanged;
  @JsonPropertyDescription("Found already as at the restore point when a killed pod's page was read again.")
  private Long alreadyRestored;
  @JsonPropertyDescription("DiffOnly: differences reported, not written.")
  private Long reported;
  private Long failed;
  @JsonPropertyDescription("At the restore point and missing now.")
  private Long missingNow;
  @JsonPropertyDescription("In both, with different data.")
  private Long changed;
  @JsonPropertyDescription("Present now, absent at the restore point.")
  private Long addedSince;
  @JsonPropertyDescription("When the copy's AWS session (scoped to the two tables) expires; refreshed before.")
  private String credentialsExpireAt;
  private Boolean intermediateTableDeleted;
  @JsonPropertyDescription("With spec.items.report.sampleKeys: up to 10 keys (DynamoDB JSON) per difference.")
  private Map<String, List<String>> sampleKeys;

  public Map<String, List<String>> getSampleKeys() {
    return sampleKeys;
  }

  public void setSampleKeys(Map<String, List<String>> sampleKeys) {
    this.sampleKeys = sampleKeys;
  }

  public String getJobName() {
    return jobName;
  }

  public void setJobName(String jobName) {
    this.jobName = jobName;
  }

  public Integer getShards() {
    return shards;
  }

  public void setShards(Integer shards) {
    this.shards = shards;
  }

  public Integer getShardsDone() {
    return shardsDone;
  }

  public void setShardsDone(Integer shardsDone) {
    this.shardsDone = shardsDone;
  }

  public Long getScanned() {
    return scanned;
  }

  public void setScanned(Long scanned) {
    this.scanned = scanned;
  }

  public Long getMatched() {
    return matched;
  }

  public void setMatched(Long matched) {
    this.matched = matched;
  }

  public Long getWritten() {
    return written;
  }

  public void setWritten(Long written) {
    this.written = written;
  }

  public Long getDeleted() {
    return deleted;
  }

  public void setDeleted(Long deleted) {
    this.deleted = deleted;
  }

  public Long getSkippedExisting() {
    return skippedExisting;
  }

  public void setSkippedExisting(Long skippedExisting) {
    this.skippedExisting = skippedExisting;
  }

  public Long getSkippedChanged() {
    return skippedChanged;
  }

  public void setSkippedChanged(Long skippedChanged) {
    this.skippedChanged = skippedChanged;
  }

  public Long getSkippedByCondition() {
    return skippedByCondition;
  }

  public void setSkippedByCondition(Long skippedByCondition) {
    this.skippedByCondition = skippedByCondition;
  }

  public Long getSkippedTooLarge() {
    return skippedTooLarge;
  }

  public void setSkippedTooLarge(Long skippedTooLarge) {
    this.skippedTooLarge = skippedTooLarge;
  }

  public Long getSkippedExpired() {
    return skippedExpired;
  }

  public void setSkippedExpired(Long skippedExpired) {
    this.skippedExpired = skippedExpired;
  }

  public Long getUnchanged() {
    return unchanged;
  }

  public void setUnchanged(Long unchanged) {
    this.unchanged = unchanged;
  }

  public Long getAlreadyRestored() {
    return alreadyRestored;
  }

  public void setAlreadyRestored(Long alreadyRestored) {
    this.alreadyRestored = alreadyRestored;
  }

  public Long getReported() {
    return reported;
  }

  public void setReported(Long reported) {
    this.reported = reported;
  }

  public Long getFailed() {
    return failed;
  }

  public void setFailed(Long failed) {
    this.failed = failed;
  }

  public Long getMissingNow() {
    return missingNow;
  }

  public void setMissingNow(Long missingNow) {
    this.missingNow = missingNow;
  }

  public Long getChanged() {
    return changed;
  }

  public void setChanged(Long changed) {
    this.changed = changed;
  }

  public Long getAddedSince() {
    return addedSince;
  }

  public void setAddedSince(Long addedSince) {
    this.addedSince = addedSince;
  }

  public String getCredentialsExpireAt() {
    return credentialsExpireAt;
  }

  public void setCredentialsExpireAt(String credentialsExpireAt) {
    this.credentialsExpireAt = credentialsExpireAt;
  }

  public Boolean getIntermediateTableDeleted() {
    return intermediateTableDeleted;
  }

  public void setIntermediateTableDeleted(Boolean intermediateTableDeleted) {
    this.intermediateTableDeleted = intermediateTableDeleted;
  }
}
