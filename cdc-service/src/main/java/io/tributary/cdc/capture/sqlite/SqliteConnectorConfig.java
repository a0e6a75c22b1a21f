package io.tributary.cdc.capture.sqlite;

import java.util.Map;
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

  /** Rows read per snapshot query; bounds the connector's memory. */
  public static final String SNAPSHOT_FETCH_SIZE = "snapshot.fetch.size";

  /** How long poll() waits when there is nothing to read. */
  public static final String POLL_INTERVAL_MS = "poll.interval.ms";

  /** How long a read waits for a writer's lock before failing. */
  public static final String BUSY_TIMEOUT_MS = "sqlite.busy.timeout.ms";

  /** The topic that receives capture progress (snapshot of a table completed). */
  public static final String PROGRESS_TOPIC = "progress.topic";

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
              SNAPSHOT_FETCH_SIZE,
              Type.INT,
              2000,
              ConfigDef.Range.between(1, 1_000_000),
              Importance.MEDIUM,
              "Rows read by one snapshot query, each in its own short read transaction.")
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
              "How long a read waits on a writer's lock before it fails.")
          .define(
              PROGRESS_TOPIC,
              Type.STRING,
              "tributary.capture",
              new ConfigDef.NonEmptyString(),
              Importance.LOW,
              "The topic that receives capture progress events (a table's snapshot completed).");

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

  public int snapshotFetchSize() {
    return getInt(SNAPSHOT_FETCH_SIZE);
  }

  public long pollIntervalMs() {
    return getLong(POLL_INTERVAL_MS);
  }

  public int busyTimeoutMs() {
    return getInt(BUSY_TIMEOUT_MS);
  }

  public String progressTopic() {
    return getString(PROGRESS_TOPIC);
  }
}
