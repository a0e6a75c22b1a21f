package io.tributary.source.sqlite.capture;

import io.tributary.common.catalog.TableDef;
import io.tributary.source.sqlite.connect.SqliteConnections;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one chunk of a table's snapshot: the next rows in key order after a key, at most a number
 * of rows and for at most a time. The values are copied out as they are (no conversion), so the
 * statement's implicit read transaction ends as soon as the chunk is read.
 */
public final class SqliteSnapshotReader {
  /**
   * A chunk.
   *
   * @param rows column values in catalog order (then the rowid, for a table identified by its whole
   *     rows)
   * @param last true when the table has no rows after these
   * @param logPosition the change-log position the chunk was read at (in the same read
   *     transaction), -1 when not read
   */
  public record Chunk(List<Object[]> rows, boolean last, long logPosition) {
    public Chunk(List<Object[]> rows, boolean last) {
      this(rows, last, -1);
    }
  }

  private final Connection connection;
  private final long maxReadNanos;

  /** Whether the file's text is UTF-8 ({@code PRAGMA encoding}); null until asked. */
  private Boolean utf8;

  /**
   * Whether a read holds the application's writers back (a rollback-journal file); null until
   * asked. Only then is a read bounded in time: in WAL mode writers never wait for a reader.
   */
  private Boolean blocksWriters;

  /**
   * @param connection a read-only connection in auto-commit mode
   * @param maxReadMs how long one chunk may read in a rollback-journal file (at least one row is
   *     always read); in WAL mode a chunk is bounded by its rows only
   */
  SqliteSnapshotReader(Connection connection, long maxReadMs) {
    this.connection = connection;
    this.maxReadNanos = maxReadMs * 1_000_000;
  }

  /**
   * @param afterKey key values of the last row delivered; null to start at the first row
   * @param limit the most rows to read
   */
  /**
   * As {@link #chunk}, together with the change-log position, in one read transaction: the chunk
   * holds exactly the changes logged up to that position. A table identified by its whole rows is
   * read this way, so that streaming can skip the changes its chunks already hold.
   */
  Chunk chunkAtPosition(TableDef table, List<Object> afterKey, int limit) throws SQLException {
    return SqliteConnections.inReadTransaction(
        connection,
        () -> {
          long position;
          try (PreparedStatement st =
                  connection.prepareStatement(ChangeLogStatementBuilder.logPosition());
              ResultSet rs = st.executeQuery()) {
            rs.next();
            position = rs.getLong(1);
          }
          Chunk read = chunk(table, afterKey, limit);
          return new Chunk(read.rows(), read.last(), position);
        });
  }

  /**
   * Whether the file keeps its text as UTF-8, SQLite's default: its text is then read as bytes
   * where it goes to its target unchanged ({@link SqliteValues.SnapshotRows}). A file's encoding is
   * fixed when it is made.
   */
  private boolean utf8() throws SQLException {
    if (utf8 == null) {
      try (Statement st = connection.createStatement();
          ResultSet rs = st.executeQuery("PRAGMA encoding")) {
        utf8 = rs.next() && "UTF-8".equals(rs.getString(1));
      }
    }
    return utf8;
  }

  private boolean blocksWriters() throws SQLException {
    if (blocksWriters == null) {
      blocksWriters = SqliteConnections.readersBlockWriters(connection);
    }
    return blocksWriters;
  }

  Chunk chunk(TableDef table, List<Object> afterKey, int limit) throws SQLException {
    String sql =
        afterKey == null
            ? SqliteSnapshotQueryBuilder.first(table)
            : SqliteSnapshotQueryBuilder.after(table);
    int width = table.columns().size() + (table.wholeRow() ? 1 : 0);
    List<Object[]> rows = new ArrayList<>(Math.min(limit, 10_000));
    try (PreparedStatement st = connection.prepareStatement(sql)) {
      int p = 1;
      if (afterKey != null) {
        for (Object value : afterKey) {
          st.setObject(p++, value);
        }
      }
      st.setInt(p, limit);
      long maxNanos = blocksWriters() ? maxReadNanos : Long.MAX_VALUE;
      long started = System.nanoTime();
      try (ResultSet rs = st.executeQuery()) {
        SqliteValues.SnapshotRows read =
            new SqliteValues.SnapshotRows(st, rs, table, width, utf8());
        while (rs.next()) {
          rows.add(read.row());
          if (System.nanoTime() - started > maxNanos && rows.size() < limit) {
            return new Chunk(rows, false); // closing the result set ends the read transaction
          }
        }
      }
    }
    return new Chunk(rows, rows.size() < limit);
  }
}
