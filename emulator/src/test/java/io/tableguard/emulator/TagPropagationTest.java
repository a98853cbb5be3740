package io.tableguard.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.Tag;

/** Eventually consistent tags: ListTagsOfResource shows a tag write only once it is older than the delay. */
class TagPropagationTest extends EmulatorTestBase {
  private static final Duration DELAY = Duration.ofSeconds(5);

  @Override
  Duration restoreDelay() {
    return Duration.ZERO;
  }

  @Override
  PitrEmulator.Options options() {
    return super.options().withTagPropagationDelay(DELAY);
  }

  @Test
  void aTagWriteIsSeenOnlyOnceItIsOlderThanTheDelay() {
    String arn = EmulatorClients.createTable(dynamo, "slow-tags").tableArn();

    tag(arn, "team", "payments");
    assertThat(tags(arn)).as("right after the write").isEmpty();
    clock.advance(DELAY.minusMillis(1));
    assertThat(tags(arn)).isEmpty();
    clock.advance(Duration.ofMillis(1));
    assertThat(tags(arn)).containsExactly(Map.entry("team", "payments"));
  }

  @Test
  void eachWriteBecomesVisibleInTurnAndAnUntagToo() {
    String arn = EmulatorClients.createTable(dynamo, "history").tableArn();
    tag(arn, "team", "payments");
    clock.advance(Duration.ofSeconds(2));
    tag(arn, "env", "prod");
    clock.advance(Duration.ofSeconds(2));
    dynamo.untagResource(r -> r.resourceArn(arn).tagKeys("team"));

    clock.advance(Duration.ofSeconds(1));
    assertThat(tags(arn)).containsExactly(Map.entry("team", "payments"));
    clock.advance(Duration.ofSeconds(2));
    assertThat(tags(arn)).containsOnly(Map.entry("team", "payments"), Map.entry("env", "prod"));
    clock.advance(Duration.ofSeconds(2));
    assertThat(tags(arn)).containsExactly(Map.entry("env", "prod"));
  }

  /** AWS checks the 50-tag limit against the tags a table really has, not against what a reader may still see. */
  @Test
  void writesBuildOnTheLatestTagsNotOnTheVisibleOnes() {
    String arn = EmulatorClients.createTable(dynamo, "full").tableArn();
    for (int i = 0; i < TagLimits.MAX_TAGS; i++) {
      tag(arn, "k" + i, "v");
    }
    assertThat(tags(arn)).isEmpty();

    DynamoDbException overLimit = catchThrowableOfType(DynamoDbException.class,
        () -> tag(arn, "one-more", "v"));

    assertThat(overLimit.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
    clock.advance(DELAY);
    assertThat(tags(arn)).hasSize(TagLimits.MAX_TAGS).doesNotContainKey("one-more");
  }

  private void tag(String arn, String key, String value) {
    dynamo.tagResource(r -> r.resourceArn(arn).tags(Tag.builder().key(key).value(value).build()));
  }

  private Map<String, String> tags(String arn) {
    List<Tag> tags = dynamo.listTagsOfResource(r -> r.resourceArn(arn)).tags();
    return tags.stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> a, LinkedHashMap::new));
  }
}
