package io.tributary.source.sqlite.capture;

import io.tributary.source.spi.capture.ChunkWriter;
import io.tributary.source.sqlite.connect.SqliteConnections;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * Configuration of the SQLite source connector. Every key has a type, a default where one makes
 * sense, a validator and a description, as Kafka Connect expects.
 */
public final class SqliteConnectorConfig extends AbstractConfig {
  /** The SQLite database file, absolute. */
  public static final String PATH = "sqlite.path";

  /** The migration this capture belongs to (part of topic names and offsets). */
  public static final String MIGRATION = "tributary.migration";

  /** The plan's source name (part of topic names and offsets). */
  public static final String SOURCE = "tributary.source";

  /** The target schema of the source's tables (recorded in the catalog). */
  public static final String TARGET_SCHEMA = "tributary.target.schema";

  /**
   * The tables to capture, as a JSON array of catalog entries ({@code TableDef}) recorded at
   * provisioning; empty: every table of the file, read from its catalog.
   */
  public static final String TABLES = "tributary.tables";

  /**
   * Tables to read again, as a new snapshot generation, while the others stream on: {@code
   * topic=request,...} (the request an id the offset remembers, so a restarted task reads a table
   * again only once per request).
   */
  public static final String RESYNC = "tributary.resync";

  /**
   * True when a fallback installed the change capture again while the target held every row:
   * without a stored offset the task takes no snapshot and streams the change log from its start.
   */
  public static final String STREAM_ONLY = "tributary.stream.only";

  /** Rows delivered per snapshot poll; bounds the connector's memory. */
  public static final String SNAPSHOT_FETCH_SIZE = "snapshot.fetch.size";

  /**
   * Whether the next snapshot chunk is read while the engine publishes the one before (one chunk
   * ahead, on the task's own thread).
   */
  public static final String SNAPSHOT_READ_AHEAD = "snapshot.read.ahead";

  /** The size a snapshot chunk is closed at, in bytes of binary {@code COPY} rows. */
  public static final String SNAPSHOT_CHUNK_BYTES = "snapshot.chunk.bytes";

  /** The largest row a snapshot chunk may carry, alone, in bytes of binary {@code COPY}. */
  public static final String SNAPSHOT_MAX_ROW_BYTES = "snapshot.max.row.bytes";

  /** How long one snapshot read may hold its read transaction. */
  public static final String SNAPSHOT_MAX_READ_MS = "snapshot.max.read.ms";

  /** How long poll() waits when there is nothing to read. */
  public static final String POLL_INTERVAL_MS = "poll.interval.ms";

  /** How long a read waits for a writer's lock before failing. */
  public static final String BUSY_TIMEOUT_MS = "sqlite.busy.timeout.ms";

  /** The topic that receives capture progress (snapshot of a table completed). */
  public static final String PROGRESS_TOPIC = "progress.topic";

  /** Change-log entries read per streaming read transaction. */
  public static final String STREAM_BATCH_SIZE = "stream.batch.size";

  /** How long a streaming read may hold a rollback-journal file's read lock. */
  public static final String STREAM_MAX_READ_MS = "stream.max.read.ms";

  /** How often the change log is trimmed up to what Kafka acknowledged. */
  public static final String TRIM_INTERVAL_MS = "trim.interval.ms";

  public static final String STALE_CONSUMER_AFTER_MS = "stale.consumer.after.ms";

  /** Change-log entries deleted per write transaction when trimming. */
  public static final String TRIM_BATCH_SIZE = "trim.batch.size";

  /**
   * How often the chunks of captured sqlite-vec {@code vec0} tables are compared with what was
   * emitted of them, to find the rows an {@code UPDATE} changed in place.
   */
  public static final String VEC0_SCAN_INTERVAL_MS = "vec0.scan.interval.ms";

