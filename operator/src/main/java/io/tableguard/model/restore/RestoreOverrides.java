package io.tableguard.model.restore;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.provisionedThroughput) || (has(self.billingMode) && self.billingMode == 'PROVISIONED')",
    message = "spec.overrides.provisionedThroughput needs spec.overrides.billingMode: PROVISIONED")
@ValidationRule(value = "!has(self.billingMode) || self.billingMode != 'PROVISIONED' || has(self.provisionedThroughput)",
    message = "spec.overrides.billingMode: PROVISIONED needs spec.overrides.provisionedThroughput")
public class RestoreOverrides {
  public enum BillingMode { PROVISIONED, PAY_PER_REQUEST }

  private BillingMode billingMode;
  private Throughput provisionedThroughput;
  private Encryption sse;

  @JsonPropertyDescription("Global secondary indexes to keep, by name; all when not set, none when empty.")
  private List<String> globalSecondaryIndexes;

  @JsonPropertyDescription("Local secondary indexes to keep, by name; all when not set, none when empty.")
  private List<String> localSecondaryIndexes;

  public BillingMode getBillingMode() {
    return billingMode;
  }

  public void setBillingMode(BillingMode billingMode) {
    this.billingMode = billingMode;
  }

  public Throughput getProvisionedThroughput() {
    return provisionedThroughput;
  }

  public void setProvisionedThroughput(Throughput provisionedThroughput) {
    this.provisionedThroughput = provisionedThroughput;
  }

  public Encryption getSse() {
    return sse;
  }

  public void setSse(Encryption sse) {
    this.sse = sse;
  }

  public List<String> getGlobalSecondaryIndexes() {
    return globalSecondaryIndexes;
  }

  public void setGlobalSecondaryIndexes(List<String> globalSecondaryIndexes) {
    this.globalSecondaryIndexes = globalSecondaryIndexes;
  }

  public List<String> getLocalSecondaryIndexes() {
    return localSecondaryIndexes;
  }

  public void setLocalSecondaryIndexes(List<String> localSecondaryIndexes) {
    this.localSecondaryIndexes = localSecondaryIndexes;
  }

  public static class Throughput {
    @Required
    @Min(1)
    private Long readCapacityUnits;
    @Required
    @Min(1)
    private Long writeCapacityUnits;

    public Long getReadCapacityUnits() {
      return readCapacityUnits;
    }

    public void setReadCapacityUnits(Long readCapacityUnits) {
      this.readCapacityUnits = readCapacityUnits;
    }

    public Long getWriteCapacityUnits() {
      return writeCapacityUnits;
    }

    public void setWriteCapacityUnits(Long writeCapacityUnits) {
      this.writeCapacityUnits = writeCapacityUnits;
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @ValidationRule(value = "!has(self.kmsMasterKeyId) || (has(self.sseType) && self.sseType == 'KMS')",
      message = "spec.overrides.sse.kmsMasterKeyId needs spec.overrides.sse.sseType: KMS")
  public static class Encryption {
    public enum SseType { AES256, KMS }

    @Required
    private Boolean enabled;
    private SseType sseType;
    @JsonPropertyDescription("KMS key ID, ARN or alias; AWS's managed key when not set.")
    private String kmsMasterKeyId;

    public Boolean getEnabled() {
      return enabled;
    }

    public void setEnabled(Boolean enabled) {
      this.enabled = enabled;
    }

    public SseType getSseType() {
      return sseType;
    }

    public void setSseType(SseType sseType) {
      this.sseType = sseType;
    }

    public String getKmsMasterKeyId() {
      return kmsMasterKeyId;
    }

    public void setKmsMasterKeyId(String kmsMasterKeyId) {
      this.kmsMasterKeyId = kmsMasterKeyId;
    }
  }
}
