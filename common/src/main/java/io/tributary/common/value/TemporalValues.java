package io.tributary.common.value;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TypeSpelling;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code date}, {@code time}, {@code timestamp} and {@code timestamptz}: parsed from ISO-8601
 * (astronomical years: {@code 0000} is 1 BC, {@code -0043} is 44 BC) or from PostgreSQL's own
 * output ({@code 2024-01-31 10:00:00.5+00}, {@code 0044-03-15 BC}), checked against PostgreSQL's
 * ranges, rounded to the column's precision as PostgreSQL rounds ({@code timestamp(3)}: half away
 * from zero around 2000-01-01), and rendered in both forms.
 *
 * <p>Infinities: {@code infinity}/{@code -infinity} dates are LocalDate.MAX/MIN; {@code infinity}
 * timestamps are LocalDateTime.MAX and OffsetDateTime.MAX (as the Vert.x client binds and reads
 * them). {@code -infinity} timestamps are refused: the Vert.x client would write them as 4714-11-24
 * BC.
 */
final class TemporalValues {
  private static final Pattern DATE_TIME =
      Pattern.compile(
          "([+-]?)(\\d{4,})-(\\d{1,2})-(\\d{1,2})"
              + "(?:[Tt ](\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d+))?)?"
              + "\\s*([Zz]|[+-]\\d{2}(?::?\\d{2}(?::?\\d{2})?)?)?)?"
              + "(?:\\s+([AaBb][CcDd]))?");
  private static final Pattern TIME =
      Pattern.compile("(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d+))?)?");

  /** PostgreSQL's date range: 4714-11-24 BC to 5874897-12-31. */
  private static final LocalDate MIN_DATE = LocalDate.of(-4713, 11, 24);

  private static final LocalDate MAX_DATE = LocalDate.of(5874897, 12, 31);

  /** PostgreSQL's timestamp range: 4714-11-24 00:00 BC to 294276-12-31 23:59:59.999999. */
  private static final LocalDateTime MIN_TIMESTAMP = MIN_DATE.atStartOfDay();

  private static final LocalDateTime END_TIMESTAMP = LocalDate.of(294277, 1, 1).atStartOfDay();

  /** PostgreSQL's timestamp epoch; typmod rounding is symmetric around it. */
  private static final LocalDateTime PG_EPOCH = LocalDateTime.of(2000, 1, 1, 0, 0);

  private static final DateTimeFormatter ISO_DATE_TIME = DateTimeFormatter.ISO_LOCAL_DATE_TIME;
  private static final DateTimeFormatter ISO_OFFSET = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

  private TemporalValues() {}

