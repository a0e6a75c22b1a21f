package io.tributary.source.sqlite.capture;

import io.tributary.common.catalog.TableDef;
import io.tributary.source.sqlite.connect.SqliteConnections;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The snapshot of a change-log capture: its tables in key (or rowid) order, a bounded chunk per
 * read, announced as a new snapshot (generation) or a table read again on request; the tables an
 * operator asked to read again, and a table without a key whose snapshot was interrupted, start
 * over from their first row.
 */
final class SqliteSnapshotSource {
  private static final Logger LOG = LoggerFactory.getLogger(SqliteSnapshotSource.class);

  private final SqliteConnectorConfig config;
  private final List<TableDef> tables;
  private final CapturedStore store;
  private final SqliteRecordBuilder records;
  private final Path file;

  /** Tables read again on request in this run ({@link #startResyncs}). */
  private final Set<String> resyncing = new HashSet<>();

  /** Tables whose read-again this run has announced. */
  private final Set<String> resyncAnnounced = new HashSet<>();

  /** Whether the next read while tables are read again may be a batch of changes. */
  private boolean streamNext = true;

  /**
   * @param tables the captured tables, in the order they are read
   */
  SqliteSnapshotSource(
      SqliteConnectorConfig config,
      List<TableDef> tables,
      CapturedStore store,
      SqliteRecordBuilder records) {
    this.config = config;
    this.tables = tables;
    this.store = store;
    this.records = records;
    this.file = store.databaseFile();
  }

  /**
   * Where the snapshot goes on from the stored (or fresh) offset: with the tables asked to be read
   * again, and a table without a key whose snapshot was interrupted, back at their first row.
   */
  CaptureOffset resume(CaptureOffset from) {
    return restartInterruptedWholeRowTable(startResyncs(from));
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

  /**
   * Whether a batch of changes goes out before the next chunk of {@code table}: while keyed tables
   * an operator asked for are read again after the snapshot was complete, chunks and changes take
   * turns, so the other tables stream on. Both read the rows as they are at the time of reading and
   * a key's records share a partition, so the last read of a key wins. A table without a key waits
   * (a row streamed and then read again by a chunk would be there twice).
   */
  boolean streamBetweenChunks(TableDef table, CaptureOffset offset) {
    if (resyncing.isEmpty() || !streamNext || table.wholeRow() || !onlyResyncsUnfinished(offset)) {
      return false;
    }
    streamNext = false;
    return true;
  }

  /** A chunk is read next: the next read while tables are read again may be changes again. */
  void chunkTurn() {
    streamNext = true;
  }

  /** True when every table whose snapshot is not complete is one read again on request. */
  private boolean onlyResyncsUnfinished(CaptureOffset offset) {
    Set<String> completed = offset.snapshot().completed();
    for (TableDef table : tables) {
      if (!completed.contains(table.sourceTable()) && !resyncing.contains(table.sourceTable())) {
        return false;
      }
    }
    return true;
  }

  /** The first table whose snapshot is not complete; null when the snapshot is. */
  TableDef nextTable(CaptureOffset offset) {
    for (TableDef table : tables) {
      if (!offset.snapshot().completed().contains(table.sourceTable())) {
        return table;
      }
    }
    return null;
  }

  /**
   * The next chunk of a table's snapshot ({@link PolledChunks}): rows read in as many short reads
   * as it takes to fill it (each read at most {@code snapshot.fetch.size} rows and {@code
   * snapshot.max.read.ms}), so the application's writers get the file between them; rows are cast
   * and encoded after each read, outside its transaction. Ends early when the application keeps the
   * file locked: the rows read so far are delivered. The table's last chunk is followed by its
   * completion, with what its chunks hold.
   */
  List<SourceRecord> chunk(TableDef table, CapturePosition position, CaptureConnections connections)
      throws SQLException {
    CaptureOffset offset = position.offset();
    int fetch = config.snapshotFetchSize();
    List<SourceRecord> out = new ArrayList<>(4);
    if (offset.snapshot().equals(SnapshotOffset.START)) {
      // from the beginning: rows an interrupted earlier start published are to be replaced
      out.add(records.snapshotStarted(offset));
    } else if (resyncing.contains(table.sourceTable())
        && resyncAnnounced.add(table.sourceTable())) {
      // read again on request: the rows the target holds are replaced by this read
      out.add(records.tableResyncStarted(table, offset));
    }
    PolledChunks chunks = new PolledChunks(config, table, records, offset, out);
    boolean complete = false;
    while (!chunks.full()) {
      // where the last row left the snapshot: its key is encoded once a read, not for every row
      offset = chunks.offset();
      SnapshotOffset snapshot = offset.snapshot();
      boolean resume = table.sourceTable().equals(snapshot.table()) && snapshot.lastKey() != null;
      List<Object> after = resume ? TypedKeyCodec.decode(snapshot.lastKey()) : null;
      SqliteSnapshotReader.Chunk read;
      try {
        read = store.chunk(connections.read(), table, after, chunks.rowsToFill(fetch));
        store.recordEmitted(connections.write());
      } catch (SQLException e) {
        store.discardRead();
        if (!chunks.holdsRows() || !SqliteConnections.isBusy(e)) {
          throw e;
        }
        break;
      }
      chunks.read(read.logPosition());
      long rows = resume ? snapshot.rows() : 0;
      long now = System.currentTimeMillis();
      if (table.wholeRow()) {
        chunks.moveTo(offset.withSnapshot(marked(table, snapshot, read, after)));
      }
      int width = table.columns().size();
      for (Object[] row : read.rows()) {
        rows++;
        List<Object> key = records.keyValues(table, row);
        // a table identified by its whole rows resumes after its last rowid (after its values)
        chunks.add(row, key, table.wholeRow() ? List.of(row[width]) : key, rows, now);
      }
      if (read.last()) {
        offset = chunks.finish();
        offset = offset.withSnapshot(offset.snapshot().tableCompleted(table.sourceTable()));
        out.add(records.snapshotComplete(table, rows, chunks.chunks(), chunks.rejects(), offset));
        LOG.info(
            "Snapshot of table {} read: {} rows in {} chunks, {} rejected",
            table.qualifiedSourceName(),
            rows,
            chunks.chunks(),
            chunks.rejects());
        complete = true;
        break;
      }
    }
    if (!complete) {
      offset = chunks.finish();
    }
    position.moveTo(offset);
    position.emittedUpTo(offset.logPosition());
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
}
