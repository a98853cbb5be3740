package io.tableguard.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tableguard.model.protection.CheckInterval;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CheckIntervalTest {

  @ParameterizedTest
  @CsvSource({
      "30s, 30000",
      "5m, 300000",
      "1h, 3600000",
      "250ms, 250",
      "1.5h, 5400000",
      "0.009h, 32400",
      "1h30m, 5400000",
      "1m30s, 90000",
      "2h3m4s5ms, 7384005",
  })
  void parsesSimpleAndCompoundDurations(String text, long millis) {
    assertThat(CheckInterval.parse(text)).isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "5", "5 minutes", "m5", "5d", "5m ", " 5m", "5m3", "-5m", "5M"})
  void rejectsWhatIsNotAGoDuration(String text) {
    assertThatThrownBy(() -> CheckInterval.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsNull() {
    assertThatThrownBy(() -> CheckInterval.parse(null)).isInstanceOf(IllegalArgumentException.class);
  }
}
