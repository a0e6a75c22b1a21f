package io.tributary.cdc.capture.sqlite;

import io.tributary.common.catalog.TableDef;
import io.tributary.source.sqlite.capture.SqliteSnapshotQueryBuilder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one chunk of a table's snapshot: the next rows in key order after a key, at most a number
 * of rows and for at most a time. The values are copied out as they are (no conversion), so the
 * statement's implicit read transaction ends as soon as the chunk is read.
 */
final class SqliteSnapshotReader {
  /**
   * A chunk.
   *
   * @param rows column values in catalog order
   * @param last true when the table has no rows after these
   */
  record Chunk(List<Object[]> rows, boolean last) {}

  private final Connection connection;
  private final long maxReadNanos;

  /**
   * @param connection a read-only connection in auto-commit mode
   * @param maxReadMs how long one chunk may read (at least one row is always read)
   */
  SqliteSnapshotReader(Connection connection, long maxReadMs) {
    this.connection = connection;
    this.maxReadNanos = maxReadMs * 1_000_000;
  }

  /**
   * @param afterKey key values of the last row delivered; null to start at the first row
   * @param limit the most rows to read
   */
  Chunk chunk(TableDef table, List<Object> afterKey, int limit) throws SQLException {
    String sql =
        afterKey == null
            ? SqliteSnapshotQueryBuilder.first(table)
            : SqliteSnapshotQueryBuilder.after(table);
    int width = table.columns().size();
    List<Object[]> rows = new ArrayList<>(Math.min(limit, 10_000));
    try (PreparedStatement st = connection.prepareStatement(sql)) {
      int p = 1;
      if (afterKey != null) {
        for (Object value : afterKey) {
          st.setObject(p++, value);
        }
      }
      st.setInt(p, limit);
      long started = System.nanoTime();
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          Object[] row = new Object[width];
          for (int i = 0; i < width; i++) {
            row[i] = rs.getObject(i + 1);
          }
          rows.add(row);
          if (System.nanoTime() - started > maxReadNanos && rows.size() < limit) {
            return new Chunk(rows, false); // closing the result set ends the read transaction
          }
        }
      }
    }
    return new Chunk(rows, rows.size() < limit);
  }
}