  public static final ConfigDef DEFINITION =
      new ConfigDef()
          .define(
              PATH,
              Type.STRING,
              ConfigDef.NO_DEFAULT_VALUE,
              new ConfigDef.NonEmptyString(),
              Importance.HIGH,
              "The SQLite database file to capture, as an absolute path.")
          .define(
              MIGRATION,
              Type.STRING,
              ConfigDef.NO_DEFAULT_VALUE,
              new ConfigDef.NonEmptyString(),
              Importance.HIGH,
              "The migration this capture belongs to; part of topic names and of the offset partition.")
          .define(
              SOURCE,
              Type.STRING,
              ConfigDef.NO_DEFAULT_VALUE,
              new ConfigDef.NonEmptyString(),
              Importance.HIGH,
              "The plan's name for this source; part of topic names and of the offset partition.")
          .define(
              TARGET_SCHEMA,
              Type.STRING,
              ConfigDef.NO_DEFAULT_VALUE,
              new ConfigDef.NonEmptyString(),
              Importance.LOW,
              "The target schema the source's tables go to.")
          .define(
              TABLES,
              Type.STRING,
              "",
              Importance.MEDIUM,
              "The tables to capture as a JSON array of catalog entries recorded at provisioning;"
                  + " empty to capture every table of the file as its catalog describes it.")
          .define(
              RESYNC,
              Type.STRING,
              "",
              Importance.LOW,
              "Tables to read again as a new snapshot generation while the others stream on, as"
                  + " topic=request pairs separated by commas; each request is read once.")
          .define(
              STREAM_ONLY,
              Type.BOOLEAN,
              false,
              Importance.LOW,
              "True when the target holds every row already (a fallback installed the change"
                  + " capture again): without a stored offset no snapshot is taken and the change"
                  + " log is streamed from its start.")
          .define(
              SNAPSHOT_FETCH_SIZE,
              Type.INT,
              2000,
              ConfigDef.Range.between(1, 1_000_000),
              Importance.MEDIUM,
              "The most rows one snapshot read transaction reads (see snapshot.max.read.ms); a"
                  + " poll reads until its chunk is full (snapshot.chunk.bytes).")
          .define(
              SNAPSHOT_READ_AHEAD,
              Type.BOOLEAN,
              true,
              Importance.LOW,
              "Read the next snapshot chunk while the engine publishes the one before and waits"
                  + " for Kafka's acknowledgements, so reading and publishing overlap. At most one"
                  + " chunk is read ahead; it is dropped, not delivered, when the task stops, and"
                  + " the snapshot resumes after the last row the engine committed.")
          .define(
              SNAPSHOT_CHUNK_BYTES,
              Type.INT,
              ChunkWriter.DEFAULT_TARGET_BYTES,
              ConfigDef.Range.between(1, 64 << 20),
              Importance.MEDIUM,
              "The size, in bytes of binary COPY rows, at which a snapshot chunk (one Kafka record"
                  + " on the source's snapshot topic) is closed; a poll reads until it has a chunk"
                  + " of this size or the table ends.")
          .define(
              SNAPSHOT_MAX_ROW_BYTES,
              Type.INT,
              8 << 20,
              ConfigDef.Range.between(1024, Integer.MAX_VALUE),
              Importance.LOW,
              "The largest row, in bytes of binary COPY, a snapshot chunk may carry (alone): a"
                  + " larger row is kept as a reject naming its size, and stays in the source. Keep"
                  + " it below the capture's max-record-bytes.")
          .define(
              SNAPSHOT_MAX_READ_MS,
              Type.LONG,
              1L,
              ConfigDef.Range.between(1, 60_000),
              Importance.MEDIUM,
              "How long one snapshot read may keep its read transaction open in a"
                  + " rollback-journal file, where the application's writers wait for open reads: a"
                  + " read ends when it has snapshot.fetch.size rows or after this long, whichever"
                  + " comes first. A writer that finds the file read-locked retries after 1, 2, 5"
                  + " ms (SQLite's busy handler), so a read of at most 1 ms costs it one short"
                  + " retry; reads of 5 ms made a writer at 200 commits/s fall behind for as long"
                  + " as the snapshot ran. In WAL mode writers never wait for readers, and a read"
                  + " is bounded by snapshot.fetch.size alone.")
          .define(
              POLL_INTERVAL_MS,
              Type.LONG,
              500L,
              ConfigDef.Range.between(1, 60_000),
              Importance.LOW,
              "How long poll() waits when there is nothing new to read.")
          .define(
              BUSY_TIMEOUT_MS,
              Type.INT,
              5000,
              ConfigDef.Range.between(0, 600_000),
              Importance.LOW,
              "How long a statement of the connector waits on a lock held by the application"
                  + " before it fails.")
          .define(
              PROGRESS_TOPIC,
              Type.STRING,
              "tributary.capture",
              new ConfigDef.NonEmptyString(),
              Importance.LOW,
              "The topic that receives capture progress events (a table's snapshot completed).")
          .define(
              STREAM_BATCH_SIZE,
              Type.INT,
              500,
              ConfigDef.Range.between(1, 100_000),
              Importance.MEDIUM,
              "Change-log entries read per poll while streaming, together with the current rows"
                  + " they point at, in one short read transaction; bounds memory and how long"
                  + " the application's writers can wait on the connector.")
          .define(
              STREAM_MAX_READ_MS,
              Type.LONG,
              1L,
              ConfigDef.Range.between(1, 60_000),
              Importance.LOW,
              "How long one streaming read may go on reading the current rows of its change-log"
                  + " entries' keys in a rollback-journal file, where the application's writers wait"
                  + " for it: the batch then ends at the last entry read (at least one), the rest"
                  + " read by the next. Not applied in WAL mode, where writers never wait for"
                  + " readers.")
          .define(
              TRIM_INTERVAL_MS,
              Type.LONG,
              5000L,
              ConfigDef.Range.between(0, 3_600_000),
              Importance.LOW,
              "How often change-log entries acknowledged by Kafka are deleted from the file; each"
                  + " trim is one short write transaction in the application's file.")
          .define(
              STALE_CONSUMER_AFTER_MS,
              Type.LONG,
              7L * 24 * 3_600_000,
              ConfigDef.Range.atLeast(60_000),
              Importance.LOW,
              "How long another capture of the same file may go unseen before it is removed from"
                  + " the change log's consumers (its position would hold the log forever).")
          .define(
              TRIM_BATCH_SIZE,
              Type.INT,
              2000,
              ConfigDef.Range.between(1, 1_000_000),
              Importance.LOW,
              "Change-log entries deleted per write transaction when trimming; bounds how long"
                  + " the trim holds SQLite's write lock.")
          .define(
              VEC0_SCAN_INTERVAL_MS,
              Type.LONG,
              3000L,
              ConfigDef.Range.between(100, 86_400_000),
              Importance.MEDIUM,
              "How often the chunks of captured sqlite-vec vec0 tables are read and compared"
                  + " with what capture emitted of them: sqlite-vec writes an UPDATE of a vector or"
                  + " metadata value into its chunk with blob I/O, which no trigger sees, so such a"
                  + " change reaches the change log (and the target) within this interval plus one"
                  + " scan. Each scan reads every chunk of those tables (in read transactions of at"
                  + " most snapshot.max.read.ms), skipped while nothing was written to the file;"
                  + " shorter intervals cost CPU in proportion (measured on 2 loaded cores: about"
                  + " 0.25 s of CPU per scan of 200,000 vectors of 384 dimensions, 300 MB).");

