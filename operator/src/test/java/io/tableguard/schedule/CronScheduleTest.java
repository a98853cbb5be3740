package io.tableguard.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Scheduled instants across both daylight-saving changes of Europe/Berlin in 2026 (29 March, 25 October). */
class CronScheduleTest {

  @Test
  void aDailyRunInTheSkippedHourRunsOnceWhenTheClocksJump() {
    CronSchedule daily = CronSchedule.parse("30 2 * * *", "Europe/Berlin");

    assertThat(runs(daily, "2026-03-27T12:00:00Z", "2026-03-31T12:00:00Z")).containsExactly(
        "2026-03-28T01:30:00Z", // 02:30 CET
        "2026-03-29T01:00:00Z", // 02:30 does not exist: 03:00 CEST, the instant the clocks jump
        "2026-03-30T00:30:00Z", // 02:30 CEST
        "2026-03-31T00:30:00Z");
  }

  @Test
  void aDailyRunInTheRepeatedHourRunsOnceAtItsFirstOccurrence() {
    CronSchedule daily = CronSchedule.parse("30 2 * * *", "Europe/Berlin");

    assertThat(runs(daily, "2026-10-24T12:00:00Z", "2026-10-26T12:00:00Z")).containsExactly(
        "2026-10-25T00:30:00Z", // 02:30 CEST; the second 02:30 (CET, 01:30Z) is not a second run
        "2026-10-26T01:30:00Z"); // 02:30 CET
    assertThat(daily.latestAtOrBefore(Instant.parse("2026-10-25T01:45:00Z")))
        .as("during the repeated hour the run already made is the latest")
        .hasValue(Instant.parse("2026-10-25T00:30:00Z"));
  }

  @Test
  void anHourlyScheduleHasOneRunLessInSpringAndNoneTwiceInAutumn() {
    CronSchedule hourly = CronSchedule.parse("0 * * * *", "Europe/Berlin");

    List<String> spring = runs(hourly, "2026-03-28T23:30:00Z", "2026-03-29T02:30:00Z");
    List<String> autumn = runs(hourly, "2026-10-24T23:30:00Z", "2026-10-25T02:30:00Z");

    assertThat(spring).containsExactly("2026-03-29T00:00:00Z", "2026-03-29T01:00:00Z", "2026-03-29T02:00:00Z");
    assertThat(autumn).as("02:00 CEST; the repeated 02:00 (CET, 01:00Z) is not run again; 03:00 CET")
        .containsExactly("2026-10-25T00:00:00Z", "2026-10-25T02:00:00Z");
  }

  @Test
  void latestAtOrBeforeIsInclusiveAndNextAfterIsStrict() {
    CronSchedule daily = CronSchedule.parse("0 2 * * *", "UTC");

    assertThat(daily.latestAtOrBefore(Instant.parse("2026-05-01T02:00:00Z")))
        .hasValue(Instant.parse("2026-05-01T02:00:00Z"));
    assertThat(daily.nextAfter(Instant.parse("2026-05-01T02:00:00Z")))
        .hasValue(Instant.parse("2026-05-02T02:00:00Z"));
  }

  @Test
  void aBadScheduleOrTimeZoneIsRefusedNamingTheField() {
    assertThatThrownBy(() -> CronSchedule.parse("0 25 * * *", "UTC"))
        .isInstanceOf(CronSchedule.InvalidSchedule.class).hasMessageStartingWith("spec.schedule:");
    assertThatThrownBy(() -> CronSchedule.parse("0 2 * * *", "Mars/Olympus_Mons"))
        .isInstanceOf(CronSchedule.InvalidSchedule.class).hasMessageStartingWith("spec.timeZone:");
  }

  private static List<String> runs(CronSchedule schedule, String from, String to) {
    List<String> runs = new ArrayList<>();
    Optional<Instant> at = schedule.nextAfter(Instant.parse(from));
    while (at.isPresent() && at.get().isBefore(Instant.parse(to))) {
      runs.add(at.get().toString());
      at = schedule.nextAfter(at.get());
    }
    return runs;
  }
}
