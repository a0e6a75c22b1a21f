package io.tributary.source.sqlite.capture;

import io.tributary.common.catalog.TableDef;
import io.tributary.common.control.CaptureNames;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.source.sqlite.catalog.SqliteCatalogReader;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Captures a SQLite database: first a snapshot, then every change.
 *
 * <ol>
 *   <li>On start it installs change capture in the file ({@link SqliteCaptureInstaller}: triggers
 *       that append each changed key to a change log), before anything is read.
 *   <li>Snapshot: table by table in key order, a bounded chunk per poll, each chunk in its own
 *       short read transaction; one snapshot-read event per row. The next chunk is read (on the
 *       task's read-ahead thread) while the engine publishes the one before. The offset keeps the
 *       key of the last row delivered (a restarted task resumes after it) and the change-log
 *       position at which the snapshot started: every change committed after that position is
 *       streamed afterwards, so nothing between snapshot and streaming is lost (a row changed
 *       during the snapshot is delivered again, newer, by streaming). When a table is complete a
 *       progress event goes to the progress topic.
 *   <li>Streaming: the next log entries after the position and the current rows of their keys, read
 *       in one short read transaction ({@link ChangeLogReader}); {@code c}/{@code u} with the
 *       current row, {@code d} with the key when the row no longer exists; {@code source.pos} is
 *       the entry's sequence number and the offset moves to it.
 *   <li>Trimming: records acknowledged by Kafka reach {@link #commitRecord}; every {@code
 *       trim.interval.ms} the log is trimmed up to the highest acknowledged position ({@link
 *       ChangeLogTrimmer}). Trimming an acknowledged change is safe even before its offset is
 *       committed: a restart re-reads from an older position, and whatever it can no longer find
 *       there is in Kafka already, or covered by a later entry of the same key that is not trimmed.
 *   <li>Changes in place: sqlite-vec writes an {@code UPDATE} of a vector or metadata value into
 *       its chunk with blob I/O, which no trigger sees. What is emitted of a vec0 row is recorded
 *       in the file before it leaves ({@link CapturedStore#recordEmitted}), and every {@code
 *       vec0.scan.interval.ms} the chunks of the tables whose snapshot is delivered are compared
 *       with it; a row changed since is logged as an update ({@link
 *       CapturedStore#logChangesInPlace}) and streams like any other.
 * </ol>
 *
 * <p>All reads go through a read-only connection; a separate read-write connection is used only to
 * trim. Statements wait up to {@code sqlite.busy.timeout.ms} on the application's locks.
 */
public class SqliteSourceTask extends SourceTask {
  private static final Logger LOG = LoggerFactory.getLogger(SqliteSourceTask.class);

  /** How often capture looks whether its file is still the one at the path. */
  static final long FILE_CHECK_INTERVAL_MS = 1_000;

  private SqliteConnectorConfig config;
  private Path file;
  private String consumer;
  private List<TableDef> tables;
  private CapturedStore store;
  private SqliteCaptureCoordinator coordinator;

  @Override
  public String version() {
    return "0.2.0";
  }

  @Override
  public void start(Map<String, String> props) {
    config = new SqliteConnectorConfig(props);
    Map<String, String> partition = SnapshotOffset.partition(config.migration(), config.source());
    consumer = CaptureNames.sqliteConsumer(config.migration(), config.source());
    tables =
        tables(Path.of(config.path())).stream()
            .sorted(Comparator.comparing(TableDef::sourceTable))
            .toList();
    store = store(config, tables);
    file = store.databaseFile();
    SqliteCaptureInstaller.Installation installation = install();
    SqliteRecordBuilder records =
        new SqliteRecordBuilder(
            config, partition, store.connectorName(), installation.registeredMs());
    CaptureOffset stored = CaptureOffset.fromMap(context.offsetStorageReader().offset(partition));
    CaptureOffset offset;
    CaptureOffset fresh =
        config.streamOnly()
            ? new CaptureOffset(
                installation.registration(),
                0,
                SnapshotOffset.completed(
                    tables.stream().map(TableDef::sourceTable).collect(Collectors.toSet())))
            : new CaptureOffset(
                installation.registration(), installation.position(), SnapshotOffset.START);
    if (stored == null) {
      offset = fresh;
    } else if (!installation.registration().equals(stored.registration())) {
      LOG.warn(
          "The stored offset of {} belongs to another installation of change capture in {}"
              + " (it was removed in between, or the offset predates change capture): changes"
              + " made meanwhile are unknown, so the snapshot starts again, as a new snapshot"
              + " generation: the target tables are emptied and filled anew.",
          consumer,
          file);
      offset = fresh;
    } else {
      offset = stored;
    }
    SqliteSnapshotSource snapshotSource = new SqliteSnapshotSource(config, tables, store, records);
    offset = snapshotSource.resume(offset);
    CaptureConnections connections;
    try {
      connections = CaptureConnections.open(file, config.lockWait(), config.path());
    } catch (SQLException e) {
      throw new ConnectException(
          "Failed to open SQLite database " + file + ": " + e.getMessage(), e);
    }
    CapturedFileIdentity identity;
    try {
      identity = CapturedFileIdentity.of(store.databaseFile(), FILE_CHECK_INTERVAL_MS);
    } catch (IOException e) {
      connections.close(config.path());
      throw new ConnectException(
          "Failed to look at SQLite database " + file + ": " + e.getMessage(), e);
    }
    CapturePosition position = new CapturePosition(offset);
    coordinator =
        new SqliteCaptureCoordinator(
            config,
            snapshotSource,
            new SqliteStreamSource(config, store, records, position, connections, tables.size()),
            store,
            connections,
            position,
            identity);
    SnapshotOffset snapshot = offset.snapshot();
    LOG.info(
        "SQLite capture of {} ({} tables) starts at change-log position {}; snapshot complete"
            + " for {}, in progress: {}",
        file,
        tables.size(),
        offset.logPosition(),
        snapshot.completed(),
        snapshot.table() == null
            ? "none"
            : snapshot.table() + " after " + snapshot.rows() + " rows");
  }

  private SqliteCaptureInstaller.Installation install() {
    try {
      return new SqliteCaptureInstaller(file, config.lockWait(), store::triggers)
          .install(consumer, tables);
    } catch (SQLException e) {
      throw new ConnectException(
          "Failed to install change capture in "
              + file
              + " (cdc-service needs write access to the file and its directory): "
              + e.getMessage(),
          e);
    }
  }

  /**
   * What this capture reads: the SQLite file's own tables. A capture of another store kept in
   * SQLite (a Chroma store) overrides it.
   */
  protected CapturedStore store(SqliteConnectorConfig config, List<TableDef> tables) {
    return new SqliteFileStore(
        Path.of(config.path()),
        tables,
        config.snapshotMaxReadMs(),
        CaptureNames.sqliteConsumer(config.migration(), config.source()),
        config.lockWait());
  }

  /**
   * The provisioned catalog when given, else the file's own tables that have a primary key (what
   * identifies the rows of the others is decided at provisioning).
   */
  private List<TableDef> tables(Path path) {
    if (config.tables().isBlank()) {
      return SqliteCatalogReader.read(
              path, config.migration(), config.source(), config.targetSchema())
          .stream()
          .filter(t -> !t.keyColumns().isEmpty())
          .toList();
    }
    try {
      return List.of(ChangeEventCodec.MAPPER.readValue(config.tables(), TableDef[].class));
    } catch (IOException e) {
      throw new ConnectException(
          "Failed to read " + SqliteConnectorConfig.TABLES + ": " + e.getMessage(), e);
    }
  }

  @Override
  public List<SourceRecord> poll() throws InterruptedException {
    return coordinator.poll();
  }

  /** Called once Kafka acknowledged a record: its position may be trimmed from the log. */
  @Override
  public void commitRecord(SourceRecord record, RecordMetadata metadata) {
    long position = CaptureOffset.logPositionOf(record.sourceOffset());
    if (position >= 0) {
      coordinator.acknowledged(position);
    }
  }

  @Override
  public void stop() {
    if (coordinator != null) {
      coordinator.stop();
    } else if (store != null) {
      store.close();
    }
  }
}