  public SqliteConnectorConfig(Map<String, String> props) {
    super(DEFINITION, props);
  }

  public String path() {
    return getString(PATH);
  }

  public String migration() {
    return getString(MIGRATION);
  }

  public String source() {
    return getString(SOURCE);
  }

  public String targetSchema() {
    return getString(TARGET_SCHEMA);
  }

  public String tables() {
    return getString(TABLES);
  }

  /** The tables to read again: topic to request id ({@link #RESYNC}). */
  public Map<String, String> resyncs() {
    Map<String, String> out = new TreeMap<>();
    for (String pair : getString(RESYNC).split(",")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
      }
    }
    return out;
  }

  public boolean streamOnly() {
    return getBoolean(STREAM_ONLY);
  }

  public int snapshotFetchSize() {
    return getInt(SNAPSHOT_FETCH_SIZE);
  }

  public boolean snapshotReadAhead() {
    return getBoolean(SNAPSHOT_READ_AHEAD);
  }

  public int snapshotChunkBytes() {
    return getInt(SNAPSHOT_CHUNK_BYTES);
  }

  public int snapshotMaxRowBytes() {
    return getInt(SNAPSHOT_MAX_ROW_BYTES);
  }

  public long snapshotMaxReadMs() {
    return getLong(SNAPSHOT_MAX_READ_MS);
  }

  public long pollIntervalMs() {
    return getLong(POLL_INTERVAL_MS);
  }

  public int busyTimeoutMs() {
    return getInt(BUSY_TIMEOUT_MS);
  }

  /** How long a statement waits on the application's lock ({@link SqliteConnections}). */
  public Duration lockWait() {
    return Duration.ofMillis(busyTimeoutMs());
  }

  public String progressTopic() {
    return getString(PROGRESS_TOPIC);
  }

  public int streamBatchSize() {
    return getInt(STREAM_BATCH_SIZE);
  }

  public long streamMaxReadMs() {
    return getLong(STREAM_MAX_READ_MS);
  }

  public long trimIntervalMs() {
    return getLong(TRIM_INTERVAL_MS);
  }

  public long staleConsumerAfterMs() {
    return getLong(STALE_CONSUMER_AFTER_MS);
  }

  public int trimBatchSize() {
    return getInt(TRIM_BATCH_SIZE);
  }

  public long vec0ScanIntervalMs() {
    return getLong(VEC0_SCAN_INTERVAL_MS);
  }
}
