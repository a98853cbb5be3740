package io.tableguard.model.restore;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

/** A DynamoDB expression with its placeholders: a filter, or a write-back's condition on the live item. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ItemExpression {
  @Required
  @Size(min = 1, max = 4096)
  @ValidationRule(value = "self.trim().size() > 0", message = "an expression must not be blank")
  @JsonPropertyDescription("The expression, as DynamoDB takes it: lastModified >= :deploy. At most 4 KB.")
  private String expression;

  @JsonPropertyDescription("Its attribute name placeholders: {\"#s\": \"status\"}.")
  @ValidationRule(value = "self.all(k, k.startsWith('#') && !k.startsWith('#tg'))",
      message = "name placeholders start with # (and not #tg, which tableguard uses)")
  @Size(max = 64)
  private Map<String, String> names;

  @JsonPropertyDescription("Its value placeholders: {\":deploy\": {N: \"1764950400\"}}.")
  @ValidationRule(value = "self.all(k, k.startsWith(':') && !k.startsWith(':tg'))",
      message = "value placeholders start with : (and not :tg, which tableguard uses)")
  @Size(max = 64)
  @ValidationRule(value = "self.all(k, (has(self[k].S) ? 1 : 0) + (has(self[k].N) ? 1 : 0) + (has(self[k].B) ? 1 : 0)"
      + " + (has(self[k].BOOL) ? 1 : 0) == 1)",
      message = "a value has exactly one of S, N, B or BOOL")
  private Map<String, ItemValue> values;

  public String getExpression() {
    return expression;
  }

  public void setExpression(String expression) {
    this.expression = expression;
  }

  public Map<String, String> getNames() {
    return names;
  }

  public void setNames(Map<String, String> names) {
    this.names = names;
  }

  public Map<String, ItemValue> getValues() {
    return values;
  }

  public void setValues(Map<String, ItemValue> values) {
    this.values = values;
  }
}
