package io.tableguard.model.restore;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** How the selected items are written back into the live table, and how fast. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.mode != 'DiffOnly' || (!has(self.condition) && !has(self.versionAttribute))",
    message = "spec.items.writeBack.condition and versionAttribute guard writes, and DiffOnly writes nothing")
@ValidationRule(value = "self.parallelism <= self.shards",
    message = "spec.items.writeBack.parallelism (pods) must be at most shards: a pod works one shard at a time")
public class WriteBack {
  @Required
  @JsonPropertyDescription("DiffOnly writes nothing and reports; MissingOnly puts back items the live table lacks; "
      + "Overwrite also replaces items that differ; Revert also deletes items that did not exist at the restore "
      + "point.")
  private WriteBackMode mode;

  @JsonPropertyDescription("Replace or delete a live item only where this condition holds for it, e.g. "
      + "lastModified >= :deploy.")
  private ItemExpression condition;

  @Size(min = 1, max = 255)
  @JsonPropertyDescription("An attribute the application changes on every write (a version or a timestamp): a "
      + "live item is replaced or deleted only while it still has the value read. Without it every attribute read "
      + "is compared, which misses an attribute the application added meanwhile.")
  private String versionAttribute;

  @Min(1)
  @Default("1000")
  @JsonPropertyDescription("Writes per second into the live table, at most (halved while DynamoDB throttles).")
  private Integer maxWritesPerSecond = 1000;

  @Min(1)
  @Default("1000")
  @JsonPropertyDescription("Items per second read from the live table, at most.")
  private Integer maxReadsPerSecond = 1000;

  @Min(1)
  @Max(64)
  @Default("1")
  @JsonPropertyDescription("Copy pods at once.")
  private Integer parallelism = 1;

  @Min(1)
  @Max(1000)
  @Default("4")
  @JsonPropertyDescription("Pieces of the work, each resumable on its own: Scan segments, or hashes of the keys.")
  private Integer shards = 4;

  public WriteBackMode getMode() {
    return mode;
  }

  public void setMode(WriteBackMode mode) {
    this.mode = mode;
  }

  public ItemExpression getCondition() {
    return condition;
  }

  public void setCondition(ItemExpression condition) {
    this.condition = condition;
  }

  public String getVersionAttribute() {
    return versionAttribute;
  }

  public void setVersionAttribute(String versionAttribute) {
    this.versionAttribute = versionAttribute;
  }

  public Integer getMaxWritesPerSecond() {
    return maxWritesPerSecond;
  }

  public void setMaxWritesPerSecond(Integer maxWritesPerSecond) {
    this.maxWritesPerSecond = maxWritesPerSecond;
  }

  public Integer getMaxReadsPerSecond() {
    return maxReadsPerSecond;
  }

  public void setMaxReadsPerSecond(Integer maxReadsPerSecond) {
    this.maxReadsPerSecond = maxReadsPerSecond;
  }

  public Integer getParallelism() {
    return parallelism;
  }

  public void setParallelism(Integer parallelism) {
    this.parallelism = parallelism;
  }

  public Integer getShards() {
    return shards;
  }

  public void setShards(Integer shards) {
    this.shards = shards;
  }
}
