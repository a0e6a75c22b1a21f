package io.tributary.common.value;

import io.tributary.common.catalog.ColumnDef;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;

/**
 * {@code timestamp} and {@code timestamptz} values read from text: the common ISO form without the
 * pattern ({@link IsoDateTime}), every other accepted form by {@link DateTimePattern}; checked
 * against PostgreSQL's range and rounded to the column's precision as PostgreSQL rounds ({@code
 * timestamp(3)}: half away from zero around 2000-01-01).
 *
 * <p>Infinities: {@code infinity} timestamps are LocalDateTime.MAX and OffsetDateTime.MAX (as the
 * Vert.x client binds and reads them). {@code -infinity} timestamps are refused: the Vert.x client
 * would write them as 4714-11-24 BC.
 */
final class TimestampValues {
  /** PostgreSQL's timestamp range: 4714-11-24 00:00 BC to 294276-12-31 23:59:59.999999. */
  private static final LocalDateTime MIN_TIMESTAMP = DateAndTimeValues.MIN_DATE.atStartOfDay();

  private static final LocalDateTime END_TIMESTAMP = LocalDate.of(294277, 1, 1).atStartOfDay();

  private TimestampValues() {}

  /** A {@code timestamp(p)} (without time zone): no offset allowed. */
  static LocalDateTime timestamp(String text, ColumnDef column) {
    IsoDateTime iso = IsoDateTime.parse(text);
    if (iso != null && iso.offset() == null) {
      try {
        return checkedTimestamp(text, iso.local(), TemporalPrecision.of(column));
      } catch (DateTimeException e) {
        throw outOfRange(text);
      }
    }
    return timestampByPattern(text, column);
  }

  /** {@link #timestamp} read by the pattern that takes every accepted form. */
  static LocalDateTime timestampByPattern(String text, ColumnDef column) {
    String s = text.strip();
    if (DateTimePattern.isInfinity(s)) {
      return LocalDateTime.MAX;
    }
    if (DateTimePattern.isMinusInfinity(s)) {
      throw minusInfinity();
    }
    Matcher m = DateTimePattern.match(text, s, "timestamp");
    if (m.group(DateTimePattern.OFFSET) != null) {
      throw new ValueCastException(
          "'"
              + Abbreviation.of(text)
              + "' has a UTC offset, which a timestamp without time zone does not take");
    }
    try {
      return checkedTimestamp(
          text, DateTimePattern.localDateTime(text, m), TemporalPrecision.of(column));
    } catch (DateTimeException e) {
      throw outOfRange(text);
    }
  }

  /** A {@code timestamptz(p)}: an offset is required; the result is in UTC. */
  static OffsetDateTime timestamptz(String text, ColumnDef column) {
    IsoDateTime iso = IsoDateTime.parse(text);
    if (iso != null && iso.offset() != null) {
      try {
        LocalDateTime utc = iso.local().minusSeconds(iso.offset().getTotalSeconds());
        return checkedTimestamp(text, utc, TemporalPrecision.of(column)).atOffset(ZoneOffset.UTC);
      } catch (DateTimeException e) {
        throw outOfRange(text);
      }
    }
    return timestamptzByPattern(text, column);
  }

  /** {@link #timestamptz} read by the pattern that takes every accepted form. */
  static OffsetDateTime timestamptzByPattern(String text, ColumnDef column) {
    String s = text.strip();
    if (DateTimePattern.isInfinity(s)) {
      return OffsetDateTime.MAX;
    }
    if (DateTimePattern.isMinusInfinity(s)) {
      throw minusInfinity();
    }
    Matcher m = DateTimePattern.match(text, s, "timestamptz");
    String o = m.group(DateTimePattern.OFFSET);
    if (o == null) {
      throw new ValueCastException(
          "'"
              + Abbreviation.of(text)
              + "' has no UTC offset; a timestamptz needs one (e.g. Z or +02:00)");
    }
    ZoneOffset offset;
    try {
      offset =
          o.equalsIgnoreCase("z")
              ? ZoneOffset.UTC
              : ZoneOffset.of(DateTimePattern.normalizeOffset(o));
    } catch (DateTimeException e) {
      throw new ValueCastException(
          "'" + Abbreviation.of(text) + "' has an invalid UTC offset: " + e.getMessage());
    }
    try {
      LocalDateTime utc =
          DateTimePattern.localDateTime(text, m).minusSeconds(offset.getTotalSeconds());
      return checkedTimestamp(text, utc, TemporalPrecision.of(column)).atOffset(ZoneOffset.UTC);
    } catch (DateTimeException e) {
      throw outOfRange(text);
    }
  }

  /**
   * The {@code timestamptz} value the casting rules give an ISO-8601 source text ({@link
   * SourceCasts}: read, moved to UTC, printed canonically and read back by {@link #timestamptz}),
   * without the printing and second reading; null when the text is not in that form, its year (in
   * UTC) is outside 1 to 9999, or the value would be refused — the full path then decides, and says
   * why.
   */
  static OffsetDateTime timestamptzFromIso(String text, ColumnDef column) {
    IsoDateTime iso = IsoDateTime.parse(text.strip());
    if (iso == null || iso.fractionDigits() > 9) {
      return null;
    }
    try {
      LocalDateTime utc =
          iso.offset() == null
              ? iso.local()
              : iso.local()
                  .atOffset(iso.offset())
                  .withOffsetSameInstant(ZoneOffset.UTC)
                  .toLocalDateTime();
      if (utc.getYear() < 1 || utc.getYear() > 9999) {
        return null;
      }
      LocalDateTime rounded = TemporalPrecision.round(utc, TemporalPrecision.of(column));
      if (rounded.isBefore(MIN_TIMESTAMP) || !rounded.isBefore(END_TIMESTAMP)) {
        return null;
      }
      return rounded.atOffset(ZoneOffset.UTC);
    } catch (DateTimeException e) {
      return null;
    }
  }

  private static LocalDateTime checkedTimestamp(String text, LocalDateTime value, int precision) {
    LocalDateTime rounded = TemporalPrecision.round(value, precision);
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

  private static ValueCastException minusInfinity() {
    return new ValueCastException(
        "-infinity timestamps are not supported yet (the Vert.x client would write them as"
            + " 4714-11-24 BC)");
  }
}