  /** A {@code date}. */
  static LocalDate date(String text) {
    String s = text.strip();
    if (isInfinity(s)) {
      return LocalDate.MAX;
    }
    if (isMinusInfinity(s)) {
      return LocalDate.MIN;
    }
    Matcher m = match(text, s, "date");
    if (m.group(5) != null) {
      throw new ValueCastException("'" + Abbreviation.of(text) + "' is not a date: it has a time");
    }
    LocalDate date = datePart(text, m, "date");
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
    int nanos = nanos(m.group(4));
    if (hour == 24 && minute == 0 && second == 0 && nanos == 0) {
      throw new ValueCastException("time 24:00:00 is not supported (it has no Java LocalTime)");
    }
    if (hour > 23 || minute > 59 || second > 60) {
      throw new ValueCastException("'" + Abbreviation.of(text) + "' is not a valid time of day");
    }
    long nanoOfDay = ((hour * 60L + minute) * 60L + second) * 1_000_000_000L + nanos;
    long unit = unitNanos(precision(column));
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

  /** A {@code timestamp(p)} (without time zone): no offset allowed. */
  static LocalDateTime timestamp(String text, ColumnDef column) {
    Iso iso = Iso.parse(text);
    if (iso != null && iso.offset() == null) {
      try {
        return checkedTimestamp(text, iso.local(), precision(column));
      } catch (DateTimeException e) {
        throw outOfRange(text);
      }
    }
    return timestampByPattern(text, column);
  }

  /** {@link #timestamp} read by the pattern that takes every accepted form. */
  static LocalDateTime timestampByPattern(String text, ColumnDef column) {
    String s = text.strip();
    if (isInfinity(s)) {
      return LocalDateTime.MAX;
    }
    if (isMinusInfinity(s)) {
      throw minusInfinity();
    }
    Matcher m = match(text, s, "timestamp");
    if (m.group(9) != null) {
      throw new ValueCastException(
          "'"
              + Abbreviation.of(text)
              + "' has a UTC offset, which a timestamp without time zone does not take");
    }
    try {
      return checkedTimestamp(text, localDateTime(text, m), precision(column));
    } catch (DateTimeException e) {
      throw outOfRange(text);
    }
  }

  /** A {@code timestamptz(p)}: an offset is required; the result is in UTC. */
  static OffsetDateTime timestamptz(String text, ColumnDef column) {
    Iso iso = Iso.parse(text);
    if (iso != null && iso.offset() != null) {
      try {
        LocalDateTime utc = iso.local().minusSeconds(iso.offset().getTotalSeconds());
        return checkedTimestamp(text, utc, precision(column)).atOffset(ZoneOffset.UTC);
      } catch (DateTimeException e) {
        throw outOfRange(text);
      }
    }
    return timestamptzByPattern(text, column);
  }

  /** {@link #timestamptz} read by the pattern that takes every accepted form. */
  static OffsetDateTime timestamptzByPattern(String text, ColumnDef column) {
    String s = text.strip();
    if (isInfinity(s)) {
      return OffsetDateTime.MAX;
    }
    if (isMinusInfinity(s)) {
      throw minusInfinity();
    }
    Matcher m = match(text, s, "timestamptz");
    if (m.group(9) == null) {
      throw new ValueCastException(
          "'"
              + Abbreviation.of(text)
              + "' has no UTC offset; a timestamptz needs one (e.g. Z or +02:00)");
    }
    ZoneOffset offset;
    try {
      String o = m.group(9);
      offset = o.equalsIgnoreCase("z") ? ZoneOffset.UTC : ZoneOffset.of(normalizeOffset(o));
    } catch (DateTimeException e) {
      throw new ValueCastException(
          "'" + Abbreviation.of(text) + "' has an invalid UTC offset: " + e.getMessage());
    }
    try {
      LocalDateTime utc = localDateTime(text, m).minusSeconds(offset.getTotalSeconds());
      return checkedTimestamp(text, utc, precision(column)).atOffset(ZoneOffset.UTC);
    } catch (DateTimeException e) {
      throw outOfRange(text);
    }
  }

  /** A timestamptz value in UTC (infinities kept), for canonical forms. */
  static OffsetDateTime toUtc(OffsetDateTime value) {
    if (value.equals(OffsetDateTime.MAX) || value.equals(OffsetDateTime.MIN)) {
      return value;
    }
    return value.getOffset().equals(ZoneOffset.UTC)
        ? value
        : value.withOffsetSameInstant(ZoneOffset.UTC);
  }

  // ---- envelope (ISO-8601) forms

  static String isoDate(LocalDate value) {
    if (value.equals(LocalDate.MAX)) {
      return "infinity";
    }
    if (value.equals(LocalDate.MIN)) {
      return "-infinity";
    }
    return value.toString();
  }

  static String isoTime(LocalTime value) {
    return DateTimeFormatter.ISO_LOCAL_TIME.format(value);
  }

  static String isoTimestamp(LocalDateTime value) {
    if (value.equals(LocalDateTime.MAX)) {
      return "infinity";
    }
    if (value.equals(LocalDateTime.MIN)) {
      return "-infinity";
    }
    return ISO_DATE_TIME.format(value);
  }

  static String isoTimestamptz(OffsetDateTime value) {
    if (value.equals(OffsetDateTime.MAX)) {
      return "infinity";
    }
    if (value.equals(OffsetDateTime.MIN)) {
      return "-infinity";
    }
    return ISO_OFFSET.format(toUtc(value));
  }

  // ---- PostgreSQL input forms (text-bound values, array elements)

  static String pgDate(LocalDate value) {
    if (value.equals(LocalDate.MAX)) {
      return "infinity";
    }
    if (value.equals(LocalDate.MIN)) {
      return "-infinity";
    }
    int year = value.getYear();
    String date =
        String.format(
            Locale.ROOT,
            "%04d-%02d-%02d",
            year > 0 ? year : 1 - year,
            value.getMonthValue(),
            value.getDayOfMonth());
    return year > 0 ? date : date + " BC";
  }

  static String pgTime(LocalTime value) {
    String time =
        String.format(
            Locale.ROOT, "%02d:%02d:%02d", value.getHour(), value.getMinute(), value.getSecond());
    int nanos = value.getNano();
    if (nanos == 0) {
      return time;
    }
    String fraction = String.format(Locale.ROOT, "%09d", nanos).replaceAll("0+$", "");
    return time + "." + fraction;
  }

  static String pgTimestamp(LocalDateTime value) {
    if (value.equals(LocalDateTime.MAX)) {
      return "infinity";
    }
    if (value.equals(LocalDateTime.MIN)) {
      return "-infinity";
    }
    String date = pgDate(value.toLocalDate());
    String time = pgTime(value.toLocalTime());
    return date.endsWith(" BC")
        ? date.substring(0, date.length() - 3) + " " + time + " BC"
        : date + " " + time;
  }

  static String pgTimestamptz(OffsetDateTime value) {
    if (value.equals(OffsetDateTime.MAX)) {
      return "infinity";
    }
    if (value.equals(OffsetDateTime.MIN)) {
      return "-infinity";
    }
    String local = pgTimestamp(toUtc(value).toLocalDateTime());
    return local.endsWith(" BC")
        ? local.substring(0, local.length() - 3) + "+00 BC"
        : local + "+00";
  }

  // ---- helpers

  /**
   * The form nearly every timestamp is written in, read without the pattern: {@code YYYY-MM-DD[Tt
   * ]HH:MM:SS}, an optional fraction ({@code .} or {@code ,} and digits) and an optional offset
   * ({@code Z}, {@code z} or {@code ±HH:MM}), nothing around it but white space. {@link #parse}
   * gives null for every other form, and for times the pattern treats specially (24:00:00, leap
   * seconds) or refuses, so those are read by the pattern, with its messages.
   *
   * @param local the date and time as written
   * @param offset the offset, null when none was written
   * @param fractionDigits the digits of the fraction as written (those past 9 are dropped)
   */
  record Iso(LocalDateTime local, ZoneOffset offset, int fractionDigits) {
    static Iso parse(String text) {
      int start = Whitespace.start(text);
      int end = Whitespace.end(text, start);
      if (end - start < 19) {
        return null;
      }
      char separator = text.charAt(start + 10);
      if (text.charAt(start + 4) != '-'
          || text.charAt(start + 7) != '-'
          || (separator != 'T' && separator != 't' && separator != ' ')
          || text.charAt(start + 13) != ':'
          || text.charAt(start + 16) != ':') {
        return null;
      }
      int year = digits(text, start, 4);
      int month = digits(text, start + 5, 2);
      int day = digits(text, start + 8, 2);
      int hour = digits(text, start + 11, 2);
      int minute = digits(text, start + 14, 2);
      int second = digits(text, start + 17, 2);
      if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
        return null;
      }
      if (hour > 23 || minute > 59 || second > 59) {
        return null;
      }
      int i = start + 19;
      int nanos = 0;
      int count = 0;
      if (i < end && (text.charAt(i) == '.' || text.charAt(i) == ',')) {
        for (i++; i < end && isDigit(text.charAt(i)); i++, count++) {
          if (count < 9) {
            nanos = nanos * 10 + (text.charAt(i) - '0');
          }
        }
        if (count == 0) {
          return null;
        }
        for (int k = count; k < 9; k++) {
          nanos *= 10;
        }
      }
      ZoneOffset offset = null;
      if (i < end) {
        char sign = text.charAt(i);
        if ((sign == 'Z' || sign == 'z') && i + 1 == end) {
          offset = ZoneOffset.UTC;
        } else if ((sign == '+' || sign == '-') && i + 6 == end && text.charAt(i + 3) == ':') {
          int hours = digits(text, i + 1, 2);
          int minutes = digits(text, i + 4, 2);
          if (hours < 0 || minutes < 0) {
            return null;
          }
          try {
            offset =
                sign == '-'
                    ? ZoneOffset.ofHoursMinutes(-hours, -minutes)
                    : ZoneOffset.ofHoursMinutes(hours, minutes);
          } catch (DateTimeException e) {
            return null;
          }
        } else {
          return null;
        }
      }
      try {
        return new Iso(
            LocalDate.of(year, month, day).atTime(hour, minute, second, nanos), offset, count);
      } catch (DateTimeException e) {
        return null;
      }
    }

    /** The value of {@code count} ASCII digits at {@code from}, -1 when one is not a digit. */
    private static int digits(String text, int from, int count) {
      int value = 0;
      for (int i = from; i < from + count; i++) {
        char c = text.charAt(i);
        if (!isDigit(c)) {
          return -1;
        }
        value = value * 10 + (c - '0');
      }
      return value;
    }

    private static boolean isDigit(char c) {
      return c >= '0' && c <= '9';
    }
  }

