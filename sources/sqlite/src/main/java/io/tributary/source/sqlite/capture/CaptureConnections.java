package io.tributary.source.sqlite.capture;

import io.tributary.source.sqlite.connect.SqliteConnections;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A change-log capture's two connections to its file: every read goes through the read-only one;
 * the read-write one only trims, records what was emitted and logs changes in place.
 */
record CaptureConnections(Connection read, Connection write) {
  private static final Logger LOG = LoggerFactory.getLogger(CaptureConnections.class);

  /**
   * Opens both; neither stays open when one fails.
   *
   * @param path the source's location as configured, for the log
   */
  static CaptureConnections open(Path file, Duration lockWait, String path) throws SQLException {
    Connection read = SqliteConnections.openReadOnly(file, lockWait);
    try {
      return new CaptureConnections(read, SqliteConnections.openForCapture(file, lockWait));
    } catch (SQLException e) {
      new CaptureConnections(read, null).close(path);
      throw e;
    }
  }

  /** Closes both; a failure is said in the log. */
  void close(String path) {
    for (Connection c : new Connection[] {read, write}) {
      if (c != null) {
        try {
          c.close();
        } catch (SQLException e) {
          LOG.warn("Failed to close a SQLite connection to {}: {}", path, e.getMessage());
        }
      }
    }
  }
}
