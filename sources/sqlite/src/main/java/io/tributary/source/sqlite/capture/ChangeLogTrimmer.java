package io.tributary.source.sqlite.capture;

import io.tributary.source.sqlite.connect.SqliteConnections;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes change-log entries once they are safely delivered: records the consumer's delivered
 * position (and that it was seen now), then deletes the entries at or before the lowest position of
 * all consumers, a bounded number per write transaction so the application's writers wait at most a
 * few milliseconds.
 *
 * <p>Another consumer not seen for {@code staleAfterMs} (its migration abandoned without an
 * uninstall: its position would hold the log, and the file would grow, forever) is removed from the
 * file, with a warning naming it. If its capture ever runs again it finds its registration gone and
 * starts with a new snapshot, as after any removal — changes it missed are never silently skipped.
 */
final class ChangeLogTrimmer {
  private static final Logger LOG = LoggerFactory.getLogger(ChangeLogTrimmer.class);

  private final Connection connection;
  private final String consumer;
  private final int rowsPerTransaction;
  private final long staleAfterMs;

  /**
   * @param connection a read-write connection in auto-commit mode
   * @param rowsPerTransaction entries deleted per write transaction
   * @param staleAfterMs how long another consumer may go unseen before it is removed
   */
  ChangeLogTrimmer(
      Connection connection, String consumer, int rowsPerTransaction, long staleAfterMs) {
    this.connection = connection;
    this.consumer = consumer;
    this.rowsPerTransaction = rowsPerTransaction;
    this.staleAfterMs = staleAfterMs;
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
              removeStaleConsumers();
              return deleteSome();
            });
    long total = deleted;
    while (deleted == rowsPerTransaction) {
      deleted = SqliteConnections.inWriteTransaction(connection, this::deleteSome);
      total += deleted;
    }
    return total;
  }

  private void removeStaleConsumers() throws SQLException {
    List<String> stale = new ArrayList<>();
    try (PreparedStatement st =
        connection.prepareStatement(ChangeLogStatementBuilder.staleConsumers())) {
      st.setString(1, consumer);
      st.setLong(2, staleAfterMs);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          stale.add(rs.getString(1));
          LOG.warn(
              "Removing capture {} from the change log's consumers: not seen since {} (over {}),"
                  + " its position {} holds the log. If it runs again it starts with a new"
                  + " snapshot.",
              rs.getString(1),
              Instant.ofEpochMilli(rs.getLong(3)),
              Duration.ofMillis(staleAfterMs),
              rs.getLong(2));
        }
      }
    }
    for (String gone : stale) {
      try (PreparedStatement st =
          connection.prepareStatement(ChangeLogStatementBuilder.removeConsumer())) {
        st.setString(1, gone);
        st.executeUpdate();
      }
      InstalledChangeLog.forgetEmitted(connection, gone);
    }
  }

  private long deleteSome() throws SQLException {
    try (PreparedStatement st = connection.prepareStatement(ChangeLogStatementBuilder.trim())) {
      st.setInt(1, rowsPerTransaction);
      return st.executeUpdate();
    }
  }
}
