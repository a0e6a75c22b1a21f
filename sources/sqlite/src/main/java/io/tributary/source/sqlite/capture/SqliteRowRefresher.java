package io.tributary.source.sqlite.capture;

import io.tributary.common.catalog.TableDef;
import io.tributary.source.sqlite.connect.SqliteConnections;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts rows of a SQLite file back into its change log (a replay of rejects), so that capture reads
 * each as it is now and streams it again.
 */
public final class SqliteRowRefresher {
  private final Path file;
  private final Duration lockWait;

  /**
   * @param file the SQLite file whose change log takes the refreshed rows
   * @param lockWait how long to wait on the application's write lock
   */
  public SqliteRowRefresher(Path file, Duration lockWait) {
    this.file = file;
    this.lockWait = lockWait;
  }

  /**
   * Puts the rows of rejects back into the change stream, by the keys their records carried.
   *
   * @param rowKeys the record keys ({@code {"id": 5}})
   * @return the keys whose row was logged, and those that could not be read as keys of the table
   */
  public RefreshResult refreshRecordKeys(TableDef table, List<String> rowKeys) throws SQLException {
    List<Object[]> keys = new ArrayList<>();
    int unreadable = 0;
    for (String rowKey : rowKeys) {
      Object[] key = EnvelopeKeys.decodeOrNull(table, rowKey);
      if (key == null) {
        unreadable++;
      } else {
        keys.add(key);
      }
    }
    return new RefreshResult(refresh(table, keys), unreadable);
  }

  /**
   * What a refresh did.
   *
   * @param logged rows found and put back into the change stream
   * @param unreadable keys that are not keys of the table (nothing to look up)
   */
  public record RefreshResult(int logged, int unreadable) {}

  /**
   * Puts rows back into the change stream (a replay of rejects): one update entry per key whose row
   * still exists, in one short write transaction. Capture reads each row as it is now.
   *
   * @param keys key values in key order, as JDBC values (Long, Double, String, byte[])
   * @return how many rows were found and logged
   */
  public int refresh(TableDef table, List<Object[]> keys) throws SQLException {
    if (keys.isEmpty()) {
      return 0;
    }
    try (Connection connection = SqliteConnections.openForCapture(file, lockWait)) {
      return SqliteConnections.inWriteTransaction(
          connection,
          () -> {
            int found = 0;
            try (PreparedStatement st =
                connection.prepareStatement(ChangeLogStatementBuilder.insertRefresh(table))) {
              for (Object[] key : keys) {
                st.setString(1, table.sourceTable());
                for (int i = 0; i < key.length; i++) {
                  st.setObject(i + 2, key[i]);
                }
                found += st.executeUpdate();
              }
            }
            return found;
          });
    }
  }
}
