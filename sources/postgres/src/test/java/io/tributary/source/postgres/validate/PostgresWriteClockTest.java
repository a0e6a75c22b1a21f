package io.tributary.source.postgres.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.source.spi.validate.SourceSide;
import io.tributary.source.spi.validate.TableActivity;
import io.tributary.source.spi.validate.TableKey;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PostgresWriteClockTest {
  private static final TableKey KEY = new TableKey("m", "letta", "user");
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final TableActivity QUIET = new TableActivity(10, 2, 1, 9);

  private final PostgresWriteClock clock = new PostgresWriteClock();

  private Instant at(int seconds) {
    return T0.plusSeconds(seconds);
  }

  @Test
  @DisplayName("The first look counts as a write; unchanged looks keep its time")
  void firstLookThenQuiet() {
    assertThat(clock.lastWrite(KEY, QUIET, new SourceSide(9, 0L, "aa"), at(0))).isEqualTo(at(0));
    assertThat(clock.lastWrite(KEY, QUIET, new SourceSide(9, 0L, "aa"), at(5))).isEqualTo(at(0));
    assertThat(clock.lastWrite(KEY, QUIET, SourceSide.counted(9), at(10))).isEqualTo(at(0));
    assertThat(
            clock.lastWrite(
                new TableKey("m", "letta", "other"), QUIET, SourceSide.counted(9), at(10)))
        .as("per table")
        .isEqualTo(at(10));
  }

  @Test
  @DisplayName("Changed counters, row count or checksum are a write seen at that look")
  void changes() {
    clock.lastWrite(KEY, QUIET, new SourceSide(9, 0L, "aa"), at(0));
    assertThat(
            clock.lastWrite(
                KEY, new TableActivity(10, 3, 1, 9), new SourceSide(9, 0L, "aa"), at(5)))
        .as("counters")
        .isEqualTo(at(5));
    TableActivity now = new TableActivity(10, 3, 1, 9);
    assertThat(clock.lastWrite(KEY, now, new SourceSide(9, 0L, "bb"), at(10)))
        .as("checksum, counters not yet published")
        .isEqualTo(at(10));
    assertThat(clock.lastWrite(KEY, now, SourceSide.counted(10), at(15)))
        .as("row count")
        .isEqualTo(at(15));
    assertThat(clock.lastWrite(KEY, null, SourceSide.counted(10), at(20)))
        .as("counters unreadable")
        .isEqualTo(at(20));
  }

  @Test
  @DisplayName("A count-only look keeps the last checksum, so a later change of values is seen")
  void countOnlyKeepsChecksum() {
    clock.lastWrite(KEY, QUIET, new SourceSide(9, 0L, "aa"), at(0));
    clock.lastWrite(KEY, QUIET, SourceSide.counted(9), at(5));
    assertThat(clock.lastWrite(KEY, QUIET, new SourceSide(9, 0L, "bb"), at(10))).isEqualTo(at(10));
  }
}
