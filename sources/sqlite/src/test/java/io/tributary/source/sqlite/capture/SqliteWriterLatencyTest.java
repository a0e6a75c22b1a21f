package io.tributary.source.sqlite.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.testing.ConcurrentWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The capture must not hold up the application: a writer commits a change every 2 ms while the task
 * snapshots 80,000 rows and streams; every write's duration (lock waits included) is recorded.
 */
class SqliteWriterLatencyTest {
  private static final Logger LOG = LoggerFactory.getLogger(SqliteWriterLatencyTest.class);

  @TempDir Path dir;

  @ParameterizedTest(name = "journal mode {0}")
  @ValueSource(strings = {"WAL", "DELETE"})
  @DisplayName(
      "A concurrent writer is never held up long while the task snapshots and streams, and nothing is lost")
  void writerIsNotHeldUp(String mode) throws Exception {
    Path file = dir.resolve("legacy-" + mode + ".db");
    int rows = 20_000;
    ConcurrentWriter.createDatabase(file, mode, rows);
    Path baseline = dir.resolve("baseline-" + mode + ".db");
    ConcurrentWriter.createDatabase(baseline, mode, rows);
    try (ConcurrentWriter alone =
        ConcurrentWriter.start(
            baseline, rows, Duration.ofMillis(2), 2000, Duration.ofSeconds(30))) {
      alone.awaitDone(Duration.ofSeconds(60));
      LOG.info("Journal mode {}, without capture: writer {}", mode, alone.summary());
    }
    // trimming as often as by default (the harness trims on every poll otherwise)
    TaskHarness harness =
        new TaskHarness(file, Map.of(SqliteConnectorConfig.TRIM_INTERVAL_MS, "5000"), null);
    long started = System.nanoTime();
    try (ConcurrentWriter writer =
        ConcurrentWriter.start(file, rows, Duration.ofMillis(2), 4000, Duration.ofSeconds(30))) {
      while (!writer.isDone()) {
        harness.pollOnce();
      }
      long records = harness.drain().size() + harness.delivered.size();
      double seconds = (System.nanoTime() - started) / 1e9;
      LOG.info(
          "Journal mode {}: writer {}; task delivered {} records in {} s",
          mode,
          writer.summary(),
          harness.delivered.size(),
          String.format("%.1f", seconds));
      assertThat(records).isPositive();
      assertThat(writer.failures()).isEmpty();
      assertThat(writer.committed()).isGreaterThan(1000);
      assertThat(writer.maxBlockedMillis()).isLessThan(500);
    } finally {
      harness.stop();
    }
    assertThat(harness.differencesFromSource()).isEmpty();
  }
}
