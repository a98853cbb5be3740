package io.tableguard.emulator;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** An error as DynamoDB's JSON protocol sends it: HTTP 400 (or 500), __type and message. */
public class AwsError extends RuntimeException {
  private static final String NAMESPACE = "com.amazonaws.dynamodb.v20120810#";

  private final int status;
  private final String type;

  public AwsError(int status, String type, String message) {
    super(message);
    this.status = status;
    this.type = type;
  }

  public static AwsError dynamo(String type, String message) {
    return new AwsError(400, NAMESPACE + type, message);
  }

  public static AwsError validation(String message) {
    return dynamo("ValidationException", message);
  }

  public int status() {
    return status;
  }

  public String type() {
    return type;
  }

  public String shortType() {
    return type.substring(type.indexOf('#') + 1);
  }

  public ObjectNode body() {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("__type", type);
    body.put("message", getMessage());
    return body;
  }
}
