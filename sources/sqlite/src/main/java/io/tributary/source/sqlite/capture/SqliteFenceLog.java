package io.tributary.source.sqlite.capture;

import io.tributary.source.sqlite.connect.SqliteConnections;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fences of a SQLite file's change log: a fence is an entry of the log, which the capture
 * reading it publishes as markers after every change logged before it.
 */
public final class SqliteFenceLog {
  private static final Logger LOG = LoggerFactory.getLogger(SqliteFenceLog.class);

  private final Path file;
  private final Duration lockWait;

  /**
   * @param file the SQLite file whose change log takes the fences
   * @param lockWait how long to wait on the application's write lock
   */
  public SqliteFenceLog(Path file, Duration lockWait) {
    this.file = file;
    this.lockWait = lockWait;
  }

  /**
   * Appends a fence to the change log, in one write transaction; the capture that reads it
   * publishes its markers after every change logged before it.
   *
   * <p>When the consumer captures vec0 tables, the transaction first reads their chunks and logs
   * the rows changed in place since they were emitted ({@link Vec0ChangeScan#scanInTransaction}):
   * it holds the write lock meanwhile, so every change committed before the fence — one written
   * into a chunk with blob I/O too — is before it in the log. The lock is held for as long as the
   * chunks take to read (about 0.25 s of CPU for 200,000 vectors of 384 dimensions).
   *
   * @param consumer the capture whose fence it is
   * @param payload the fence's JSON ({@code {"fence", "migration", "source"}})
   * @return the fence's position in the log
   */
  public long emitFence(String consumer, String payload) throws SQLException {
    try (Connection connection = SqliteConnections.openForCapture(file, lockWait)) {
      return SqliteConnections.inWriteTransaction(
          connection,
          () -> {
            Vec0ChangeScan.Result scan =
                Vec0ChangeScan.scanInTransaction(
                    connection, Vec0ChangeScan.scopes(connection, consumer));
            if (scan.logged() > 0) {
              LOG.info(
                  "Fence in {}: {} vec0 rows changed in place logged before it",
                  file,
                  scan.logged());
            }
            try (PreparedStatement st =
                connection.prepareStatement(
                    ChangeLogStatementBuilder.insertFence(), Statement.RETURN_GENERATED_KEYS)) {
              st.setString(1, payload);
              st.setLong(2, System.currentTimeMillis());
              st.executeUpdate();
              try (ResultSet keys = st.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
              }
            }
          });
    }
  }
}
