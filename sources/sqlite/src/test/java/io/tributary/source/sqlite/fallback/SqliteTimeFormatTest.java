package io.tributary.source.sqlite.fallback;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.value.ValueCodec;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqliteTimeFormatTest {
  private static final ColumnDef TIMESTAMPTZ =
      new ColumnDef("at", "TEXT", "at", TargetType.TIMESTAMPTZ, 0, true);
  private static final OffsetDateTime WHOLE =
      OffsetDateTime.of(2025, 3, 9, 14, 5, 7, 0, ZoneOffset.UTC);
  private static final OffsetDateTime MILLIS = WHOLE.withNano(250_000_000);
  private static final OffsetDateTime MICROS = WHOLE.withNano(250_125_000);

  @ParameterizedTest(name = "{0} → {1}")
  @DisplayName("A column's text form is kept: separator, seconds, fraction and zone as it writes")
  @CsvSource(
      delimiter = '|',
      value = {
        "2024-05-01 10:00:00           | 2025-03-09 14:05:07           | 2025-03-09 14:05:07.250",
        "2024-05-01T10:00:00.123Z      | 2025-03-09T14:05:07.000Z      | 2025-03-09T14:05:07.250Z",
        "2024-05-01T10:00:00.123456+00:00 | 2025-03-09T14:05:07.000000+00:00 | 2025-03-09T14:05:07.250000+00:00",
        "2024-05-01T10:00:00+02:00     | 2025-03-09T14:05:07+00:00     | 2025-03-09T14:05:07.250+00:00",
        "2024-05-01 10:00:00+0000      | 2025-03-09 14:05:07+0000      | 2025-03-09 14:05:07.250+0000",
        "2024-05-01 10:00:00 UTC       | 2025-03-09 14:05:07 UTC       | 2025-03-09 14:05:07.250 UTC",
        "2024-05-01 10:00              | 2025-03-09 14:05:07           | 2025-03-09 14:05:07.250",
        "2024-05-01T10:00:00.5+00      | 2025-03-09T14:05:07+00        | 2025-03-09T14:05:07.25+00",
      })
  void textForms(String sample, String whole, String millis) {
    SqliteTimeFormat format = SqliteTimeFormat.detect(List.of(sample));
    assertThat(format.format(WHOLE)).isEqualTo(whole);
    assertThat(format.format(MILLIS)).isEqualTo(millis);
    assertRoundTrip(format, WHOLE);
    assertRoundTrip(format, MILLIS);
    assertRoundTrip(format, MICROS);
  }

  @Test
  @DisplayName(
      "A fraction is never cut below what the value needs: a column of milliseconds gets six"
          + " digits for a value with microseconds")
  void fractionNeverLosesPrecision() {
    SqliteTimeFormat millis = SqliteTimeFormat.detect(List.of("2024-05-01T10:00:00.123Z"));
    assertThat(millis.format(MICROS)).isEqualTo("2025-03-09T14:05:07.250125Z");
  }

  @Test
  @DisplayName(
      "Samples with and without a fraction (Python's isoformat) write one only when the value"
          + " has one; fractions of varying length (PostgreSQL's output) are written trimmed")
  void fractionPolicies() {
    SqliteTimeFormat python =
        SqliteTimeFormat.detect(
            List.of("2024-05-01T10:00:00.123456+00:00", "2024-05-01T10:00:01+00:00"));
    assertThat(python.format(WHOLE)).isEqualTo("2025-03-09T14:05:07+00:00");
    assertThat(python.format(MILLIS)).isEqualTo("2025-03-09T14:05:07.250000+00:00");
    SqliteTimeFormat trimmed =
        SqliteTimeFormat.detect(List.of("2024-05-01 10:00:00.5+00", "2024-05-01 10:00:00.25+00"));
    assertThat(trimmed.format(MILLIS)).isEqualTo("2025-03-09 14:05:07.25+00");
    assertThat(trimmed.format(WHOLE)).isEqualTo("2025-03-09 14:05:07+00");
  }

  @Test
  @DisplayName("Numbers: Unix seconds or milliseconds as integers, reals and Julian days")
  void numericForms() {
    long seconds = WHOLE.toEpochSecond();
    assertThat(SqliteTimeFormat.detect(List.of(1_714_557_600L)).format(WHOLE)).isEqualTo(seconds);
    assertThat(SqliteTimeFormat.detect(List.of(1_714_557_600_123L)).format(MILLIS))
        .isEqualTo(seconds * 1000 + 250);
    assertThat(SqliteTimeFormat.detect(List.of(1_714_557_600L)).format(MILLIS))
        .isEqualTo(seconds + 0.25);
    assertThat(SqliteTimeFormat.detect(List.of("1714557600")).format(WHOLE))
        .isEqualTo(Long.toString(seconds));
    assertThat(SqliteTimeFormat.detect(List.of(1_714_557_600.5)).format(MILLIS))
        .isEqualTo(seconds + 0.25);
    Object julian = SqliteTimeFormat.detect(List.of(2_460_432.5)).format(WHOLE);
    assertThat(julian).isInstanceOf(Double.class);
    for (Object sample : List.<Object>of(1_714_557_600L, 1_714_557_600_123L, 1_714_557_600.5)) {
      SqliteTimeFormat format = SqliteTimeFormat.detect(List.of(sample));
      assertRoundTrip(format, WHOLE);
      assertRoundTrip(format, MILLIS);
      assertRoundTrip(format, MICROS);
    }
  }

  @Test
  @DisplayName(
      "A column with nothing to sample gets datetime()'s form; dates alone stay dates alone")
  void defaultsAndDates() {
    assertThat(SqliteTimeFormat.detect(List.of()).format(WHOLE)).isEqualTo("2025-03-09 14:05:07");
    assertThat(SqliteTimeFormat.DEFAULT.format(MILLIS)).isEqualTo("2025-03-09 14:05:07.250");
    assertThat(SqliteTimeFormat.DEFAULT.format(LocalDate.of(2025, 3, 9))).isEqualTo("2025-03-09");
    SqliteTimeFormat dates = SqliteTimeFormat.detect(List.of("2024-05-01"));
    assertThat(dates.format(LocalDate.of(2025, 3, 9))).isEqualTo("2025-03-09");
    assertThat(dates.format(WHOLE)).isEqualTo("2025-03-09 14:05:07");
    SqliteTimeFormat times = SqliteTimeFormat.detect(List.of("2024-05-01T10:00:00Z"));
    assertThat(times.format(LocalDate.of(2025, 3, 9))).isEqualTo("2025-03-09T00:00:00Z");
    assertThat(times.format(LocalDateTime.of(2025, 3, 9, 14, 5, 7)))
        .isEqualTo("2025-03-09T14:05:07Z");
    assertThat(times.format(OffsetDateTime.MAX)).isEqualTo("infinity");
  }

  @Test
  @DisplayName("The most recent sample decides; values in no known form are passed over")
  void firstKnownSampleDecides() {
    SqliteTimeFormat format =
        SqliteTimeFormat.detect(List.of("yesterday", "2024-05-01T10:00:00Z", 1_714_557_600L));
    assertThat(format.format(WHOLE)).isEqualTo("2025-03-09T14:05:07Z");
  }

  @Test
  @DisplayName("An offset other than UTC is written back as UTC in the same style")
  void offsetsAreUtc() {
    SqliteTimeFormat format = SqliteTimeFormat.detect(List.of("2024-05-01T12:00:00+02:00"));
    assertThat(format.format(OffsetDateTime.of(2025, 3, 9, 16, 5, 7, 0, ZoneOffset.ofHours(2))))
        .isEqualTo("2025-03-09T14:05:07+00:00");
  }

  /** Capture reads the written value back as the same instant. */
  private static void assertRoundTrip(SqliteTimeFormat format, OffsetDateTime value) {
    Object written = format.format(value);
    assertThat(ValueCodec.fromSource(written, TIMESTAMPTZ))
        .as("%s written as %s", value, written)
        .isEqualTo(value);
  }
}
