package io.tributary.common.value;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * {@code date}, {@code time}, {@code timestamp} and {@code timestamptz} values written as text: in
 * the envelope's ISO-8601 form and in PostgreSQL's input form ({@code 0044-03-15 BC}, {@code
 * 2024-01-31 10:00:00.5+00}), with {@code infinity}/{@code -infinity} for the infinities.
 */
final class TemporalText {
  private static final DateTimeFormatter ISO_DATE_TIME = DateTimeFormatter.ISO_LOCAL_DATE_TIME;
  private static final DateTimeFormatter ISO_OFFSET = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

  private TemporalText() {}

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
}
