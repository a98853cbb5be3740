package io.tableguard.model.restore;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Map;

/**
 * Item-level restore: the PITR restore goes into an intermediate table (spec.target.tableName) that the restore
 * owns, and the selected items are compared with, and written back into, the live table the source ProtectedTable
 * protects.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "[has(self.keys), has(self.partitionKeys), has(self.filter)].filter(x, x).size() <= 1",
    message = "spec.items takes one selection at most: keys, partitionKeys or filter (none: every item)")
public class RestoreItems {
  /** Keys listed in the object itself; a thousand keep it far below Kubernetes' 1.5 MB. */
  public static final int MAX_KEYS = 1000;

  @Size(min = 1, max = MAX_KEYS)
  // That each key names the table's key attributes, as S, N or B, is checked against the table when the restore
  // starts: the API server cannot know the schema, and a rule over every attribute of 1,000 keys costs too much.
  @JsonPropertyDescription("These items, by primary key: [{orderId: {S: o-7}}]; at most 1,000.")
  private List<Map<String, ItemValue>> keys;

  @Size(min = 1, max = MAX_KEYS)
  @ValidationRule(value = "self.all(v, (has(v.S) ? 1 : 0) + (has(v.N) ? 1 : 0) + (has(v.B) ? 1 : 0) == 1"
      + " && !has(v.BOOL))",
      message = "spec.items.partitionKeys: a partition key value has exactly one of S, N or B")
  @JsonPropertyDescription("Every item of these partition key values (read with Query): [{S: tenant-42}]; at most 1,000.")
  private List<ItemValue> partitionKeys;

  @JsonPropertyDescription("Items this filter selects, at the restore point or now.")
  private ItemExpression filter;

  @Required
  private WriteBack writeBack;

  @Default("false")
  @JsonPropertyDescription("Keep the intermediate table after a successful write-back (default: delete it).")
  private Boolean keepIntermediateTable = false;

  private Report report;

  /** What status reports beyond the counts. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Report {
    @Default("false")
    @JsonPropertyDescription("Report up to 10 keys per difference (missingNow, changed, addedSince) in "
        + "status.items.sampleKeys, each at most 256 bytes. Off by default: keys are often personal data. Attribute "
        + "values are never reported.")
    private Boolean sampleKeys = false;

    public Boolean getSampleKeys() {
      return sampleKeys;
    }

    public void setSampleKeys(Boolean sampleKeys) {
      this.sampleKeys = sampleKeys;
    }
  }

  public Report getReport() {
    return report;
  }

  public void setReport(Report report) {
    this.report = report;
  }

  public List<Map<String, ItemValue>> getKeys() {
    return keys;
  }

  public void setKeys(List<Map<String, ItemValue>> keys) {
    this.keys = keys;
  }

  public List<ItemValue> getPartitionKeys() {
    return partitionKeys;
  }

  public void setPartitionKeys(List<ItemValue> partitionKeys) {
    this.partitionKeys = partitionKeys;
  }

  public ItemExpression getFilter() {
    return filter;
  }

  public void setFilter(ItemExpression filter) {
    this.filter = filter;
  }

  public WriteBack getWriteBack() {
    return writeBack;
  }

  public void setWriteBack(WriteBack writeBack) {
    this.writeBack = writeBack;
  }

  public Boolean getKeepIntermediateTable() {
    return keepIntermediateTable;
  }

  public void setKeepIntermediateTable(Boolean keepIntermediateTable) {
    this.keepIntermediateTable = keepIntermediateTable;
  }
}
