package io.tableguard.emulator;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An error as AWS sends it: HTTP 400 (or 500), and a type and message, written as JSON with __type for
 * DynamoDB's and Application Auto Scaling's JSON protocol, or as an XML ErrorResponse for STS's query protocol.
 */
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
    return dynamo(400, type, message);
  }

  public static AwsError dynamo(int status, String type, String message) {
    return new AwsError(status, NAMESPACE + type, message);
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

  /** The query protocol's shape: Type says whose fault it is, the caller's (4xx) or AWS's (5xx). */
  public String queryBody(String requestId) {
    return "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>"
        + (status >= 500 ? "Receiver" : "Sender") + "</Type><Code>" + shortType() + "</Code><Message>"
        + xmlText(getMessage()) + "</Message></Error><RequestId>" + requestId + "</RequestId></ErrorResponse>";
  }

  private static String xmlText(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
