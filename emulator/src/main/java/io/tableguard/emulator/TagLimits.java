package io.tableguard.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The limits DynamoDB puts on a table's tags, checked before any tag of a call is applied because AWS rejects
 * the whole call. The texts are AWS's: its request validator words the lengths (naming the limit, every
 * violation at once, members counted from 1); the service itself words the reserved prefix and the count.
 */
final class TagLimits {
  static final int MAX_KEY_LENGTH = 128;
  static final int MAX_VALUE_LENGTH = 256;
  static final int MAX_TAGS = 50;
  private static final String RESERVED_PREFIX = "aws:";

  private TagLimits() {}

  /** Checks the tags of one TagResource request on their own: lengths first, then the reserved prefix. */
  static void checkRequest(JsonNode tags) {
    List<String> violations = new ArrayList<>();
    int member = 1;
    for (JsonNode tag : tags) {
      String field = "tags." + member++ + ".member.";
      checkLength(violations, tag.path("Key").asText(), field + "key", 1, MAX_KEY_LENGTH);
      checkLength(violations, tag.path("Value").asText(), field + "value", 0, MAX_VALUE_LENGTH);
    }
    if (!violations.isEmpty()) {
      String errors = violations.size() == 1 ? " validation error" : " validation errors";
      throw AwsError.validation(violations.size() + errors + " detected: " + String.join("; ", violations));
    }
    for (JsonNode tag : tags) {
      String key = tag.path("Key").asText();
      // AWS reserves the prefix in any case (AWS:, Aws:), as its tagging rules say.
      if (key.regionMatches(true, 0, RESERVED_PREFIX, 0, RESERVED_PREFIX.length())) {
        throw AwsError.validation("Tag Key cannot be prefixed with aws:, Key: " + key);
      }
    }
  }

  /** Checks how many tags a table would carry after the call, tags it already has included. */
  static void checkCount(int tagsAfterCall) {
    if (tagsAfterCall > MAX_TAGS) {
      throw AwsError.validation("Number of Tags exceed the current limit for the provided ResourceArn");
    }
  }

  /** AWS counts Unicode characters, so a letter outside the BMP (two Java chars) counts once. */
  private static void checkLength(List<String> violations, String value, String field, int min, int max) {
    int length = value.codePointCount(0, value.length());
    if (length < min) {
      violations.add(violation(value, field, "greater than or equal to " + min));
    } else if (length > max) {
      violations.add(violation(value, field, "less than or equal to " + max));
    }
  }

  private static String violation(String value, String field, String bound) {
    return "Value '" + value + "' at '" + field + "' failed to satisfy constraint: Member must have length " + bound;
  }
}
