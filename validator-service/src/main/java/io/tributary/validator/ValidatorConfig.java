package io.tributary.validator;

import io.quarkus.runtime.configuration.MemorySize;
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
   * The most of its time ({@code 0.05}: 5 %) the validator spends re-reading tables that matched
   * and did not change since: a table whose last validation took {@code d} is re-read no sooner
   * than {@code d / refresh-share} after it (and never sooner than {@link #refresh}), so a table
   * that takes 12 s to checksum is re-read every 4 minutes, not every minute, and a large migration
   * that is only replicating does not keep a core busy. A table whose source or topic changed is
   * validated as before. {@code 1} re-reads every table at {@link #refresh}.
   */
  @WithDefault("0.05")
  double refreshShare();

  /**
   * How long a table that matched and did not change may go without being re-read while another
   * table is still loading ({@code 10m}): its snapshot not done, or apply catching up on it. A
   * load's CPU goes to the load (and to validating the tables it loads), not to re-reading what
   * already matched.
   */
  @WithDefault("10m")
  Duration refreshDuringLoad();

  /**
   * How often a table is counted again while apply lags behind its topic ({@code 15s}): when its
   * last result was {@code PENDING} and apply's stored offsets are still before the topic's end, a
   * run leaves it as it was until this long after its last count. The same for a table {@code
   * PENDING} because its source is being written (a table written all the time is checksummed this
   * often, not on every run). Counting a table that is still loading (the source, and the target
   * with PostgreSQL's parallel workers) can tell no more than that apply is behind, and takes the
   * load's CPU. A table is counted as soon as apply has caught up. {@code 0s} counts on every run.
   */
  @WithDefault("15s")
  Duration lagRecount();

  /**
   * How many messages apply may be behind a table's topic for continuous validation still to
   * checksum the table ({@code 50000}). Further behind (a backlog after a pause or an outage) the
   * table is only counted: its result is {@code PENDING} either way, and the checksums would read
   * every row of both sides with the CPU the catch-up needs.
   */
  @WithDefault("50000")
  long checksumLagLimit();

  /**
   * How far capture of a PostgreSQL source may be behind a read of it, in bytes of WAL between the
   * slot's confirmed position and the read's, for continuous validation still to checksum the table
   * ({@code 256M}; the slot confirms every few seconds, so a source written fast is always some way
   * behind). Further behind, the table is only counted, as with {@code checksum-lag-limit}; a
   * SQLite or Chroma source's change log tells its backlog in changes, compared with that limit.
   */
  @WithDefault("256M")
  MemorySize checksumWalLag();

  /**
   * How often the validator looks, between runs, for tables that were {@code PENDING} because apply
   * lagged and whose apply has caught up since, to validate them at once ({@code 1s}): one query of
   * the control schema and, per such table, its end offsets and apply's; nothing while no table is
   * in that state. The scheduler reads the same property.
   */
  @WithDefault("1s")
  Duration caughtUpPoll();

  /**
   * How long after the last write to a source a difference may still be in flight through capture
   * ({@code 5s}): a difference seen while the source was written within this time before the run
   * started (or during it) is reported {@code PENDING}, not {@code MISMATCH}. A SQLite source's
   * last write is its file's (or write-ahead log's) modification time; a PostgreSQL table's is when
   * the validator saw its write counters ({@code TableActivity}) or its rows change.
   */
  @WithDefault("5s")
  Duration sourceSettle();

  /**
   * How long a validation that found a difference, with apply caught up, waits for capture to
   * confirm the position the source was read at ({@code 2s}). Matters for PostgreSQL sources: a
   * slot confirms at capture's next heartbeat ({@code tributary.capture.heartbeat-interval}, 5 s),
   * so a wait a little longer than that tells every real difference as {@code MISMATCH} on the run
   * that sees it, at the cost of holding that run; shorter waits tell it on a later run, or after
   * the settle time.
   */
  @WithDefault("2s")
  Duration alignWait();

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

  /**
   * The longest a read or write of the control schema (a migration's state, its tables, a result
   * recorded) may take before it fails with an error naming this setting, rather than hold a
   * thread, and a REST call, for as long as the database does not answer.
   */
  @WithDefault("60s")
  Duration databaseTimeout();

  /** The longest a Kafka metadata or offsets request may take before the lag counts as unknown. */
  @WithDefault("10s")
  Duration kafkaTimeout();

  /**
   * False turns the scheduled validation off; {@code POST /validations/{migration}} still works.
   */
  @WithDefault("true")
  boolean enabled();

  /** Deep and final validation: {@code tributary.validator.deep.*}. */
  Deep deep();

  /** Validation in reverse during a fallback window: {@code tributary.validator.reverse.*}. */
  Reverse reverse();

  /**
   * How the rows a fallback window writes back into the sources are compared with the target's
   * while the window is open (migration {@code CUT_OVER}): only the rows written back since the
   * table's last such comparison, looked up by key, so a fallback's gate under the freeze has only
   * the rows written back after the last round to compare.
   */
  interface Reverse {
    /**
     * How often a round runs ({@code 30s}); a fallback runs one more before its freeze. {@code 0s}
     * turns the schedule off (the fallback's own round still runs).
     */
    @WithDefault("30s")
    Duration interval();

    /**
     * How long a round that found a difference waits for the write-back to pass the target's
     * position after the comparison ({@code 30s}), to tell a row the target changed again since
     * (compared in the next round) from a real difference ({@code MISMATCH}). Past it the table's
     * result is {@code PENDING} and its rows are compared again next time.
     */
    @WithDefault("30s")
    Duration settleWait();
  }

  /**
   * How deep and final validations (requested in {@code tributary.validation_requests}) bound their
   * work: see {@link io.tributary.validator.diff.TableDiffer}.
   */
  interface Deep {
    /**
     * How often the validator looks for new requests ({@code 50ms}): a cutover's final validation
     * waits this long at most to start while the applications' writes are held. Each look is one
     * claim on the partial index of open requests.
     */
    @WithDefault("50ms")
    Duration poll();

    /**
     * A mismatching key-hash range with at most this many rows a side is compared row by row;
     * bigger ones are split further ({@code 64}).
     */
    @WithDefault("64")
    int leafRows();

    /** The most ranges checksummed in one pass, 24 bytes each a side ({@code 262144}). */
    @WithDefault("262144")
    int maxRanges();

    /** The most rows a side held in memory to compare row by row, per batch ({@code 50000}). */
    @WithDefault("50000")
    int rowBudget();

    /**
     * The most row-by-row batches (one read of each side each); beyond, differences are only
     * counted from range row counts and the result says it is incomplete ({@code 8}).
     */
    @WithDefault("8")
    int maxRowPasses();

    /** The most differences stored per table and validation ({@code 1000}); all are counted. */
    @WithDefault("1000")
    int maxListed();

    /** The most differences included in each result published on the topic ({@code 20}). */
    @WithDefault("20")
    int published();

    /**
     * The share of time a read of every row reads ({@code 1}: always): a row-by-row comparison's
     * sides, and a whole-table checksum hashed here (a PostgreSQL source's, read through its view;
     * a target table whose column types the database cannot hash canonically). Below 1 each read
     * pauses after every 2,000 rows for as long as leaves the rest of the time to others — at
     * {@code 0.5} it takes about twice as long and leaves half the CPU (of this process and of the
     * databases serving its reads) to the applications. For a source on the machine that runs
     * Tributary, whose writers otherwise fall behind while a precutover verification reads every
     * row. Sums done in the database are one statement each, not paced. Above 0, at most 1.
     */
    @WithDefault("1")
    double dutyCycle();
  }
}
