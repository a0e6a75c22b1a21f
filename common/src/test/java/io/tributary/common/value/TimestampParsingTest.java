package io.tributary.common.value;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TargetType;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The common ISO form is read without the pattern ({@link IsoDateTime}); every text must give what
 * the pattern gives: the same value, or a refusal with the same message.
 */
class TimestampParsingTest {
  private static final String[] DATES = {
    "2024-01-31",
    "2024-02-29",
    "2023-02-29",
    "0000-01-01",
    "9999-12-31",
    "2024-13-01",
    "2024-1-05",
    "12024-01-01",
    "2024-00-10",
    "2024-04-31",
    "20x4-01-01"
  };
  private static final String[] SEPARATORS = {"T", "t", " ", "  ", "_", ""};
  private static final String[] TIMES = {
    "10:00:00",
    "23:59:59",
    "00:00:00",
    "24:00:00",
    "23:59:60",
    "24:00:01",
    "9:05:07",
    "10:61:00",
    "10:00",
    "1a:00:00"
  };
  private static final String[] FRACTIONS = {
    "",
    ".5",
    ",5",
    ".123456",
    ".1234565",
    ".999999",
    ".9999995",
    ".123456789",
    ".1234567891234",
    ".",
    ".12a"
  };
  private static final String[] OFFSETS = {
    "",
    "Z",
    "z",
    "+02:00",
    "-05:30",
    "+00:00",
    "-00:30",
    "+18:00",
    "+19:00",
    "+05:75",
    "+0530",
    "+05",
    " Z",
    "Zz",
    "+05:30:00",
    " BC",
    "+02:00 BC",
    "-"
  };
  private static final String[] AROUND = {"", " ", "\t", "\n "};

  @Test
  void theFastReadingAgreesWithThePatternOnEveryText() {
    Random random = new Random(11);
    int read = 0;
    for (int i = 0; i < 60_000; i++) {
      String around = pick(random, AROUND);
      String text =
          around
              + pick(random, DATES)
              + pick(random, SEPARATORS)
              + pick(random, TIMES)
              + pick(random, FRACTIONS)
              + pick(random, OFFSETS)
              + pick(random, AROUND);
      for (int precision : new int[] {0, 3, 6}) {
        ColumnDef tz = column(TargetType.TIMESTAMPTZ, "timestamptz(" + precision + ")");
        ColumnDef plain = column(TargetType.TIMESTAMP, "timestamp(" + precision + ")");
        assertThat(outcome(t -> TimestampValues.timestamptz(t, tz), text))
            .as(text + " as " + tz.targetSql())
            .isEqualTo(outcome(t -> TimestampValues.timestamptzByPattern(t, tz), text));
        assertThat(outcome(t -> TimestampValues.timestamp(t, plain), text))
            .as(text + " as " + plain.targetSql())
            .isEqualTo(outcome(t -> TimestampValues.timestampByPattern(t, plain), text));
      }
      if (IsoDateTime.parse(text) != null) {
        read++;
      }
    }
    assertThat(read).as("texts the fast reading took").isGreaterThan(600);
  }

  @Test
  void sourceTextIsReadAsThePatternReadsIt() {
    Random random = new Random(13);
    for (int i = 0; i < 60_000; i++) {
      String text =
          (pick(random, DATES)
                  + pick(random, SEPARATORS)
                  + pick(random, TIMES)
                  + pick(random, FRACTIONS)
                  + pick(random, OFFSETS))
              .strip();
      assertThat(outcome(SourceCasts::fromText, text))
          .as(text)
          .isEqualTo(outcome(SourceCasts::fromTextByPattern, text));
    }
  }

  @Test
  void timestampsAreWrittenAsTheFormatterWritesThem() {
    DateTimeFormatter formatter = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS");
    Random random = new Random(17);
    for (int i = 0; i < 20_000; i++) {
      LocalDateTime t =
          LocalDateTime.of(
              random.nextInt(12_000) - 1_000,
              1 + random.nextInt(12),
              1 + random.nextInt(28),
              random.nextInt(24),
              random.nextInt(60),
              random.nextInt(60),
              random.nextBoolean() ? random.nextInt(1_000_000_000) : random.nextInt(10) * 1000);
      assertThat(SourceCasts.isoOut(t)).as(t.toString()).isEqualTo(formatter.format(t));
    }
    for (int year : new int[] {-1, 0, 9999, 10000}) {
      LocalDateTime t = LocalDateTime.of(year, 1, 1, 0, 0);
      assertThat(SourceCasts.isoOut(t)).isEqualTo(formatter.format(t));
    }
  }

  private static String pick(Random random, String[] options) {
    return options[random.nextInt(options.length)];
  }

  private static ColumnDef column(TargetType type, String sql) {
    return new ColumnDef("t", "TEXT", "t", type, 0, true, sql, null, null);
  }

  private static String outcome(Function<String, Object> read, String text) {
    try {
      return "value " + read.apply(text);
    } catch (ValueCastException e) {
      return "refused " + e.getMessage();
    }
  }
}
