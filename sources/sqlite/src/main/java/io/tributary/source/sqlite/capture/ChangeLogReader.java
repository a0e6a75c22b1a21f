package io.tributary.source.sqlite.capture;

import io.tributary.common.catalog.TableDef;
import io.tributary.common.event.Op;
import io.tributary.source.sqlite.connect.SqliteConnections;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the next entries of the change log and the current rows they point at, all in one short
 * read transaction, so every row is read as it was when the entries were read. In a
 * rollback-journal file the application's writers wait for that read, so it ends after {@code
 * stream.max.read.ms} (a batch of 500 entries with the current rows of their keys, after a pause or
 * while capture catches up, held them for several milliseconds each time: SQLite's busy handler has
 * a waiting writer retry after 1, 2, 5, 10 ms, so back-to-back reads of that length kept a writer
 * at 200 commits/s behind its schedule).
 *
 * <p>Within a batch, several entries of one key collapse into one change at the key's last entry:
 * every entry would read the same current row. An entry of a table identified by its whole rows
 * holds its row and is a change of its own. Changes come out ordered by that last sequence number,
 * so the changes delivered up to any of them cover every entry up to its sequence number (an
 * earlier entry of a key whose change comes later is covered by that later change).
 */
final class ChangeLogReader implements AutoCloseable {
  /** One log entry. */
  record Entry(long seq, String table, String op, String key, long tsMs) {}

  /**
   * One row's change as read now.
   *
   * @param seq the key's last log entry in the batch
   * @param table the table
   * @param op {@code CREATE} or {@code UPDATE} when the row exists, {@code DELETE} when not
   * @param key the key values (JDBC values of their storage class)
   * @param row the current column values in catalog order; null when the row no longer exists
   * @param tsMs when the last entry was written
   * @param rowid the row's rowid, for a table identified by its whole rows (any long, negative ones
   *     included); else -1, meaningless
   */
  record RowChange(
      long seq, TableDef table, Op op, List<Object> key, Object[] row, long tsMs, long rowid) {
    RowChange(long seq, TableDef table, Op op, List<Object> key, Object[] row, long tsMs) {
      this(seq, table, op, key, row, tsMs, -1);
    }
  }

  /**
   * A batch of changes.
   *
   * @param lastSeq the sequence number of the last entry read (the position before, when none)
   * @param entries log entries read
   * @param changes the resulting changes, in order of their sequence numbers
   */
  record Batch(long lastSeq, int entries, List<RowChange> changes, String fence) {
    Batch(long lastSeq, int entries, List<RowChange> changes) {
      this(lastSeq, entries, changes, null);
    }
  }

  private final Connection connection;
  private final CapturedStore store;
  private final int batchSize;
  private final long maxReadNanos;
  private PreparedStatement readLog;
  private Boolean blocksWriters;

  /**
   * @param connection a read-only connection in auto-commit mode
   * @param store where the rows the entries point at are read
   * @param batchSize log entries read per batch (bounds memory and the read transaction)
   * @param maxReadMs how long a batch may read the current rows of its entries' keys in a
   *     rollback-journal file, where the application's writers wait for the read (at least one
   *     entry is always read); not applied in WAL mode
   */
  ChangeLogReader(Connection connection, CapturedStore store, int batchSize, long maxReadMs) {
    this.connection = connection;
    this.store = store;
    this.batchSize = batchSize;
    this.maxReadNanos = maxReadMs * 1_000_000;
  }

  /** Entries after a position, with the current rows they point at. */
  Batch readAfter(long position) throws SQLException {
    if (blocksWriters == null) {
      blocksWriters = SqliteConnections.readersBlockWriters(connection);
    }
    long deadline = System.nanoTime() + (blocksWriters ? maxReadNanos : Long.MAX_VALUE / 2);
    return SqliteConnections.inReadTransaction(connection, () -> read(position, deadline));
  }

