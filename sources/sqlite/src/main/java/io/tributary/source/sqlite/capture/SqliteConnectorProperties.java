package io.tributary.source.sqlite.capture;

import io.tributary.source.spi.capture.CaptureSettings;
import io.tributary.source.spi.capture.CapturedSource;
import java.util.Properties;

/** The SQLite connector's settings as cdc-service's embedded engine runs it. */
public final class SqliteConnectorProperties {
  private SqliteConnectorProperties() {}

  /**
   * The connector's settings for a source as cdc-service captures it: its location, migration,
   * tables and the capture settings of cdc-service's configuration.
   */
  public static Properties of(CapturedSource source, CaptureSettings config) {
    Properties props = new Properties();
    props.setProperty("connector.class", SqliteSourceConnector.class.getName());
    props.putAll(
        SqliteSourceProperties.of(
            source.migration(),
            source.source(),
            source.location(),
            source.targetSchema(),
            source.tablesJson(),
            source.resyncs(),
            source.streamOnly()));
    props.setProperty(
        SqliteConnectorConfig.SNAPSHOT_FETCH_SIZE, Integer.toString(config.snapshotFetchSize()));
    props.setProperty(
        SqliteConnectorConfig.SNAPSHOT_CHUNK_BYTES, Integer.toString(config.snapshotChunkBytes()));
    props.setProperty(
        SqliteConnectorConfig.SNAPSHOT_MAX_ROW_BYTES,
        Integer.toString(config.snapshotMaxRowBytes()));
    props.setProperty(SqliteConnectorConfig.PROGRESS_TOPIC, config.progressTopic());
    props.setProperty(
        SqliteConnectorConfig.STREAM_BATCH_SIZE, Integer.toString(config.streamBatchSize()));
    props.setProperty(
        SqliteConnectorConfig.POLL_INTERVAL_MS, Long.toString(config.pollInterval().toMillis()));
    props.setProperty(
        SqliteConnectorConfig.TRIM_INTERVAL_MS, Long.toString(config.trimInterval().toMillis()));
    props.put(
        SqliteConnectorConfig.STALE_CONSUMER_AFTER_MS,
        Long.toString(config.sqliteStaleConsumerAfter().toMillis()));
    props.setProperty(
        SqliteConnectorConfig.BUSY_TIMEOUT_MS,
        Long.toString(config.sqliteBusyTimeout().toMillis()));
    props.setProperty(
        SqliteConnectorConfig.VEC0_SCAN_INTERVAL_MS,
        Long.toString(config.sqliteVec0ScanInterval().toMillis()));
    return props;
  }
}
