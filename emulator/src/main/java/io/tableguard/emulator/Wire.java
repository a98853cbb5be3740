package io.tableguard.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;

/** DynamoDB's JSON sends times as seconds since the epoch, with a fraction. */
final class Wire {
  private Wire() {}

  static BigDecimal seconds(Instant instant) {
    return BigDecimal.valueOf(instant.toEpochMilli()).movePointLeft(3);
  }

  static Instant instant(JsonNode seconds) {
    return Instant.ofEpochMilli(seconds.decimalValue().movePointRight(3).longValue());
  }

  /** A table name, from TableName or from the last part of an ARN. */
  static String tableName(JsonNode request, String nameField, String arnField) {
    if (request.hasNonNull(nameField)) {
      return request.get(nameField).asText();
    }
    String arn = request.path(arnField).asText("");
    return arn.substring(arn.lastIndexOf('/') + 1);
  }
}
