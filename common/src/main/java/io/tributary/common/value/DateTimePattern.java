package io.tributary.common.value;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pattern that takes every accepted date and timestamp form: ISO-8601 (astronomical years:
 * {@code 0000} is 1 BC, {@code -0043} is 44 BC) and PostgreSQL's own output ({@code 2024-01-31
 * 10:00:00.5+00}, {@code 0044-03-15 BC}), and the reading of its parts, with the refusals'
 * messages.
 */
final class DateTimePattern {
  private static final Pattern DATE_TIME =
      Pattern.compile(
          "([+-]?)(\\d{4,})-(\\d{1,2})-(\\d{1,2})"
              + "(?:[Tt ](\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d+))?)?"
              + "\\s*([Zz]|[+-]\\d{2}(?::?\\d{2}(?::?\\d{2})?)?)?)?"
              + "(?:\\s+([AaBb][CcDd]))?");

  /** The group of the time of day's hour; null when only a date is written. */
  static final int HOUR = 5;

  /** The group of the UTC offset; null when none is written. */
  static final int OFFSET = 9;

  private DateTimePattern() {}

  /** {@code text} (the stripped {@code original}) matched, or refused as not a {@code type}. */
  static Matcher match(String original, String text, String type) {
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

  /** The date written, with its era and sign. */
  static LocalDate datePart(String text, Matcher m, String type) {
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

  /** The date and time written, without its offset (24:00:00 and leap seconds rolled over). */
  static LocalDateTime localDateTime(String text, Matcher m) {
    LocalDate date = datePart(text, m, "timestamp");
    if (m.group(HOUR) == null) {
      return date.atStartOfDay();
    }
    int hour = Integer.parseInt(m.group(HOUR));
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

  /** The nanoseconds of a fraction's digits (those past 9 dropped); 0 for none. */
  static int nanos(String fraction) {
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

  /** An offset as written ({@code +05}, {@code +0530}) in the form {@code ZoneOffset.of} takes. */
  static String normalizeOffset(String offset) {
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

  static boolean isInfinity(String s) {
    return s.equalsIgnoreCase("infinity") || s.equalsIgnoreCase("+infinity");
  }

  static boolean isMinusInfinity(String s) {
    return s.equalsIgnoreCase("-infinity");
  }
}
