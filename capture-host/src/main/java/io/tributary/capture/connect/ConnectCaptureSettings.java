package io.tributary.capture.connect;

import io.tributary.source.spi.capture.CaptureSettings;
import java.time.Duration;
import java.util.Map;

/**
 * The capture settings as a Kafka Connect connector sets them: the kind connector's own setting
 * names ({@code snapshot.fetch.size}, {@code poll.interval.ms}, ...), each with the default of that
 * connector's configuration when it is not set, so the in-process task runs as it would on its own.
 */
final class ConnectCaptureSettings implements CaptureSettings {
  static final String PROGRESS_TOPIC = "progress.topic";
  static final String SNAPSHOT_FETCH_SIZE = "snapshot.fetch.size";
  static final String SNAPSHOT_CHUNK_BYTES = "snapshot.chunk.bytes";
  static final String STREAM_BATCH_SIZE = "stream.batch.size";
  static final String POLL_INTERVAL_MS = "poll.interval.ms";
  static final String TRIM_INTERVAL_MS = "trim.interval.ms";
  static final String STALE_CONSUMER_AFTER_MS = "stale.consumer.after.ms";
  static final String BUSY_TIMEOUT_MS = "sqlite.busy.timeout.ms";
  static final String VEC0_SCAN_INTERVAL_MS = "vec0.scan.interval.ms";
  static final String POSTGRES_POLL_INTERVAL_MS = "postgres.poll.interval.ms";
  static final String POSTGRES_BATCH_SIZE = "postgres.batch.size";
  static final String HEARTBEAT_INTERVAL_MS = "heartbeat.interval.ms";

  /** The defaults, as the kinds' connectors define them. */
  static final Map<String, String> DEFAULTS =
      Map.ofEntries(
          Map.entry(PROGRESS_TOPIC, "tributary.capture"),
          Map.entry(SNAPSHOT_FETCH_SIZE, "2000"),
          Map.entry(SNAPSHOT_CHUNK_BYTES, "4194304"),
          Map.entry(STREAM_BATCH_SIZE, "500"),
          Map.entry(POLL_INTERVAL_MS, "500"),
          Map.entry(TRIM_INTERVAL_MS, "5000"),
          Map.entry(STALE_CONSUMER_AFTER_MS, Long.toString(7L * 24 * 3_600_000)),
          Map.entry(BUSY_TIMEOUT_MS, "5000"),
          Map.entry(VEC0_SCAN_INTERVAL_MS, "3000"),
          Map.entry(POSTGRES_POLL_INTERVAL_MS, "10"),
          Map.entry(POSTGRES_BATCH_SIZE, "8192"),
          Map.entry(HEARTBEAT_INTERVAL_MS, "5000"));

  private final Map<String, String> props;

  ConnectCaptureSettings(Map<String, String> props) {
    this.props = Map.copyOf(props);
  }

  private String value(String key) {
    return props.getOrDefault(key, DEFAULTS.get(key));
  }

  private Duration millis(String key) {
    return Duration.ofMillis(Long.parseLong(value(key)));
  }

  @Override
  public String progressTopic() {
    return value(PROGRESS_TOPIC);
  }

  @Override
  public int maxRecordBytes() {
    return TaskResources.MAX_RECORD_BYTES;
  }

  @Override
  public int snapshotFetchSize() {
    return Integer.parseInt(value(SNAPSHOT_FETCH_SIZE));
  }

  @Override
  public int snapshotChunkBytes() {
    return Integer.parseInt(value(SNAPSHOT_CHUNK_BYTES));
  }

  /** Not read on a Connect worker: PostgreSQL sources are captured by cdc-service. */
  @Override
  public int postgresSnapshotReaders() {
    return 2;
  }

  /** Not read on a Connect worker: PostgreSQL sources are captured by cdc-service. */
  @Override
  public int postgresSnapshotRangeBlocks() {
    return 1024;
  }

  @Override
  public int streamBatchSize() {
    return Integer.parseInt(value(STREAM_BATCH_SIZE));
  }

  @Override
  public Duration pollInterval() {
    return millis(POLL_INTERVAL_MS);
  }

  @Override
  public Duration postgresPollInterval() {
    return millis(POSTGRES_POLL_INTERVAL_MS);
  }

  @Override
  public int postgresBatchSize() {
    return Integer.parseInt(value(POSTGRES_BATCH_SIZE));
  }

  @Override
  public Duration trimInterval() {
    return millis(TRIM_INTERVAL_MS);
  }

  @Override
  public Duration sqliteStaleConsumerAfter() {
    return millis(STALE_CONSUMER_AFTER_MS);
  }

  @Override
  public Duration sqliteBusyTimeout() {
    return millis(BUSY_TIMEOUT_MS);
  }

  @Override
  public Duration sqliteVec0ScanInterval() {
    return millis(VEC0_SCAN_INTERVAL_MS);
  }

  @Override
  public Duration heartbeatInterval() {
    return millis(HEARTBEAT_INTERVAL_MS);
  }
}