  /**
   * The entries after the position and the current rows of their keys, read in entry order until
   * the deadline: the batch ends at the last entry whose key was read (the rest are read again by
   * the next batch), so it still covers every entry up to its last sequence number.
   */
  private Batch read(long position, long deadline) throws SQLException {
    List<Entry> entries = entriesAfter(position);
    if (entries.isEmpty()) {
      return new Batch(position, 0, List.of());
    }
    // a fence ends a batch: the changes logged before it are delivered first, then the fence alone
    for (int i = 0; i < entries.size(); i++) {
      Entry entry = entries.get(i);
      if (ChangeLogStatementBuilder.FENCE_TABLE.equals(entry.table()) && "f".equals(entry.op())) {
        if (i == 0) {
          return new Batch(entry.seq(), 1, List.of(), entry.key());
        }
        entries = entries.subList(0, i);
        break;
      }
    }
    Map<String, TableDef> touched = new LinkedHashMap<>();
    for (Entry entry : entries) {
      TableDef table = store.table(entry.table());
      if (table != null) {
        touched.put(entry.table(), table);
      }
    }
    store.checkReady(connection, touched.values());
    Map<String, Entry> lastPerKey = new LinkedHashMap<>();
    Map<String, Object[]> rows = new HashMap<>();
    List<RowChange> changes = new ArrayList<>();
    int used = 0;
    for (Entry entry : entries) {
      if (used > 0 && System.nanoTime() > deadline) {
        break;
      }
      used++;
      TableDef table = touched.get(entry.table());
      if (table == null) {
        continue;
      }
      if (table.wholeRow()) {
        changes.add(wholeRow(table, entry));
        continue;
      }
      String id = entry.table() + '\0' + entry.key();
      lastPerKey.remove(id);
      lastPerKey.put(id, entry);
      if (!rows.containsKey(id)) {
        rows.put(id, store.currentRow(connection, table, TypedKeyCodec.decode(entry.key())));
      }
    }
    for (Map.Entry<String, Entry> last : lastPerKey.entrySet()) {
      Entry entry = last.getValue();
      TableDef table = touched.get(entry.table());
      List<Object> key = TypedKeyCodec.decode(entry.key());
      Object[] row = rows.get(last.getKey());
      Op op = row == null ? Op.DELETE : "c".equals(entry.op()) ? Op.CREATE : Op.UPDATE;
      changes.add(new RowChange(entry.seq(), table, op, key, row, entry.tsMs()));
    }
    changes.sort(Comparator.comparingLong(RowChange::seq));
    return new Batch(entries.get(used - 1).seq(), used, changes);
  }

  /**
   * The change an entry of a table identified by its whole rows logged: the row itself (its rowid
   * then its values, {@link
   * io.tributary.source.sqlite.capture.ChangeLogTriggerBuilder#wholeRowTriggers}), added ({@code
   * c}) or removed ({@code d}); each entry is a change of its own, never merged with another.
   */
  private static RowChange wholeRow(TableDef table, Entry entry) {
    List<Object> logged = TypedKeyCodec.decode(entry.key());
    if (logged.size() != table.columns().size() + 1) {
      throw new IllegalStateException(
          "change-log entry "
              + entry.seq()
              + " of "
              + table.sourceTable()
              + " holds "
              + logged.size()
              + " values, not its rowid and "
              + table.columns().size()
              + " columns: was the table altered while it is captured?");
    }
    if (!"c".equals(entry.op()) && !"d".equals(entry.op())) {
      throw new IllegalStateException(
          "change-log entry "
              + entry.seq()
              + " of "
              + table.sourceTable()
              + " has operation '"
              + entry.op()
              + "'; a table identified by its whole rows logs only c and d");
    }
    long rowid = ((Number) logged.get(0)).longValue();
    List<Object> values = new ArrayList<>(logged.subList(1, logged.size()));
    boolean created = "c".equals(entry.op());
    return new RowChange(
        entry.seq(),
        table,
        created ? Op.CREATE : Op.DELETE,
        values,
        created ? values.toArray() : null,
        entry.tsMs(),
        rowid);
  }

  private List<Entry> entriesAfter(long position) throws SQLException {
    if (readLog == null) {
      readLog = connection.prepareStatement(ChangeLogStatementBuilder.readLog());
    }
    readLog.setLong(1, position);
    readLog.setInt(2, batchSize);
    List<Entry> entries = new ArrayList<>();
    try (ResultSet rs = readLog.executeQuery()) {
      while (rs.next()) {
        entries.add(
            new Entry(
                rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5)));
      }
    }
    return entries;
  }

  @Override
  public void close() {
    if (readLog != null) {
      try {
        readLog.close();
      } catch (SQLException e) {
        // closing a statement of a connection that is closed next: nothing to do
      }
    }
    readLog = null;
  }
}
