package io.tributary.source.sqlite.validate;

import io.tributary.common.catalog.TableDef;
import io.tributary.source.sqlite.catalog.SqliteRowidRanges;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;

/**
 * When validation reads a SQLite source in short read transactions rather than one (issue 48). In a
 * file in a rollback-journal mode (SQLite's default: {@code delete}, and {@code truncate}, {@code
 * persist}, {@code memory}), a reader's shared lock keeps every writer from committing until the
 * read transaction ends: a whole-table read of 400,000 rows held an application's writes for 13.7
 * s. There a table is read in rowid ranges of {@value #CHUNK_ROWIDS} rowids, each in its own read
 * transaction, so that a writer waits at most one range's read. In WAL mode readers do not block
 * writers and a table is read in one transaction, a snapshot at one position.
 */
final class ShortReads {
  /** Rowids per read transaction. */
  static final long CHUNK_ROWIDS = 2_000;

  private ShortReads() {}

  /** Whether the file's journal mode lets a reader block writers (any mode but WAL). */
  static boolean needed(Connection connection) throws SQLException {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
      return !rs.next() || !"wal".equals(rs.getString(1).toLowerCase(Locale.ROOT));
    }
  }

  /**
   * The ranges to read the table in, each in a transaction of its own; empty when it is read in one
   * (WAL mode, a small table, or one that has no rowid to range by: then the read holds the lock as
   * long as it takes).
   */
  static List<SqliteRowidRanges.Range> ranges(Connection connection, TableDef table)
      throws SQLException {
    if (!needed(connection)) {
      return List.of();
    }
    return SqliteRowidRanges.chunks(
        connection, SqliteStatementBuilder.quotedTable(table), table.columns(), CHUNK_ROWIDS);
  }

  /** Ends the read transaction, so the writers waiting for the lock go first. */
  static void release(Connection connection) throws SQLException {
    connection.rollback();
  }
}
