package io.tributary.common.value;

import io.tributary.common.catalog.ColumnDef;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code date} and {@code time} values read from text ({@link DateTimePattern} takes the date
 * forms), checked against PostgreSQL's ranges, a time rounded to the column's precision as
 * PostgreSQL rounds it. Infinities: {@code infinity}/{@code -infinity} dates are LocalDate.MAX/MIN.
 * Timestamps are {@link TimestampValues}.
 */
final class DateAndTimeValues {
  private static final Pattern TIME =
      Pattern.compile("(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d+))?)?");

  /** PostgreSQL's date range: 4714-11-24 BC to 5874897-12-31. */
  static final LocalDate MIN_DATE = LocalDate.of(-4713, 11, 24);

  private static final LocalDate MAX_DATE = LocalDate.of(5874897, 12, 31);

  private DateAndTimeValues() {}

  /** A {@code date}. */
  static LocalDate date(String text) {
    String s = text.strip();
    if (DateTimePattern.isInfinity(s)) {
      return LocalDate.MAX;
    }
    if (DateTimePattern.isMinusInfinity(s)) {
      return LocalDate.MIN;
    }
    Matcher m = DateTimePattern.match(text, s, "date");
    if (m.group(DateTimePattern.HOUR) != null) {
      throw new ValueCastException("'" + Abbreviation.of(text) + "' is not a date: it has a time");
    }
    LocalDate date = DateTimePattern.datePart(text, m, "date");
    if (date.isBefore(MIN_DATE) || date.isAfter(MAX_DATE)) {
      throw new ValueCastException(
          "'" + Abbreviation.of(text) + "' is out of range for date (4714-11-24 BC to 5874897)");
    }
    return date;
  }

  /** A {@code time(p)}, rounded to p (6 by default) fractional digits. */
  static LocalTime time(String text, ColumnDef column) {
    String s = text.strip();
    Matcher m = TIME.matcher(s);
    if (!m.matches()) {
      throw new ValueCastException(
          "'" + Abbreviation.of(text) + "' is not a time (expected HH:MM:SS[.ffffff])");
    }
    int hour = Integer.parseInt(m.group(1));
    int minute = Integer.parseInt(m.group(2));
    int second = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
    int nanos = DateTimePattern.nanos(m.group(4));
    if (hour == 24 && minute == 0 && second == 0 && nanos == 0) {
      throw new ValueCastException("time 24:00:00 is not supported (it has no Java LocalTime)");
    }
    if (hour > 23 || minute > 59 || second > 60) {
      throw new ValueCastException("'" + Abbreviation.of(text) + "' is not a valid time of day");
    }
    long nanoOfDay = ((hour * 60L + minute) * 60L + second) * 1_000_000_000L + nanos;
    long unit = TemporalPrecision.unitNanos(TemporalPrecision.of(column));
    long rem = nanoOfDay % unit;
    if (rem != 0) {
      nanoOfDay = nanoOfDay - rem + (rem * 2 >= unit ? unit : 0); // PostgreSQL: half up
    }
    if (nanoOfDay >= 86_400_000_000_000L) {
      throw new ValueCastException(
          "'" + Abbreviation.of(text) + "' rounds to 24:00:00, which is not supported");
    }
    return LocalTime.ofNanoOfDay(nanoOfDay);
  }
}
