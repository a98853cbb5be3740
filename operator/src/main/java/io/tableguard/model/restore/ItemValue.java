package io.tableguard.model.restore;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/**
 * One attribute value in DynamoDB's JSON, as a user writes it in a key or an expression's values:
 * {@code {S: order-7}}, {@code {N: "12"}}, {@code {BOOL: true}}; keys take S, N and B only. (No NULL: a key
 * {@code NULL:} is YAML's null, which Helm's and other YAML readers refuse in a CRD.) That a value has exactly one type is checked
 * where values are held in bounded numbers (expression values, partition keys): a rule here would be estimated
 * for every value a 3 MB request could hold in a key, over the API server's budget; keys are checked when the
 * restore starts, with the table's key schema.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ItemValue {
  @JsonProperty("S")
  @Size(max = 400_000)
  @JsonPropertyDescription("A string.")
  private String s;

  @JsonProperty("N")
  @Pattern("^-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?$")
  @Size(max = 64)
  @JsonPropertyDescription("A number, written as a string.")
  private String n;

  @JsonProperty("B")
  @Pattern("^[A-Za-z0-9+/]*={0,2}$")
  @Size(max = 540_000)
  @JsonPropertyDescription("Binary, base64-encoded.")
  private String b;

  @JsonProperty("BOOL")
  private Boolean bool;


  public ItemValue() {}

  public static ItemValue ofS(String value) {
    ItemValue v = new ItemValue();
    v.s = value;
    return v;
  }

  public static ItemValue ofN(String value) {
    ItemValue v = new ItemValue();
    v.n = value;
    return v;
  }

  @JsonProperty("S")
  public String getS() {
    return s;
  }

  @JsonProperty("S")
  public void setS(String s) {
    this.s = s;
  }

  @JsonProperty("N")
  public String getN() {
    return n;
  }

  @JsonProperty("N")
  public void setN(String n) {
    this.n = n;
  }

  @JsonProperty("B")
  public String getB() {
    return b;
  }

  @JsonProperty("B")
  public void setB(String b) {
    this.b = b;
  }

  @JsonProperty("BOOL")
  public Boolean getBool() {
    return bool;
  }

  @JsonProperty("BOOL")
  public void setBool(Boolean bool) {
    this.bool = bool;
  }
}
