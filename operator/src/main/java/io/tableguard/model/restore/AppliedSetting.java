package io.tableguard.model.restore;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The outcome of copying one setting onto the restored table. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AppliedSetting {
  private CopiedSetting name;
  /** Applied, NotSetOnSource or Failed. */
  private String result;
  private String message;

  public AppliedSetting() {}

  public AppliedSetting(CopiedSetting name, String result, String message) {
    this.name = name;
    this.result = result;
    this.message = message;
  }

  public CopiedSetting getName() {
    return name;
  }

  public void setName(CopiedSetting name) {
    this.name = name;
  }

  public String getResult() {
    return result;
  }

  public void setResult(String result) {
    this.result = result;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }
}
