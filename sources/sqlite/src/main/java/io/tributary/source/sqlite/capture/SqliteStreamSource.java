package io.tributary.source.sqlite.capture;

import io.tributary.common.control.CaptureNames;
import io.tributary.source.sqlite.connect.SqliteConnections;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streaming of a change-log capture: the next change-log entries after its position and the
 * current rows of their keys ({@link ChangeLogReader}); the log trimmed up to what Kafka
 * acknowledged ({@link ChangeLogTrimmer}); the vec0 rows changed in place logged as updates ({@link
 * CapturedStore#logChangesInPlace}).
 */
final class SqliteStreamSource implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SqliteStreamSource.class);

  /**
   * How often an idle capture still records that it is alive ({@code seen_ms}), so that another
   * capture of the file never takes it for abandoned.
   */
  static final long HEARTBEAT_MS = 60_000;

  /** How often the cost of the scans for changes in place is said in the log. */
  static final long SCAN_REPORT_MS = 60_000;

  private final SqliteConnectorConfig config;
  private final CapturedStore store;
  private final SqliteRecordBuilder records;
  private final CapturePosition position;
  private final CaptureConnections connections;
  private final int tableCount;
  private final Path file;
  private final ChangeLogReader changeLog;
  private final ChangeLogTrimmer trimmer;
  private final Vec0ScanCost scanCost;
  private final AtomicLong acknowledged;
  private boolean streaming;
  private long lastTrimAt;
  private long trimmedUpTo = -1;
  private long nextTrimAt;
  private long nextScanAt;

  /**
   * @param tableCount how many tables the capture reads (for the log)
   */
  SqliteStreamSource(
      SqliteConnectorConfig config,
      CapturedStore store,
      SqliteRecordBuilder records,
      CapturePosition position,
      CaptureConnections connections,
      int tableCount) {
    this.config = config;
    this.store = store;
    this.records = records;
    this.position = position;
    this.connections = connections;
    this.tableCount = tableCount;
    this.file = store.databaseFile();
    this.acknowledged = new AtomicLong(position.offset().logPosition());
    this.changeLog =
        new ChangeLogReader(
            connections.read(), store, config.streamBatchSize(), config.streamMaxReadMs());
    this.scanCost = new Vec0ScanCost(file, SCAN_REPORT_MS);
    this.trimmer =
        new ChangeLogTrimmer(
            connections.write(),
            CaptureNames.sqliteConsumer(config.migration(), config.source()),
            config.trimBatchSize(),
            config.staleConsumerAfterMs());
  }

  /**
   * Every {@code vec0.scan.interval.ms}: logs the vec0 rows changed in place since they were
   * emitted, as updates, which this or the next read streams. A file the application keeps locked
   * is scanned at the next interval.
   */
  void scanIfDue() throws SQLException {
    long now = System.currentTimeMillis();
    if (now < nextScanAt) {
      scanCost.reportIfDue();
      return;
    }
    nextScanAt = now + config.vec0ScanIntervalMs();
    long cpu = Vec0ScanCost.threadCpuNanos();
    long started = System.nanoTime();
    Vec0ChangeScan.Result result;
    try {
      result =
          store.logChangesInPlace(connections.write(), position.offset().snapshot().completed());
    } catch (SQLException e) {
      if (!SqliteConnections.isBusy(e)) {
        throw e;
      }
      LOG.debug("The scan of {} for changes in place waits: {}", file, e.getMessage());
      return;
    }
    if (result.chunks() > 0) {
      scanCost.scanned(Vec0ScanCost.threadCpuNanos() - cpu, System.nanoTime() - started, result);
    } else {
      scanCost.reportIfDue();
    }
  }

  /** The next changes; null when the log holds nothing new. */
  List<SourceRecord> batch() throws SQLException {
    CaptureOffset offset = position.offset();
    if (!streaming) {
      streaming = true;
      LOG.info(
          "SQLite snapshot of {} complete ({} tables); streaming changes after change-log"
              + " position {}",
          file,
          tableCount,
          offset.logPosition());
    }
    ChangeLogReader.Batch batch = changeLog.readAfter(offset.logPosition());
    if (batch.entries() == 0) {
      return null;
    }
    store.recordEmitted(connections.write());
    long now = System.currentTimeMillis();
    if (batch.fence() != null) {
      offset = offset.atLogPosition(batch.lastSeq());
      position.moveTo(offset);
      position.emittedUpTo(batch.lastSeq());
      return List.of(records.fence(batch.fence(), offset));
    }
    List<SourceRecord> out = new ArrayList<>(batch.changes().size());
    ChunkMarks marks = offset.snapshot().marks();
    for (ChangeLogReader.RowChange change : batch.changes()) {
      offset = offset.atLogPosition(change.seq());
      if (change.table().wholeRow()
          && marks.covers(change.table().sourceTable(), change.rowid(), change.seq())) {
        continue; // its table's snapshot already holds it
      }
      out.add(records.change(change, offset, now));
      position.emittedUpTo(change.seq());
    }
    offset = offset.atLogPosition(batch.lastSeq());
    offset = offset.withSnapshot(offset.snapshot().withMarks(marks.passed(batch.lastSeq())));
    position.moveTo(offset);
    LOG.debug(
        "Read {} change-log entries of {} up to position {}: {} changes",
        batch.entries(),
        file,
        batch.lastSeq(),
        out.size());
    return out;
  }

  /**
   * Trims up to the highest acknowledged position; when every record handed out is acknowledged, up
   * to the read position (which may be past the last record when the last entries were for tables
   * this capture does not read).
   */
  void trimIfDue() throws SQLException {
    long now = System.currentTimeMillis();
    if (now < nextTrimAt) {
      return;
    }
    nextTrimAt = now + config.trimIntervalMs();
    long acked = acknowledged.get();
    long safe = acked >= position.lastEmitted() ? position.offset().logPosition() : acked;
    if (safe <= trimmedUpTo && now - lastTrimAt < HEARTBEAT_MS) {
      return; // nothing to trim, and this consumer was seen recently
    }
    lastTrimAt = now;
    safe = Math.max(safe, trimmedUpTo);
    long deleted;
    try {
      deleted = trimmer.trimUpTo(safe);
    } catch (SQLException e) {
      if (!SqliteConnections.isBusy(e)) {
        throw e;
      }
      LOG.debug("Trimming the change log of {} waits: {}", file, e.getMessage());
      return;
    }
    trimmedUpTo = safe;
    LOG.debug("Trimmed {} change-log entries of {} up to position {}", deleted, file, safe);
  }

  /** Kafka acknowledged a record at this change-log position: it may be trimmed from the log. */
  void acknowledged(long logPosition) {
    acknowledged.accumulateAndGet(logPosition, Math::max);
  }

  @Override
  public void close() {
    changeLog.close();
  }
}
