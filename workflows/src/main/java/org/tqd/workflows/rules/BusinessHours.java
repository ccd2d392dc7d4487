package org.tqd.workflows.rules;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A business-hours calendar of a pipeline ({@code business_hours:}): the time zone, the working
 * days, the opening hours, and the holidays. Ages measured in business time count only the time
 * inside opening hours on working days that are not holidays. Pure and deterministic.
 *
 * @param timeZone an IANA zone such as {@code America/Detroit}
 * @param days working days, lower-case three-letter names ({@code mon} ... {@code sun})
 * @param opens opening time, {@code HH:mm}
 * @param closes closing time, {@code HH:mm}, after {@code opens}
 * @param holidays closed dates, {@code yyyy-MM-dd}
 */
public record BusinessHours(
    String timeZone, List<String> days, String opens, String closes, List<String> holidays) {

  /** Weekday names as written in a calendar. */
  public static final List<String> DAY_NAMES =
      List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");

  /** Longest span an age is measured over, in days (beyond it the age is capped). */
  static final int MAX_DAYS = 3660;

  public BusinessHours {
    days = List.copyOf(days);
    holidays = holidays == null ? List.of() : List.copyOf(holidays);
  }

  /** What is wrong with this calendar, one message per problem; empty when it is valid. */
  public List<String> problems() {
    List<String> out = new ArrayList<>();
    try {
      ZoneId.of(timeZone);
    } catch (DateTimeException | NullPointerException e) {
      out.add(
          "time_zone: unknown time zone \"" + timeZone + "\" (use a name such as Europe/Paris)");
    }
    if (days.isEmpty()) {
      out.add("days: give at least one working day (" + String.join(", ", DAY_NAMES) + ")");
    }
    for (String d : days) {
      if (!DAY_NAMES.contains(d)) {
        out.add("days: unknown day \"" + d + "\"; days are " + String.join(", ", DAY_NAMES));
      }
    }
    LocalTime o = time(opens);
    LocalTime c = time(closes);
    if (o == null) {
      out.add("opens: expected a time such as 08:00, got \"" + opens + "\"");
    }
    if (c == null) {
      out.add("closes: expected a time such as 17:00, got \"" + closes + "\"");
    }
    if (o != null && c != null && !c.isAfter(o)) {
      out.add("closes: must be after opens (" + opens + ")");
    }
    for (String h : holidays) {
      try {
        LocalDate.parse(h);
      } catch (DateTimeException e) {
        out.add("holidays: expected a date such as 2026-12-25, got \"" + h + "\"");
      }
    }
    return out;
  }

  private static LocalTime time(String text) {
    try {
      return text == null ? null : LocalTime.parse(text.length() == 4 ? "0" + text : text);
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** The zone. */
  public ZoneId zone() {
    return ZoneId.of(timeZone);
  }

  /** The business time between two instants (zero when {@code to} is not after {@code from}). */
  public Duration between(Instant from, Instant to) {
    if (!to.isAfter(from)) {
      return Duration.ZERO;
    }
    ZoneId zone = zone();
    LocalTime open = time(opens);
    LocalTime close = time(closes);
    LocalDate day = from.atZone(zone).toLocalDate();
    LocalDate last = to.atZone(zone).toLocalDate();
    if (day.plusDays(MAX_DAYS).isBefore(last)) {
      day = last.minusDays(MAX_DAYS);
    }
    Duration total = Duration.ZERO;
    for (; !day.isAfter(last); day = day.plusDays(1)) {
      if (!isWorkingDay(day)) {
        continue;
      }
      Instant start = ZonedDateTime.of(day, open, zone).toInstant();
      Instant end = ZonedDateTime.of(day, close, zone).toInstant();
      Instant a = start.isAfter(from) ? start : from;
      Instant b = end.isBefore(to) ? end : to;
      if (b.isAfter(a)) {
        total = total.plus(Duration.between(a, b));
      }
    }
    return total;
  }

  private boolean isWorkingDay(LocalDate day) {
    DayOfWeek dow = day.getDayOfWeek();
    String name = dow.name().substring(0, 3).toLowerCase(Locale.ROOT);
    return days.contains(name) && !holidays.contains(day.toString());
  }
}
