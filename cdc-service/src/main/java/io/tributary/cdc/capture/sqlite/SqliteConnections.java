package io.tributary.cdc.capture.sqlite;

import io.tributary.source.sqlite.catalog.SqliteVirtualTables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.sqlite.BusyHandler;

/**
 * Opens connections to a captured SQLite file: read-only ones for every read, and a read-write one
 * only for installing, trimming and removing change capture. Neither creates a missing file, and
 * neither changes the file's journal mode (WAL and rollback-journal files both work).
 */
final class SqliteConnections {
  private static final int SQLITE_OPEN_READONLY = 0x1;
  private static final int SQLITE_OPEN_READWRITE = 0x2;
  private static final int SQLITE_BUSY = 5;
  private static final int SQLITE_LOCKED = 6;

  private SqliteConnections() {}

  /**
   * A read-only connection.
   *
   * @param busyTimeoutMs how long a statement waits on the application's lock before it fails (see
   *     {@link SqliteBusyWait})
   */
  static Connection openReadOnly(Path file, int busyTimeoutMs) throws SQLException {
    return open(file, SQLITE_OPEN_READONLY, busyTimeoutMs);
  }

  /** A read-write connection (the file must exist). */
  static Connection openReadWrite(Path file, int busyTimeoutMs) throws SQLException {
    return open(file, SQLITE_OPEN_READWRITE, busyTimeoutMs);
  }

  private static Connection open(Path file, int mode, int busyTimeoutMs) throws SQLException {
    if (!Files.isRegularFile(file)) {
      throw new SQLException("no such SQLite file: " + file.toAbsolutePath());
    }
    Properties props = new Properties();
    props.setProperty("open_mode", Integer.toString(mode));
    Connection connection =
        DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), props);
    try {
      BusyHandler.setHandler(connection, new SqliteBusyWait(busyTimeoutMs));
      // vec0 tables are read through TEMP views of their shadow tables
      SqliteVirtualTables.prepare(connection);
      if (mode == SQLITE_OPEN_READWRITE && walMode(connection)) {
        // The connector's own writes (trimming the log) need not survive a power loss: a lost trim
        // only leaves entries that are read again. NORMAL keeps WAL files consistent and spares
        // an fsync while holding the write lock.
        try (Statement st = connection.createStatement()) {
          st.execute("PRAGMA synchronous = NORMAL");
        }
      }
      return connection;
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  private static boolean walMode(Connection connection) throws SQLException {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
      return rs.next() && "wal".equalsIgnoreCase(rs.getString(1));
    }
  }

  /**
   * Runs work in one short transaction that starts with {@code BEGIN IMMEDIATE} (it takes the write
   * lock first, so it cannot deadlock with another writer halfway) and commits, or rolls back on
   * failure (of the work or of the commit itself: the connection is never left in a transaction).
   * The connection must be in auto-commit mode: the driver's own transactions begin the next one
   * right after a commit, which would hold a lock between calls.
   */
  static <T> T inWriteTransaction(Connection connection, SqlWork<T> work) throws SQLException {
    return inTransaction(connection, "BEGIN IMMEDIATE", work);
  }

  /**
   * Runs reads in one read transaction ({@code BEGIN}): every read sees the same state of the file,
   * and the transaction ends (releasing SQLite's read lock) before this returns.
   */
  static <T> T inReadTransaction(Connection connection, SqlWork<T> work) throws SQLException {
    return inTransaction(connection, "BEGIN", work);
  }

  private static <T> T inTransaction(Connection connection, String begin, SqlWork<T> work)
      throws SQLException {
    try (Statement st = connection.createStatement()) {
      st.execute(begin);
      T result;
      try {
        result = work.run();
      } catch (SQLException | RuntimeException e) {
        try {
          st.execute("ROLLBACK");
        } catch (SQLException rollback) {
          e.addSuppressed(rollback);
        }
        throw e;
      }
      try {
        st.execute("COMMIT");
      } catch (SQLException e) {
        // A COMMIT that fails (SQLITE_BUSY: in rollback-journal mode a writer needs every reader
        // gone) leaves the transaction open; end it, or the connection's next BEGIN fails with
        // "cannot start a transaction within a transaction".
        try {
          st.execute("ROLLBACK");
        } catch (SQLException rollback) {
          e.addSuppressed(rollback);
        }
        throw e;
      }
      return result;
    }
  }

  /**
   * True when a statement failed because another connection held a lock for longer than the busy
   * timeout (SQLITE_BUSY or SQLITE_LOCKED, extended codes included): worth trying again later.
   */
  static boolean isBusy(SQLException e) {
    int primary = e.getErrorCode() & 0xff;
    return primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
  }

  /** Work on a connection inside a transaction. */
  @FunctionalInterface
  interface SqlWork<T> {
    T run() throws SQLException;
  }
}
