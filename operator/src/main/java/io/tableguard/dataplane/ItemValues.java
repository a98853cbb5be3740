package io.tableguard.dataplane;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.tableguard.model.restore.ItemExpression;
import io.tableguard.model.restore.ItemValue;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** A spec's values (DynamoDB JSON in YAML) as the SDK's, and keys back, for checkpoints. */
public final class ItemValues {
  private ItemValues() {}

  public static AttributeValue toAttribute(ItemValue value) {
    if (value.getS() != null) {
      return AttributeValue.fromS(value.getS());
    }
    if (value.getN() != null) {
      return AttributeValue.fromN(value.getN());
    }
    if (value.getB() != null) {
      return AttributeValue.fromB(SdkBytes.fromByteArray(Base64.getDecoder().decode(value.getB())));
    }
    if (value.getBool() != null) {
      return AttributeValue.fromBool(value.getBool());
    }
    throw new IllegalArgumentException("a value has one of S, N, B or BOOL");
  }

  /** A key attribute (S, N or B) as a spec writes it. */
  public static ItemValue fromKeyAttribute(AttributeValue value) {
    ItemValue v = new ItemValue();
    switch (value.type()) {
      case S -> v.setS(value.s());
      case N -> v.setN(value.n());
      case B -> v.setB(Base64.getEncoder().encodeToString(value.b().asByteArray()));
      default -> throw new IllegalArgumentException("a key attribute is S, N or B, not " + value.type());
    }
    return v;
  }

  public static Map<String, AttributeValue> toItem(Map<String, ItemValue> values) {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    values.forEach((name, value) -> item.put(name, toAttribute(value)));
    return item;
  }

  public static Map<String, ItemValue> fromKey(Map<String, AttributeValue> key) {
    Map<String, ItemValue> values = new LinkedHashMap<>();
    key.forEach((name, value) -> values.put(name, fromKeyAttribute(value)));
    return values;
  }

  /** A key as DynamoDB JSON, the form a sample key is reported in: {"pk":{"S":"order-7"}}. */
  static String keyJson(Map<String, AttributeValue> key) {
    try {
      return Serialization.jsonMapper().writeValueAsString(fromKey(key));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a key is always JSON", e);
    }
  }

  public static Expression toExpression(ItemExpression expression) {
    if (expression == null) {
      return null;
    }
    Map<String, AttributeValue> values = new HashMap<>();
    if (expression.getValues() != null) {
      expression.getValues().forEach((k, v) -> values.put(k, toAttribute(v)));
    }
    return new Expression(expression.getExpression(),
        expression.getNames() == null ? Map.of() : expression.getNames(), values);
  }
}
