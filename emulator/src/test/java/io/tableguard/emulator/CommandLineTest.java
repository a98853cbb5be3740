package io.tableguard.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CommandLineTest {
  @Test
  void everythingIsOffByDefault() {
    PitrEmulator.Options options = CommandLine.parse(new String[0]);

    assertThat(options.port()).isEqualTo(8000);
    assertThat(options.faultRate()).isZero();
    assertThat(options.awsLimits()).isNull();
    assertThat(options.tagPropagationDelay()).isZero();
    assertThat(options.eventQueue()).isNull();
  }

  @Test
  void positionalArgumentsAndFlagsMix() {
    PitrEmulator.Options options = CommandLine.parse(new String[] {"8100", "--aws-limits", "0.1",
        "--tag-propagation-delay", "2.5", "42", "--event-queue", "http://127.0.0.1:5000/123456789012/events"});

    assertThat(options.port()).isEqualTo(8100);
    assertThat(options.faultRate()).isEqualTo(0.1);
    assertThat(options.faultSeed()).isEqualTo(42);
    assertThat(options.awsLimits()).isEqualTo(AwsLimits.DYNAMODB);
    assertThat(options.tagPropagationDelay()).isEqualTo(Duration.ofMillis(2_500));
    assertThat(options.eventQueue()).isEqualTo(URI.create("http://127.0.0.1:5000/123456789012/events"));
    assertThat(CommandLine.describe(options, URI.create("http://127.0.0.1:8100")))
        .contains("failing 0.1", "enforcing AwsLimits[describeContinuousBackupsPerSecond=10.0",
            "tags seen after PT2.5S", "CloudTrail events to http://127.0.0.1:5000/123456789012/events");
  }

  @Test
  void anUnknownFlagOrAMissingValueSaysHowToCallIt() {
    assertThatThrownBy(() -> CommandLine.parse(new String[] {"--limits"}))
        .hasMessageContaining("unknown option --limits").hasMessageContaining(CommandLine.USAGE);
    assertThatThrownBy(() -> CommandLine.parse(new String[] {"--event-queue"}))
        .hasMessageContaining("--event-queue needs a value");
  }
}
