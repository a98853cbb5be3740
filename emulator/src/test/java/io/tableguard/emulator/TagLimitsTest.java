package io.tableguard.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.Tag;

/** AWS's tag limits, as TagResource enforces them: ValidationException, and the whole call rejected. */
class TagLimitsTest extends EmulatorTestBase {
  /** A letter outside the BMP: two Java chars, one Unicode character, which is what AWS counts. */
  private static final String WIDE_LETTER = "\uD840\uDC00";
  private static final Tag KEPT = tag("team", "payments");
  private static final Tag GOOD = tag("env", "prod");

  @Override
  Duration restoreDelay() {
    return Duration.ZERO;
  }

  @Test
  void tagsUpToEveryLimitAreKept() {
    String arn = tableArn("roomy");
    Tag longest = tag(WIDE_LETTER.repeat(TagLimits.MAX_KEY_LENGTH), "v".repeat(TagLimits.MAX_VALUE_LENGTH));
    Tag emptyValue = tag("empty", "");
    List<Tag> tags = new ArrayList<>(List.of(longest, emptyValue));
    tags.addAll(numbered(TagLimits.MAX_TAGS - 2));

    dynamo.tagResource(r -> r.resourceArn(arn).tags(tags));

    assertThat(dynamo.listTagsOfResource(r -> r.resourceArn(arn)).tags()).containsExactlyElementsOf(tags);
  }

  static Stream<Arguments> brokenLimits() {
    String longKey = "k".repeat(TagLimits.MAX_KEY_LENGTH + 1);
    String longValue = "v".repeat(TagLimits.MAX_VALUE_LENGTH + 1);
    String keyTooLong = "Value '" + longKey + "' at 'tags.2.member.key' failed to satisfy constraint: "
        + "Member must have length less than or equal to 128";
    String valueTooLong = "Value '" + longValue + "' at 'tags.2.member.value' failed to satisfy constraint: "
        + "Member must have length less than or equal to 256";
    return Stream.of(
        Arguments.of(tag(longKey, "v"), "1 validation error detected: " + keyTooLong),
        Arguments.of(tag("k", longValue), "1 validation error detected: " + valueTooLong),
        Arguments.of(tag(longKey, longValue), "2 validation errors detected: " + keyTooLong + "; " + valueTooLong),
        Arguments.of(tag("", "v"), "1 validation error detected: Value '' at 'tags.2.member.key' failed to satisfy "
            + "constraint: Member must have length greater than or equal to 1"),
        Arguments.of(tag("aws:owner", "v"), "Tag Key cannot be prefixed with aws:, Key: aws:owner"),
        Arguments.of(tag("AWS:owner", "v"), "Tag Key cannot be prefixed with aws:, Key: AWS:owner"));
  }

  @ParameterizedTest
  @MethodSource("brokenLimits")
  void aTagBreakingALimitRejectsTheWholeCall(Tag broken, String message) {
    String arn = taggedTable();

    var refused = catchThrowableOfType(DynamoDbException.class,
        () -> dynamo.tagResource(r -> r.resourceArn(arn).tags(GOOD, broken)));

    assertValidationException(refused, message);
    assertThat(dynamo.listTagsOfResource(r -> r.resourceArn(arn)).tags()).containsExactly(KEPT);
  }

  @Test
  void moreThanFiftyTagsAfterTheCallAreRefusedAndExistingKeysDoNotCountTwice() {
    String arn = taggedTable();
    List<Tag> before = new ArrayList<>(List.of(KEPT));
    before.addAll(numbered(TagLimits.MAX_TAGS - 2));
    dynamo.tagResource(r -> r.resourceArn(arn).tags(before));

    // A new value for a key the table has, and two new keys: 51 tags afterwards.
    var refused = catchThrowableOfType(DynamoDbException.class, () -> dynamo.tagResource(r -> r.resourceArn(arn)
        .tags(tag("team", "billing"), tag("new-1", "x"), tag("new-2", "x"))));
    assertValidationException(refused, "Number of Tags exceed the current limit for the provided ResourceArn");
    assertThat(dynamo.listTagsOfResource(r -> r.resourceArn(arn)).tags()).containsExactlyElementsOf(before);

    // The same new value and one new key: exactly 50.
    dynamo.tagResource(r -> r.resourceArn(arn).tags(tag("team", "billing"), tag("new-1", "x")));
    assertThat(dynamo.listTagsOfResource(r -> r.resourceArn(arn)).tags())
        .hasSize(TagLimits.MAX_TAGS).contains(tag("team", "billing"), tag("new-1", "x")).doesNotContain(KEPT);
  }

  private static void assertValidationException(DynamoDbException refused, String message) {
    assertThat(refused).as("TagResource should have been refused").isNotNull();
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
    assertThat(refused.awsErrorDetails().errorMessage()).isEqualTo(message);
  }

  /** A new table carrying one tag, so each test sees that a refused call changed nothing. */
  private String taggedTable() {
    String arn = tableArn("tagged-" + System.nanoTime());
    dynamo.tagResource(r -> r.resourceArn(arn).tags(KEPT));
    return arn;
  }

  private String tableArn(String table) {
    EmulatorClients.createTable(dynamo, table);
    return dynamo.describeTable(r -> r.tableName(table)).table().tableArn();
  }

  private static List<Tag> numbered(int count) {
    return IntStream.range(0, count).mapToObj(i -> tag("key-" + i, "value-" + i)).toList();
  }

  private static Tag tag(String key, String value) {
    return Tag.builder().key(key).value(value).build();
  }
}
