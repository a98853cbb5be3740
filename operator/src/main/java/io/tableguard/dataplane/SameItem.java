package io.tableguard.dataplane;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Whether two versions of an item hold the same data, as DynamoDB means it rather than as their JSON is written:
 * numbers compare as numbers ({@code 1.0} is {@code 1}), sets ignore order, lists and maps compare element by
 * element. A write-back that compared text would rewrite items that never changed.
 */
public final class SameItem {
  private SameItem() {}

  public static boolean same(Map<String, AttributeValue> a, Map<String, AttributeValue> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (Map.Entry<String, AttributeValue> attribute : a.entrySet()) {
      AttributeValue other = b.get(attribute.getKey());
      if (other == null || !same(attribute.getValue(), other)) {
        return false;
      }
    }
    return true;
  }

  public static boolean same(AttributeValue a, AttributeValue b) {
    if (a.type() != b.type()) {
      return false;
    }
    return switch (a.type()) {
      case S -> a.s().equals(b.s());
      case N -> number(a.n()).compareTo(number(b.n())) == 0;
      case B -> a.b().equals(b.b());
      case BOOL -> a.bool().equals(b.bool());
      case NUL -> true;
      case SS -> new HashSet<>(a.ss()).equals(new HashSet<>(b.ss()));
      case NS -> numbers(a.ns()).equals(numbers(b.ns()));
      case BS -> new HashSet<>(a.bs()).equals(new HashSet<>(b.bs()));
      case L -> sameList(a.l(), b.l());
      case M -> same(a.m(), b.m());
      case UNKNOWN_TO_SDK_VERSION -> a.equals(b);
    };
  }

  private static boolean sameList(List<AttributeValue> a, List<AttributeValue> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!same(a.get(i), b.get(i))) {
        return false;
      }
    }
    return true;
  }

  private static BigDecimal number(String n) {
    return new BigDecimal(n);
  }

  private static Set<BigDecimal> numbers(List<String> ns) {
    return ns.stream().map(n -> number(n).stripTrailingZeros()).collect(Collectors.toSet());
  }
}
