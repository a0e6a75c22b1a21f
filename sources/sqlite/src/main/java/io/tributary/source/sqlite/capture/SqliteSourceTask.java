package io.tributary.source.sqlite.capture;

import io.tributary.common.catalog.TableDef;
import io.tributary.common.control.CaptureNames;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.source.sqlite.catalog.SqliteCatalogReader;
import io.tributary.source.sqlite.connect.SqliteConnections;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
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
  private static final long BUSY_WARNING_INTERVAL_MS = 30_000;

  private final CountDownLatch stopped = new CountDownLatch(1);
  private final ReentrantLock io = new ReentrantLock();
  private final AtomicLong acknowledged = new AtomicLong(-1);
  private volatile boolean stopping;
  private SqliteConnectorConfig config;
  private Path file;
  private String consumer;
  private List<TableDef> tables;
  private CaptureOffset offset;
  private Connection readConnection;
  private Connection writeConnection;
  private CapturedStore store;
  private ChangeLogReader changeLog;
  private ChangeLogTrimmer trimmer;

  /**
   * How often an idle capture still records that it is alive ({@code seen_ms}), so that another
   * capture of the file never takes it for abandoned.
   */
  static final long HEARTBEAT_MS = 60_000;

  /** Tables read again on request in this run ({@link #startResyncs}). */
  private final Set<String> resyncing = new HashSet<>();

  /** Tables whose read-again this run has announced. */
  private final Set<String> resyncAnnounced = new HashSet<>();

  /** Whether the next read while tables are read again may be a batch of changes. */
  private boolean streamNext = true;

  private long lastTrimAt;
  private SqliteRecordBuilder records;
  private long lastEmitted;
  private long trimmedUpTo = -1;
  private long nextTrimAt;
  private boolean streaming;
  private long busySince;
  private IdleBackoff idle;
  private long busyWarnedAt;
  private volatile ExecutorService readAheadThread;
  private Future<List<SourceRecord>> readAhead;
  private long nextScanAt;
  private Vec0ScanCost scanCost;

  /** How often the cost of the scans for changes in place is said in the log. */
  static final long SCAN_REPORT_MS = 60_000;

  @Override
  public String version() {
    return "0.2.0";
  }

  @Override
  public void start(Map<String, String> props) {
    config = new SqliteConnectorConfig(props);
    idle = new IdleBackoff(config.pollIntervalMs());
    Map<String, String> partition = SnapshotOffset.partition(config.migration(), config.source());
    consumer = CaptureNames.sqliteConsumer(config.migration(), config.source());
    tables =
        tables(Path.of(config.path())).stream()
            .sorted(Comparator.comparing(TableDef::sourceTable))
            .toList();
    store = store(config, tables);
    file = store.databaseFile();
    SqliteCaptureInstaller.Installation installation = install();
    records =
        new SqliteRecordBuilder(
            config, partition, store.connectorName(), installation.registeredMs());
    CaptureOffset stored = CaptureOffset.fromMap(context.offsetStorageReader().offset(partition));
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
    offset = startResyncs(offset);
    offset = restartInterruptedWholeRowTable(offset);
    lastEmitted = offset.logPosition();
    acknowledged.set(offset.logPosition());
    try {
      readConnection = SqliteConnections.openReadOnly(file, config.lockWait());
      writeConnection = SqliteConnections.openForCapture(file, config.lockWait());
    } catch (SQLException e) {
      closeConnections();
      throw new ConnectException(
          "Failed to open SQLite database " + file + ": " + e.getMessage(), e);
    }
    if (config.snapshotReadAhead()) {
      readAheadThread =
          Executors.newSingleThreadExecutor(
              r -> {
                Thread t = new Thread(r, "sqlite-read-ahead-" + consumer);
                t.setDaemon(true);
                return t;
              });
    }
    changeLog = new ChangeLogReader(readConnection, store, config.streamBatchSize());
    scanCost = new Vec0ScanCost(file, SCAN_REPORT_MS);
    trimmer =
        new ChangeLogTrimmer(
            writeConnection, consumer, config.trimBatchSize(), config.staleConsumerAfterMs());
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

  /**
   * Tables an operator asked to read again ({@link SqliteConnectorConfig#RESYNC}) that this capture
   * has not started reading again: each goes back into the snapshot from its first row, announced
   * by a progress event that moves the source to its next snapshot generation and resets the
   * table's topic only. A snapshot starting from the beginning reads them anyway.
   */
  private CaptureOffset startResyncs(CaptureOffset from) {
    List<String> pairs = new ArrayList<>();
    CaptureOffset out = from;
    for (Map.Entry<String, String> asked : config.resyncs().entrySet()) {
      String pair = asked.getKey() + "=" + asked.getValue();
      pairs.add(pair);
      if (from.snapshot().equals(SnapshotOffset.START)) {
        continue;
      }
      TableDef table =
          tables.stream().filter(t -> t.topic().equals(asked.getKey())).findFirst().orElse(null);
      if (table == null) {
        LOG.warn("Asked to read topic {} again, which no table of {} fills", asked.getKey(), file);
        continue;
      }
      if (from.hasResynced(pair)) {
        // started by an earlier run: its reading goes on where it was, already announced
        if (!from.snapshot().completed().contains(table.sourceTable())) {
          resyncing.add(table.sourceTable());
          resyncAnnounced.add(table.sourceTable());
        }
        continue;
      }
      out = out.withSnapshot(out.snapshot().reading(table.sourceTable()));
      resyncing.add(table.sourceTable());
      LOG.info(
          "Table {} of {} is read again from its first row (request {}), as a new snapshot"
              + " generation; {}",
          table.qualifiedSourceName(),
          file,
          asked.getValue(),
          table.wholeRow()
              ? "the other tables' changes wait until it is read (its rows have no key)"
              : "the other tables stream on meanwhile");
    }
    return out.withResynced(pairs);
  }

  /**
   * A table identified by its whole rows whose snapshot (or resync) was in progress when capture
   * stopped is read again from its first row, as a new snapshot generation that replaces what the
   * target holds of it: the rows published after the stored offset (Kafka acknowledged them, the
   * offset was not stored yet) would be read and published again, and a table without a key would
   * hold them twice. A keyed table resumes after its last stored key: its key absorbs a row read
   * twice.
   */
  private CaptureOffset restartInterruptedWholeRowTable(CaptureOffset from) {
    SnapshotOffset snapshot = from.snapshot();
    if (snapshot.table() == null || snapshot.lastKey() == null) {
      return from;
    }
    TableDef table =
        tables.stream()
            .filter(t -> t.sourceTable().equals(snapshot.table()))
            .findFirst()
            .orElse(null);
    if (table == null || !table.wholeRow()) {
      return from;
    }
    SnapshotOffset again = snapshot.reading(table.sourceTable());
    if (!again.equals(SnapshotOffset.START)) {
      // announced as this table's new generation; a snapshot that starts over whole (the table
      // was the first) is announced as such, which replaces every table
      resyncing.add(table.sourceTable());
      resyncAnnounced.remove(table.sourceTable());
    }
    LOG.info(
        "The snapshot of {} (no key: rows identified by their values) was interrupted after {}"
            + " rows: it is read again from its first row as a new snapshot generation, so that"
            + " no row published before the interruption is there twice",
        table.qualifiedSourceName(),
        snapshot.rows());
    return from.withSnapshot(again);
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
    Future<List<SourceRecord>> ahead = readAhead;
    readAhead = null;
    List<SourceRecord> out;
    try {
      out = ahead != null ? awaitReadAhead(ahead) : read();
      busySince = 0;
    } catch (SQLException e) {
      if (!SqliteConnections.isBusy(e)) {
        throw new ConnectException(
            "Failed to capture "
                + config.path()
                + " at position "
                + position()
                + ": "
                + e.getMessage(),
            e);
      }
      waitedOnBusyFile(e);
      out = null;
    } catch (IllegalStateException | IllegalArgumentException e) {
      throw new ConnectException(
          "Failed to capture "
              + config.path()
              + " at position "
              + position()
              + ": "
              + e.getMessage(),
          e);
    }
    if (out != null) {
      idle.found();
      readAheadIfSnapshotting();
      return out;
    }
    stopped.await(idle.nothingFound(), TimeUnit.MILLISECONDS);
    return null;
  }

  /**
   * The next records: a snapshot chunk while the snapshot lasts, then the next changes; null when
   * stopping or when the log holds nothing new. Runs on the engine's thread, or on the read-ahead
   * thread while the engine publishes the chunk before; never both at once.
   */
  private List<SourceRecord> read() throws SQLException {
    if (stopping) {
      return null;
    }
    io.lock();
    try {
      if (stopping) {
        return null;
      }
      trimIfDue();
      scanIfDue();
      TableDef table = nextTable();
      if (table != null && streamBetweenChunks(table)) {
        List<SourceRecord> changes = streamBatch();
        if (changes != null) {
          return changes;
        }
      }
      streamNext = true;
      return table != null ? snapshotChunk(table) : streamBatch();
    } catch (SQLException | RuntimeException e) {
      store.discardRead(); // what was read is not emitted: it is read again
      throw e;
    } finally {
      io.unlock();
    }
  }

  /**
   * Every {@code vec0.scan.interval.ms}: logs the vec0 rows changed in place since they were
   * emitted, as updates, which this or the next read streams. A file the application keeps locked
   * is scanned at the next interval.
   */
  private void scanIfDue() throws SQLException {
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
      result = store.logChangesInPlace(writeConnection, offset.snapshot().completed());
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

  /**
   * While the snapshot lasts (and {@code snapshot.read.ahead} is on), starts reading the next chunk
   * now: the engine publishes the chunk just returned and waits for Kafka meanwhile. Nothing of
   * this task's state is touched on the engine's thread until the next poll takes the chunk.
   */
  private void readAheadIfSnapshotting() {
    if (readAheadThread == null || stopping || nextTable() == null) {
      return;
    }
    try {
      readAhead = readAheadThread.submit(this::read);
    } catch (RejectedExecutionException e) { // stopped meanwhile: the next poll reads, or stops
      readAhead = null;
    }
  }

  /** The read-ahead's chunk, or what it failed with, as if read now. */
  private static List<SourceRecord> awaitReadAhead(Future<List<SourceRecord>> ahead)
      throws SQLException, InterruptedException {
    try {
      return ahead.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof SQLException sql) {
        throw sql;
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(cause);
    }
  }

  /**
   * The application held its lock longer than the busy timeout: not a failure, the next poll tries
   * again; said at WARN when it lasts.
   */
  private void waitedOnBusyFile(SQLException e) {
    long now = System.currentTimeMillis();
    if (busySince == 0) {
      busySince = now;
      busyWarnedAt = now;
      LOG.debug("{} is locked by its application; trying again: {}", file, e.getMessage());
    } else if (now - busyWarnedAt >= BUSY_WARNING_INTERVAL_MS) {
      busyWarnedAt = now;
      LOG.warn(
          "{} has been locked by its application for {} s; capture waits for it ({})",
          file,
          (now - busySince) / 1000,
          e.getMessage());
    }
  }

  private String position() {
    return offset == null ? "none" : Long.toString(offset.logPosition());
  }

  /**
   * Whether a batch of changes goes out before the next chunk of {@code table}: while keyed tables
   * an operator asked for are read again after the snapshot was complete, chunks and changes take
   * turns, so the other tables stream on. Both read the rows as they are at the time of reading and
   * a key's records share a partition, so the last read of a key wins. A table without a key waits
   * (a row streamed and then read again by a chunk would be there twice).
   */
  private boolean streamBetweenChunks(TableDef table) {
    if (resyncing.isEmpty() || !streamNext || table.wholeRow() || !onlyResyncsUnfinished()) {
      return false;
    }
    streamNext = false;
    return true;
  }

  /** True when every table whose snapshot is not complete is one read again on request. */
  private boolean onlyResyncsUnfinished() {
    Set<String> completed = offset.snapshot().completed();
    for (TableDef table : tables) {
      if (!completed.contains(table.sourceTable()) && !resyncing.contains(table.sourceTable())) {
        return false;
      }
    }
    return true;
  }

  private TableDef nextTable() {
    for (TableDef table : tables) {
      if (!offset.snapshot().completed().contains(table.sourceTable())) {
        return table;
      }
    }
    return null;
  }

  /**
   * Up to {@code snapshot.fetch.size} rows of a table, read in as many short reads as needed (each
   * at most {@code snapshot.max.read.ms}), so the application's writers get the file between them.
   * Ends early when the application keeps the file locked: the rows read so far are delivered.
   */
  private List<SourceRecord> snapshotChunk(TableDef table) throws SQLException {
    int fetch = config.snapshotFetchSize();
    List<SourceRecord> out = new ArrayList<>(fetch + 2);
    if (offset.snapshot().equals(SnapshotOffset.START)) {
      // from the beginning: rows an interrupted earlier start published are to be replaced
      out.add(records.snapshotStarted(offset));
    } else if (resyncing.contains(table.sourceTable())
        && resyncAnnounced.add(table.sourceTable())) {
      // read again on request: the rows the target holds are replaced by this read
      out.add(records.tableResyncStarted(table, offset));
    }
    int announced = out.size();
    while (out.size() - announced < fetch) {
      SnapshotOffset snapshot = offset.snapshot();
      boolean resume = table.sourceTable().equals(snapshot.table()) && snapshot.lastKey() != null;
      List<Object> after = resume ? TypedKeyCodec.decode(snapshot.lastKey()) : null;
      SqliteSnapshotReader.Chunk read;
      try {
        read = store.chunk(readConnection, table, after, fetch - (out.size() - announced));
        store.recordEmitted(writeConnection);
      } catch (SQLException e) {
        store.discardRead();
        if (out.size() == announced || !SqliteConnections.isBusy(e)) {
          throw e;
        }
        break;
      }
      long rows = resume ? snapshot.rows() : 0;
      long now = System.currentTimeMillis();
      List<Object[]> chunk = read.rows();
      if (table.wholeRow()) {
        offset = offset.withSnapshot(marked(table, offset.snapshot(), read, after));
      }
      int width = table.columns().size();
      for (int i = 0; i < chunk.size(); i++) {
        Object[] row = chunk.get(i);
        rows++;
        List<Object> key = records.keyValues(table, row);
        // a table identified by its whole rows resumes after its last rowid (after its values)
        List<Object> resumeAt = table.wholeRow() ? List.of(row[width]) : key;
        offset =
            offset.withSnapshot(
                offset.snapshot().atRow(table.sourceTable(), TypedKeyCodec.encode(resumeAt), rows));
        out.add(
            records.snapshotRead(
                table, row, key, read.last() && i == chunk.size() - 1, offset, now));
      }
      if (read.last()) {
        offset = offset.withSnapshot(offset.snapshot().tableCompleted(table.sourceTable()));
        out.add(records.snapshotComplete(table, rows, offset));
        LOG.info("Snapshot of table {} complete: {} rows", table.qualifiedSourceName(), rows);
        break;
      }
    }
    lastEmitted = offset.logPosition();
    return out;
  }

  /**
   * The snapshot offset with the chunk just read marked: the rowids up to its last one (all that
   * follow, for the table's last chunk) hold the changes logged up to its position.
   */
  private static SnapshotOffset marked(
      TableDef table,
      SnapshotOffset snapshot,
      SqliteSnapshotReader.Chunk read,
      List<Object> resumedAfter) {
    ChunkMarks marks =
        resumedAfter == null
            ? snapshot.marks().without(table.sourceTable())
            : snapshot
                .marks()
                .resumedAfter(table.sourceTable(), ((Number) resumedAfter.get(0)).longValue());
    int width = table.columns().size();
    long upTo =
        read.last() || read.rows().isEmpty()
            ? Long.MAX_VALUE
            : ((Number) read.rows().get(read.rows().size() - 1)[width]).longValue();
    return snapshot.withMarks(marks.withChunk(table.sourceTable(), upTo, read.logPosition()));
  }

  /** The next changes; null when the log holds nothing new. */
  private List<SourceRecord> streamBatch() throws SQLException {
    if (!streaming) {
      streaming = true;
      LOG.info(
          "SQLite snapshot of {} complete ({} tables); streaming changes after change-log"
              + " position {}",
          file,
          tables.size(),
          offset.logPosition());
    }
    ChangeLogReader.Batch batch = changeLog.readAfter(offset.logPosition());
    if (batch.entries() == 0) {
      return null;
    }
    store.recordEmitted(writeConnection);
    long now = System.currentTimeMillis();
    if (batch.fence() != null) {
      offset = offset.atLogPosition(batch.lastSeq());
      lastEmitted = batch.lastSeq();
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
      lastEmitted = change.seq();
    }
    offset = offset.atLogPosition(batch.lastSeq());
    offset = offset.withSnapshot(offset.snapshot().withMarks(marks.passed(batch.lastSeq())));
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
  private void trimIfDue() throws SQLException {
    long now = System.currentTimeMillis();
    if (now < nextTrimAt) {
      return;
    }
    nextTrimAt = now + config.trimIntervalMs();
    long acked = acknowledged.get();
    long safe = acked >= lastEmitted ? offset.logPosition() : acked;
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

  /** Called once Kafka acknowledged a record: its position may be trimmed from the log. */
  @Override
  public void commitRecord(SourceRecord record, RecordMetadata metadata) {
    long position = CaptureOffset.logPositionOf(record.sourceOffset());
    if (position >= 0) {
      acknowledged.accumulateAndGet(position, Math::max);
    }
  }

  @Override
  public void stop() {
    stopping = true;
    stopped.countDown();
    io.lock(); // a read in progress (also one read ahead) ends first
    try {
      if (changeLog != null) {
        changeLog.close();
      }
      if (store != null) {
        store.close();
      }
      closeConnections();
    } finally {
      io.unlock();
    }
    if (readAheadThread != null) {
      readAheadThread.shutdownNow();
    }
  }

  private void closeConnections() {
    for (Connection c : new Connection[] {readConnection, writeConnection}) {
      if (c != null) {
        try {
          c.close();
        } catch (SQLException e) {
          LOG.warn("Failed to close a SQLite connection to {}: {}", config.path(), e.getMessage());
        }
      }
    }
    readConnection = null;
    writeConnection = null;
  }
}
