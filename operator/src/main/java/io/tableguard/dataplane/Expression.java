package io.tableguard.dataplane;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A DynamoDB expression with its placeholders, as a user writes it in a spec (a filter, or a write-back
 * condition): {@code lastModified >= :deploy} with {@code :deploy}'s value.
 */
public record Expression(String text, Map<String, String> names, Map<String, AttributeValue> values) {
  public Expression {
    names = Map.copyOf(names);
    values = Map.copyOf(values);
  }
}
