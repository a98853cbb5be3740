package io.tableguard.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.tableguard.model.schedule.BackupRetention;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Grandfather-father-son retention over daily backups, in the schedule's time zone. */
class RetentionTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final Instant NOW = Instant.parse("2026-12-31T12:00:00Z");

  @Test
  void keepsTheNewestOfEachDayWeekMonthAndYearAsAsked() {
    // One backup a day at 01:30 UTC for 400 days, up to today.
    List<Retention.Backup> daily = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      Instant at = Instant.parse("2026-12-31T01:30:00Z").minus(Duration.ofDays(i));
      daily.add(new Retention.Backup("b-" + at.toString().substring(0, 10), at));
    }
    BackupRetention rules = new BackupRetention();
    rules.setKeepDaily(7);
    rules.setKeepWeekly(4);
    rules.setKeepMonthly(12);
    rules.setKeepYearly(2);

    var kept = Retention.keep(daily, rules, BERLIN, NOW);

    assertThat(kept).contains("b-2026-12-31", "b-2026-12-25").doesNotContain("b-2026-12-24")
        .as("Sundays, the last days of ISO weeks").contains("b-2026-12-20", "b-2026-12-13")
        .doesNotContain("b-2026-12-06")
        .as("the last day of each month").contains("b-2026-11-30", "b-2026-10-31", "b-2026-01-31")
        .as("the newest of 2025").contains("b-2025-12-31");
    // 7 days; 4 weeks, of which the newest two are days kept already; 12 months, December's being today's; 2
    // years, 2026's being today's: 7 + 2 + 11 + 1.
    assertThat(kept).hasSize(21);
  }

  @Test
  void keepLastAndMaxAgeAndTheNewestAlwaysStays() {
    List<Retention.Backup> backups = List.of(
        new Retention.Backup("new", NOW.minus(Duration.ofDays(1))),
        new Retention.Backup("mid", NOW.minus(Duration.ofDays(10))),
        new Retention.Backup("old", NOW.minus(Duration.ofDays(100))));
    BackupRetention rules = new BackupRetention();
    rules.setKeepLast(3);
    rules.setMaxAge("720h");

    assertThat(Retention.keep(backups, rules, BERLIN, NOW)).containsExactlyInAnyOrder("new", "mid");

    rules.setMaxAge("1h");
    assertThat(Retention.keep(backups, rules, BERLIN, NOW)).as("the newest, though older than maxAge")
        .containsExactly("new");
    assertThat(Retention.keep(backups, null, BERLIN, NOW)).as("no rules keep everything").hasSize(3);
  }

  @Test
  void aDayIsADayInTheScheduleTimeZone() {
    // 23:30 UTC on 1 June is already 2 June in Berlin: two backups of the same Berlin day, one kept.
    List<Retention.Backup> backups = List.of(
        new Retention.Backup("late", Instant.parse("2026-06-01T23:30:00Z")),
        new Retention.Backup("early", Instant.parse("2026-06-02T08:00:00Z")));
    BackupRetention rules = new BackupRetention();
    rules.setKeepDaily(2);

    assertThat(Retention.keep(backups, rules, BERLIN, NOW)).containsExactly("early");
    assertThat(Retention.keep(backups, rules, ZoneId.of("UTC"), NOW)).containsExactlyInAnyOrder("early", "late");
  }
}
