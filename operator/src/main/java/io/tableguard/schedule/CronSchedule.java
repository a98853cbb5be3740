package io.tableguard.schedule;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Optional;

/**
 * A 5-field cron expression read in a time zone, parsed and matched by cron-utils. Matching happens on the wall
 * clock (local date and time, with no daylight saving in it); turning a matched wall-clock time into an instant is
 * done here, explicitly: a local time that daylight saving skips runs once, at the instant the clocks jump (the
 * next valid instant), and a local time that it repeats runs once, at its first occurrence.
 */
final class CronSchedule {
  private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
  /** Matched instants may coincide (two skipped local times map to one jump): look this many steps further. */
  private static final int STEPS = 8;

  private final ExecutionTime wallClock;
  private final ZoneRules rules;
  private final ZoneId zone;

  private CronSchedule(ExecutionTime wallClock, ZoneId zone) {
    this.wallClock = wallClock;
    this.zone = zone;
    this.rules = zone.getRules();
  }

  /** Refused with the field named: a schedule cron-utils does not accept, or a time zone the JDK does not know. */
  static CronSchedule parse(String expression, String timeZone) {
    ZoneId zone;
    try {
      zone = ZoneId.of(timeZone);
    } catch (DateTimeException e) {
      throw new InvalidSchedule("spec.timeZone: " + timeZone + " is not a time zone this operator knows (an IANA "
          + "name such as Europe/Berlin or America/New_York, or UTC)");
    }
    try {
      return new CronSchedule(ExecutionTime.forCron(UNIX.parse(expression)), zone);
    } catch (IllegalArgumentException e) {
      throw new InvalidSchedule("spec.schedule: \"" + expression + "\" is not a 5-field cron expression: "
          + e.getMessage());
    }
  }

  ZoneId zone() {
    return zone;
  }

  /** The latest scheduled instant at or before {@code now}. */
  Optional<Instant> latestAtOrBefore(Instant now) {
    ZonedDateTime cursor = wall(now).plusSeconds(1);
    for (int i = 0; i < STEPS; i++) {
      Optional<ZonedDateTime> last = wallClock.lastExecution(cursor);
      if (last.isEmpty()) {
        return Optional.empty();
      }
      Instant at = instantOf(last.get().toLocalDateTime());
      if (!at.isAfter(now)) {
        return Optional.of(at);
      }
      cursor = last.get();
    }
    return Optional.empty();
  }

  /** The first scheduled instant after {@code now}. */
  Optional<Instant> nextAfter(Instant now) {
    ZonedDateTime cursor = wall(now);
    for (int i = 0; i < STEPS; i++) {
      Optional<ZonedDateTime> next = wallClock.nextExecution(cursor);
      if (next.isEmpty()) {
        return Optional.empty();
      }
      Instant at = instantOf(next.get().toLocalDateTime());
      if (at.isAfter(now)) {
        return Optional.of(at);
      }
      cursor = next.get();
    }
    return Optional.empty();
  }

  /** The wall-clock time of an instant in the zone, as a time in a zone without daylight saving. */
  private ZonedDateTime wall(Instant instant) {
    return LocalDateTime.ofInstant(instant, zone).atZone(ZoneOffset.UTC);
  }

  /** A skipped local time is the instant the clocks jump; a repeated one its first occurrence. */
  private Instant instantOf(LocalDateTime local) {
    var offsets = rules.getValidOffsets(local);
    if (offsets.isEmpty()) {
      ZoneOffsetTransition gap = rules.getTransition(local);
      return gap.getInstant();
    }
    return local.toInstant(offsets.get(0));
  }

  /** A spec the API server let through that the operator cannot read: shown on status, naming the field. */
  static final class InvalidSchedule extends RuntimeException {
    InvalidSchedule(String message) {
      super(message);
    }
  }
}
