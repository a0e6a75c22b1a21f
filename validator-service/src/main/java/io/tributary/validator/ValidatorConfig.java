package io.tributary.validator;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the continuous validator, under {@code tributary.validator.*}. */
@ConfigMapping(prefix = "tributary.validator")
public interface ValidatorConfig {

  /**
   * How often every table of every active migration is validated ({@code 5s} by default). The
   * scheduler reads the same property; a run still going when the next is due makes that next one
   * skipped, never overlapped.
   */
  @WithDefault("5s")
  Duration interval();

  /**
   * The longest a result may go without being recorded again ({@code 60s}): a table that matched
   * and whose source and topic did not change is not re-read until then, and an unchanged result is
   * re-recorded (control schema and topic) at least this often, as a heartbeat.
   */
  @WithDefault("60s")
  Duration refresh();

  /**
   * How long after the last write to a source a difference may still be in flight through capture
   * ({@code 5s}): a difference seen while the source was written within this time before the run
   * started (or during it) is reported {@code PENDING}, not {@code MISMATCH}. A SQLite source's
   * last write is its file's (or write-ahead log's) modification time; a PostgreSQL table's is when
   * the validator saw its write counters ({@link TableActivity}) or its rows change.
   */
  @WithDefault("5s")
  Duration sourceSettle();

  /**
   * The consumer group of apply, whose committed offsets in {@code tributary.apply_offsets} give
   * the lag.
   */
  @WithDefault("tributary-apply")
  String applyGroup();

  /** Rows fetched per round trip when streaming a target (or PostgreSQL source) table. */
  @WithDefault("1000")
  int fetchSize();

  /**
   * Connections the validator keeps to each PostgreSQL source ({@code 2}): it reads one table at a
   * time.
   */
  @WithDefault("2")
  int sourceConnections();

  /**
   * The longest one table's target-side read (counts or checksum) may take before it fails; the
   * same bounds each read of a PostgreSQL source table.
   */
  @WithDefault("10m")
  Duration queryTimeout();

  /** The longest a Kafka metadata or offsets request may take before the lag counts as unknown. */
  @WithDefault("10s")
  Duration kafkaTimeout();

  /**
   * False turns the scheduled validation off; {@code POST /validations/{migration}} still works.
   */
  @WithDefault("true")
  boolean enabled();
}
