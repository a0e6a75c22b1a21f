package io.tributary.cdc.capture.sqlite;

import io.tributary.source.sqlite.capture.ChangeLogStatementBuilder;
import io.tributary.source.sqlite.connect.SqliteConnections;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Deletes change-log entries once they are safely delivered: records the consumer's delivered
 * position, then deletes the entries at or before the lowest position of all consumers, a bounded
 * number per write transaction so the application's writers wait at most a few milliseconds.
 */
final class ChangeLogTrimmer {
  private final Connection connection;
  private final String consumer;
  private final int rowsPerTransaction;

  /**
   * @param connection a read-write connection in auto-commit mode
   * @param rowsPerTransaction entries deleted per write transaction
   */
  ChangeLogTrimmer(Connection connection, String consumer, int rowsPerTransaction) {
    this.connection = connection;
    this.consumer = consumer;
    this.rowsPerTransaction = rowsPerTransaction;
  }

  /**
   * Records that this consumer delivered every change up to a position, and trims what every
   * consumer delivered.
   *
   * @return entries deleted
   * @throws IllegalStateException when this consumer is no longer registered in the file (its
   *     capture was removed while it ran)
   */
  long trimUpTo(long position) throws SQLException {
    long deleted =
        SqliteConnections.inWriteTransaction(
            connection,
            () -> {
              try (PreparedStatement st =
                  connection.prepareStatement(ChangeLogStatementBuilder.advanceConsumer())) {
                st.setLong(1, position);
                st.setString(2, consumer);
                if (st.executeUpdate() == 0) {
                  throw new IllegalStateException(
                      "capture " + consumer + " is no longer registered in the file");
                }
              }
              return deleteSome();
            });
    long total = deleted;
    while (deleted == rowsPerTransaction) {
      deleted = SqliteConnections.inWriteTransaction(connection, this::deleteSome);
      total += deleted;
    }
    return total;
  }

  private long deleteSome() throws SQLException {
    try (PreparedStatement st = connection.prepareStatement(ChangeLogStatementBuilder.trim())) {
      st.setInt(1, rowsPerTransaction);
      return st.executeUpdate();
    }
  }
}
