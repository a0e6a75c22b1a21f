package io.tributary.source.sqlite.validate;

import io.tributary.common.catalog.TableDef;
import io.tributary.source.sqlite.catalog.SqliteRowidRanges;
import io.tributary.source.sqlite.connect.SqliteConnections;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * When validation reads a SQLite source in short read transactions rather than one (issue 48). In a
 * file in a rollback-journal mode (SQLite's default: {@code delete}, and {@code truncate}, {@code
 * persist}, {@code memory}), a reader's shared lock keeps every writer from committing until the
 * read transaction ends: a whole-table read of 400,000 rows held an application's writes for 13.7
 * s. There a table is read in rowid ranges of {@value #CHUNK_ROWIDS} rowids ({@value
 * #COUNT_CHUNK_ROWIDS} to count), each in its own read transaction, so that a writer waits at most
 * one range's read; a table without rowids in key ranges of as many rows ({@link KeyRanges}). How
 * long each read held the lock is recorded ({@link ReadHolds}). In WAL mode readers do not block
 * writers and a table is read in one transaction, a snapshot at one position.
 *
 * <p>A hold is timed from the moment the read transaction has its lock ({@link ReadHolds#begin}) to
 * its release: a wait for a writer's commit before it is not counted.
 *
 * <p>One instance per read of a table, on its connection (whose read transaction took its lock just
 * before, {@link ReadHolds#begin}).
 */
final class ShortReads {
  /** Rowids per read transaction when the rows are read. */
  static final long CHUNK_ROWIDS = 250;

  /** Rowids per read transaction when they are only counted. */
  static final long COUNT_CHUNK_ROWIDS = 20_000;

  private final Path file;
  private final Connection connection;
  private final boolean blocksWriters;
  private List<ReadRange> ranges = List.of();
  private long since;

  /** The last rowid range, open above, read in steps ({@link #reads}); null when there is none. */
  private SqliteRowidRanges.Range openAbove;

  private String quotedTable;
  private long rowids;

  private ShortReads(Path file, Connection connection, boolean blocksWriters, long since) {
    this.file = file;
    this.connection = connection;
    this.blocksWriters = blocksWriters;
    this.since = since;
  }

  /**
   * The short reads of a table whose rows are read, {@value #CHUNK_ROWIDS} rowids each.
   *
   * @param begun when the connection's read transaction took its lock ({@link ReadHolds#begin})
   */
  static ShortReads ofRows(Path file, Connection connection, TableDef table, long begun)
      throws SQLException {
    return of(file, connection, table, CHUNK_ROWIDS, begun);
  }

  /**
   * The short reads of a table whose rows are counted, {@value #COUNT_CHUNK_ROWIDS} rowids each.
   *
   * @param begun when the connection's read transaction took its lock ({@link ReadHolds#begin})
   */
  static ShortReads ofCount(Path file, Connection connection, TableDef table, long begun)
      throws SQLException {
    return of(file, connection, table, COUNT_CHUNK_ROWIDS, begun);
  }

  private static ShortReads of(
      Path file, Connection connection, TableDef table, long rowids, long begun)
      throws SQLException {
    boolean blocks = SqliteConnections.readersBlockWriters(connection);
    ShortReads reads = new ShortReads(file, connection, blocks, begun);
    if (blocks) {
      List<SqliteRowidRanges.Range> chunks =
          SqliteRowidRanges.chunks(
              connection, SqliteStatementBuilder.quotedTable(table), table.columns(), rowids);
      reads.ranges = chunks.stream().map(ReadRange::of).toList();
      if (!chunks.isEmpty() && chunks.get(chunks.size() - 1).to() == Long.MAX_VALUE) {
        reads.openAbove = chunks.get(chunks.size() - 1);
        reads.quotedTable = SqliteStatementBuilder.quotedTable(table);
        reads.rowids = rowids;
      }
      if (reads.ranges.isEmpty()) {
        // no rowid to range by (WITHOUT ROWID), or few rowids: key ranges, if it has as many rows
        reads.ranges =
            KeyRanges.of(
                connection,
                table,
                rowids,
                () -> {
                  reads.release();
                  reads.begin();
                });
      }
    }
    return reads;
  }

  /**
   * A read done in one transaction whatever the file's mode (a lookup of rows by key): only its
   * hold is recorded, by {@link #endWhole}.
   *
   * @param begun when the connection's read transaction took its lock ({@link ReadHolds#begin})
   */
  static ShortReads whole(Path file, Connection connection, long begun) throws SQLException {
    return new ShortReads(
        file, connection, SqliteConnections.readersBlockWriters(connection), begun);
  }

  /**
   * The ranges to read the table in, each in a transaction of its own; empty when it is read in one
   * (WAL mode, a small table, or one that has neither a rowid nor a key of its own to range by:
   * then the read holds the lock as long as it takes).
   */
  List<ReadRange> ranges() {
    return ranges;
  }

  /**
   * The ranges to read, each in a transaction of its own: {@link #ranges}, but the last rowid range
   * (open above, so that rows inserted while the table is read are read too) is read as many rowids
   * at a time as the others, up to the table's last rowid when each of its reads begins, and only
   * its last read open above: rows an application inserted during a long read (tens of thousands)
   * do not make one long read transaction at the end.
   */
  Iterable<ReadRange> reads() {
    return () ->
        new Iterator<>() {
          private int next;
          private long tailFrom = openAbove == null ? 0 : openAbove.from();
          private boolean done;
          private boolean first = true;

          @Override
          public boolean hasNext() {
            return openAbove == null ? next < ranges.size() : next < ranges.size() - 1 || !done;
          }

          @Override
          public ReadRange next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            if (!first) {
              try {
                begin(); // every read after the first in a transaction of its own
              } catch (SQLException e) {
                throw new IllegalStateException(
                    "cannot begin a read of " + file + ": " + e.getMessage(), e);
              }
            }
            first = false;
            if (openAbove == null || next < ranges.size() - 1) {
              return ranges.get(next++);
            }
            long from = tailFrom;
            if (lastRowid() <= from + rowids) {
              done = true;
              return ReadRange.of(new SqliteRowidRanges.Range(from, Long.MAX_VALUE));
            }
            tailFrom = from + rowids;
            return ReadRange.of(new SqliteRowidRanges.Range(from, tailFrom));
          }
        };
  }

  /** The table's last rowid now (the first read of the next transaction). */
  private long lastRowid() {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT max(_rowid_) FROM " + quotedTable)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot read the last rowid of " + quotedTable + ": " + e.getMessage(), e);
    }
  }

  /**
   * Begins the next read transaction: takes its lock ({@link ReadHolds#begin}) and times its hold
   * from then. What was done since the last {@link #release} (the rows handed on, a read of the
   * change topic, a wait for a writer's commit) held no lock and is not counted.
   */
  void begin() throws SQLException {
    since = blocksWriters ? ReadHolds.begin(connection) : System.nanoTime();
  }

  /** Whether a read transaction of this file keeps its writers from committing. */
  boolean blocksWriters() {
    return blocksWriters;
  }

  /**
   * Ends the read transaction, so the writers waiting for the lock go first, and records how long
   * it held the lock.
   */
  void release() throws SQLException {
    connection.rollback();
    long now = System.nanoTime();
    ReadHolds.held(file, now - since);
    since = now;
  }

  /**
   * Records the hold of a read done in one transaction of a rollback-journal file (a small table,
   * or one with neither rowids nor a key), ended now; nothing in WAL mode.
   */
  void endWhole() {
    if (blocksWriters && ranges.isEmpty()) {
      ReadHolds.held(file, System.nanoTime() - since);
    }
  }
}
