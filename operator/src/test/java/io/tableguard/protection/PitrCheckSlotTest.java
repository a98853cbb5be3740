package io.tableguard.protection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PitrCheckSlotTest {
  private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);
  private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

  @Test
  void theNextSlotIsBetweenATenthAndOnePointOneIntervalsAway() {
    IntStream.range(0, 1000).forEach(i -> assertThat(PitrCheck.untilSlot(UUID.randomUUID().toString(), FIVE_MINUTES,
        NOW.plusMillis(i * 997L))).isBetween(FIVE_MINUTES.dividedBy(10), FIVE_MINUTES.multipliedBy(11).dividedBy(10)));
  }

  @Test
  void aCheckMadeOnItsSlotComesBackExactlyOneIntervalLater() {
    String uid = UUID.randomUUID().toString();
    Instant slot = NOW.plus(PitrCheck.untilSlot(uid, FIVE_MINUTES, NOW));

    assertThat(PitrCheck.untilSlot(uid, FIVE_MINUTES, slot)).isEqualTo(FIVE_MINUTES);
    assertThat(PitrCheck.untilSlot(uid, FIVE_MINUTES, slot.plusMillis(300))).isEqualTo(FIVE_MINUTES.minusMillis(300));
  }

  @Test
  void thousandsOfResourcesFillTheIntervalEvenly() {
    int[] perTenSeconds = new int[30];
    IntStream.range(0, 3000).forEach(i -> {
      long at = PitrCheck.untilSlot(UUID.randomUUID().toString(), FIVE_MINUTES, NOW).toMillis();
      perTenSeconds[(int) ((at - FIVE_MINUTES.toMillis() / 10) % FIVE_MINUTES.toMillis() / 10_000)]++;
    });
    // 100 per 10-second bucket on average; a uniform spread keeps every bucket near it.
    for (int n : perTenSeconds) {
      assertThat(n).isBetween(60, 140);
    }
  }
}