  private static Matcher match(String original, String text, String type) {
    Matcher m = DATE_TIME.matcher(text);
    if (!m.matches()) {
      throw new ValueCastException(
          "'"
              + Abbreviation.of(original)
              + "' is not a "
              + type
              + " (expected ISO-8601, e.g. "
              + (type.equals("date")
                  ? "2024-01-31"
                  : type.equals("timestamptz")
                      ? "2024-01-31T10:00:00.123456Z"
                      : "2024-01-31T10:00:00.123456")
              + ")");
    }
    return m;
  }

  private static LocalDate datePart(String text, Matcher m, String type) {
    long year;
    try {
      year = Long.parseLong(m.group(2));
    } catch (NumberFormatException e) {
      throw new ValueCastException("'" + Abbreviation.of(text) + "' has a year out of range");
    }
    String era = m.group(10);
    boolean negative = "-".equals(m.group(1));
    if (era != null && era.equalsIgnoreCase("BC")) {
      if (negative || year == 0) {
        throw new ValueCastException(
            "'" + Abbreviation.of(text) + "' is not a valid " + type + ": year 0 or signed BC");
      }
      year = 1 - year;
    } else if (negative) {
      year = -year;
    }
    if (year > 999_999_999L || year < -999_999_999L) {
      throw new ValueCastException("'" + Abbreviation.of(text) + "' has a year out of range");
    }
    try {
      return LocalDate.of((int) year, Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)));
    } catch (DateTimeException e) {
      throw new ValueCastException(
          "'" + Abbreviation.of(text) + "' is not a valid " + type + ": " + e.getMessage());
    }
  }

  private static LocalDateTime localDateTime(String text, Matcher m) {
    LocalDate date = datePart(text, m, "timestamp");
    if (m.group(5) == null) {
      return date.atStartOfDay();
    }
    int hour = Integer.parseInt(m.group(5));
    int minute = Integer.parseInt(m.group(6));
    int second = m.group(7) == null ? 0 : Integer.parseInt(m.group(7));
    int nanos = nanos(m.group(8));
    if (hour == 24 && minute == 0 && second == 0 && nanos == 0) {
      return date.plusDays(1).atStartOfDay();
    }
    if (hour > 23 || minute > 59 || second > 60) {
      throw new ValueCastException("'" + Abbreviation.of(text) + "' has an invalid time of day");
    }
    // second 60 (a leap second) rolls over into the next minute, as in PostgreSQL
    return date.atTime(hour, minute, Math.min(second, 59), nanos).plusSeconds(second == 60 ? 1 : 0);
  }

  private static LocalDateTime checkedTimestamp(String text, LocalDateTime value, int precision) {
    LocalDateTime rounded = round(value, precision);
    if (rounded.isBefore(MIN_TIMESTAMP) || !rounded.isBefore(END_TIMESTAMP)) {
      throw outOfRange(text);
    }
    return rounded;
  }

  private static ValueCastException outOfRange(String text) {
    return new ValueCastException(
        "'"
            + Abbreviation.of(text)
            + "' is out of range for timestamp (4714-11-24 BC to 294276-12-31)");
  }

  /**
   * Rounds to {@code precision} fractional digits as PostgreSQL does: half away from zero, where
   * zero is 2000-01-01 (so halves before 2000 round down, from 2000 on up).
   */
  static LocalDateTime round(LocalDateTime value, int precision) {
    long unit = unitNanos(precision);
    long rem = value.getNano() % unit;
    if (rem == 0) {
      return value;
    }
    LocalDateTime floor = value.minusNanos(rem);
    boolean up = value.isBefore(PG_EPOCH) ? rem * 2 > unit : rem * 2 >= unit;
    return up ? floor.plusNanos(unit) : floor;
  }

  private static int precision(ColumnDef column) {
    int p = TypeSpelling.modifier(column.targetSql(), 0, 6);
    return Math.max(0, Math.min(6, p));
  }

  private static long unitNanos(int precision) {
    long unit = 1;
    for (int i = precision; i < 9; i++) {
      unit *= 10;
    }
    return unit;
  }

  private static int nanos(String fraction) {
    if (fraction == null || fraction.isEmpty()) {
      return 0;
    }
    String nine = fraction.length() >= 9 ? fraction.substring(0, 9) : fraction;
    int value = Integer.parseInt(nine);
    for (int i = nine.length(); i < 9; i++) {
      value *= 10;
    }
    return value;
  }

  private static String normalizeOffset(String offset) {
    String digits = offset.substring(1).replace(":", "");
    StringBuilder out = new StringBuilder().append(offset.charAt(0));
    for (int i = 0; i < digits.length(); i += 2) {
      if (i > 0) {
        out.append(':');
      }
      out.append(digits, i, Math.min(i + 2, digits.length()));
    }
    return out.toString();
  }

  private static boolean isInfinity(String s) {
    return s.equalsIgnoreCase("infinity") || s.equalsIgnoreCase("+infinity");
  }

  private static boolean isMinusInfinity(String s) {
    return s.equalsIgnoreCase("-infinity");
  }

  private static ValueCastException minusInfinity() {
    return new ValueCastException(
        "-infinity timestamps are not supported yet (the Vert.x client would write them as"
            + " 4714-11-24 BC)");
  }
}
