package io.tableguard.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryBackoffTest {
  private static final int SAMPLES = 2_000;
  private static final Duration FIRST = Duration.ofMillis(100);
  private static final Duration NO_CAP = Duration.ofHours(1);

  /** delays[s][n] is the delay of attempt n+1 for the s-th resource. */
  private static long[][] sample(RetryBackoff backoff, int attempts, Duration cap) {
    long[][] delays = new long[SAMPLES][attempts];
    for (int s = 0; s < SAMPLES; s++) {
      for (int n = 0; n < attempts; n++) {
        delays[s][n] = backoff.next("uid-" + s, cap).toMillis();
      }
    }
    return delays;
  }

  @Test
  void keepsEachStepBetweenAQuarterOfItAndTheWholeStep() {
    long[][] delays = sample(new RetryBackoff(FIRST), 10, NO_CAP);

    for (int n = 0; n < 10; n++) {
      long step = FIRST.toMillis() << n;
      for (long[] resource : delays) {
        assertThat(resource[n]).as("attempt %d", n + 1).isBetween(step / 4, step);
      }
    }
  }

  @Test
  void growsWithEachAttempt() {
    long[][] delays = sample(new RetryBackoff(FIRST), 8, NO_CAP);

    for (int n = 1; n < 8; n++) {
      long previousStep = FIRST.toMillis() << (n - 1);
      long max = 0;
      for (long[] resource : delays) {
        max = Math.max(max, resource[n]);
      }
      assertThat(max).as("largest delay of attempt %d", n + 1).isGreaterThan(previousStep);
    }
  }

  @Test
  void neverExceedsTheCapAndStaysAboveAQuarterOfIt() {
    Duration cap = Duration.ofSeconds(1);
    long[][] delays = sample(new RetryBackoff(FIRST), 25, cap);

    for (long[] resource : delays) {
      for (int n = 0; n < 25; n++) {
        assertThat(resource[n]).isLessThanOrEqualTo(cap.toMillis());
      }
      // from attempt 5 on (100 ms * 2^4 = 1.6 s) the step is the cap itself
      for (int n = 4; n < 25; n++) {
        assertThat(resource[n]).isGreaterThanOrEqualTo(cap.toMillis() / 4);
      }
    }
  }

  @Test
  void capsBelowTheFirstStepToo() {
    RetryBackoff backoff = new RetryBackoff(Duration.ofSeconds(10));
    for (int s = 0; s < SAMPLES; s++) {
      assertThat(backoff.next("uid-" + s, Duration.ofSeconds(2)).toMillis()).isBetween(500L, 2_000L);
    }
  }

  @Test
  void stopsDoublingAfterSixteenSteps() {
    RetryBackoff backoff = new RetryBackoff(Duration.ofMillis(1));
    long maxStep = 1L << 16;
    for (int s = 0; s < 200; s++) {
      for (int n = 0; n < 40; n++) {
        long delay = backoff.next("uid-" + s, Duration.ofDays(1)).toMillis();
        assertThat(delay).isBetween(0L, maxStep);
        if (n >= 16) {
          assertThat(delay).isGreaterThanOrEqualTo(maxStep / 4);
        }
      }
    }
  }

  @Test
  void startsOverAfterReset() {
    RetryBackoff backoff = new RetryBackoff(FIRST);
    for (int s = 0; s < SAMPLES; s++) {
      String uid = "uid-" + s;
      for (int n = 0; n < 10; n++) {
        backoff.next(uid, NO_CAP);
      }
      backoff.reset(uid);
      assertThat(backoff.next(uid, NO_CAP).toMillis()).isBetween(25L, 100L);
      assertThat(backoff.next(uid, NO_CAP).toMillis()).isBetween(50L, 200L);
    }
  }

  @Test
  void countsAttemptsPerResource() {
    RetryBackoff backoff = new RetryBackoff(FIRST);
    for (int n = 0; n < 10; n++) {
      backoff.next("busy", NO_CAP);
    }
    for (int s = 0; s < SAMPLES; s++) {
      assertThat(backoff.next("fresh-" + s, NO_CAP).toMillis()).isBetween(25L, 100L);
    }
    assertThat(backoff.next("busy", NO_CAP).toMillis()).isGreaterThanOrEqualTo((FIRST.toMillis() << 10) / 4);
  }
}
