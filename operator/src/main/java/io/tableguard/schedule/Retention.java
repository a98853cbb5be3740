package io.tableguard.schedule;

import io.tableguard.model.protection.CheckInterval;
import io.tableguard.model.schedule.BackupRetention;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Grandfather-father-son retention (restic's and K8up's rules) over the available backups a schedule made: the
 * newest N; the newest of each of the last N days, ISO weeks, months and years that have one, in the schedule's
 * time zone; nothing older than maxAge; and always the newest, whatever the rules say.
 */
final class Retention {
  /** One available backup: its TableBackup's name and when AWS made it. */
  record Backup(String name, Instant createdAt) {}

  private Retention() {}

  /** The names to keep; every other backup in {@code available} is pruned. No rules: every backup is kept. */
  static Set<String> keep(List<Backup> available, BackupRetention rules, ZoneId zone, Instant now) {
    List<Backup> newestFirst = new ArrayList<>(available);
    newestFirst.sort(Comparator.comparing(Backup::createdAt).reversed().thenComparing(Backup::name));
    Set<String> kept = new LinkedHashSet<>();
    if (newestFirst.isEmpty()) {
      return kept;
    }
    if (rules == null) {
      newestFirst.forEach(b -> kept.add(b.name()));
      return kept;
    }
    newestFirst.stream().limit(count(rules.getKeepLast())).forEach(b -> kept.add(b.name()));
    kept.addAll(newestPer(newestFirst, count(rules.getKeepDaily()), zone, t -> t.toLocalDate()));
    kept.addAll(newestPer(newestFirst, count(rules.getKeepWeekly()), zone,
        t -> t.get(IsoFields.WEEK_BASED_YEAR) * 100 + t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)));
    kept.addAll(newestPer(newestFirst, count(rules.getKeepMonthly()), zone, t -> t.getYear() * 100 + t.getMonthValue()));
    kept.addAll(newestPer(newestFirst, count(rules.getKeepYearly()), zone, ZonedDateTime::getYear));
    if (rules.getMaxAge() != null) {
      Instant oldest = now.minus(CheckInterval.parse(rules.getMaxAge()));
      newestFirst.stream().filter(b -> b.createdAt().isBefore(oldest)).forEach(b -> kept.remove(b.name()));
    }
    kept.add(newestFirst.get(0).name());
    return kept;
  }

  /** The newest backup of each of the newest {@code periods} periods that have one. */
  private static Set<String> newestPer(List<Backup> newestFirst, int periods, ZoneId zone,
      Function<ZonedDateTime, Object> period) {
    Set<String> kept = new HashSet<>();
    Set<Object> seen = new HashSet<>();
    for (Backup b : newestFirst) {
      if (seen.size() == periods) {
        break;
      }
      if (seen.add(period.apply(b.createdAt().atZone(zone)))) {
        kept.add(b.name());
      }
    }
    return kept;
  }

  private static int count(Integer n) {
    return n == null ? 0 : n;
  }
}
