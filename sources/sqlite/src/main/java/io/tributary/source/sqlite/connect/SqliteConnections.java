package io.tributary.source.sqlite.connect;

import io.tributary.source.sqlite.vtab.SqliteVirtualTables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.sqlite.BusyHandler;

/**
 * The one way Tributary opens a SQLite source file, for every service: read-only connections for
 * every read (catalog, profiles, capture, validation), read-write ones only to install, trim and
 * remove change capture and to freeze the file. Neither creates a missing file, and neither changes
 * the file's journal mode (WAL and rollback-journal files both work). Every connection reads the
 * file's vec0 tables ({@link SqliteVirtualTables#prepare}).
 *
 * <p><b>Lock waits</b> (the one policy; SQLite sources' known limit is the application's locks): a
 * statement that finds the file locked by the application tries again every millisecond ({@link
 * SqliteBusyWait}) until the wait its caller gives has passed, then fails with {@code SQLITE_BUSY}
 * ({@link #isBusy}). Capture gives its configured {@code busy-timeout} and tries again later; short
 * reads outside capture (catalog, column profiles, validation) wait {@link #READ_WAIT}; the freeze
 * waits as long as its step may take.
 */
public final class SqliteConnections {
  /** How long reads outside capture wait on the application's lock before they fail. */
  public static final Duration READ_WAIT = Duration.ofSeconds(5);

  private static final int SQLITE_OPEN_READONLY = 0x1;
  private static final int SQLITE_OPEN_READWRITE = 0x2;
  private static final int SQLITE_BUSY = 5;
  private static final int SQLITE_LOCKED = 6;

  private SqliteConnections() {}

  /** A read-only connection whose statements wait up to {@link #READ_WAIT} on a lock. */
  public static Connection openReadOnly(Path file) throws SQLException {
    return openReadOnly(file, READ_WAIT);
  }

  /**
   * A read-only connection.
   *
   * @param lockWait how long a statement waits on the application's lock before it fails
   * @throws SQLException when the file does not exist (naming it) or cannot be opened
   */
  public static Connection openReadOnly(Path file, Duration lockWait) throws SQLException {
    return open(file, SQLITE_OPEN_READONLY, lockWait);
  }

  /**
   * A read-write connection (the file must exist).
   *
   * @param lockWait how long a statement waits on the application's lock before it fails
   */
  public static Connection openReadWrite(Path file, Duration lockWait) throws SQLException {
    return open(file, SQLITE_OPEN_READWRITE, lockWait);
  }

  /**
   * A read-write connection for capture's own bookkeeping (installing, trimming and removing the
   * change log): in WAL mode with {@code synchronous = NORMAL}, since those writes need not survive
   * a power loss (a lost trim only leaves entries that are read again); NORMAL keeps WAL files
   * consistent and spares an fsync while holding the application's write lock.
   */
  public static Connection openForCapture(Path file, Duration lockWait) throws SQLException {
    Connection connection = openReadWrite(file, lockWait);
    try {
      if (walMode(connection)) {
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

  private static Connection open(Path file, int mode, Duration lockWait) throws SQLException {
    if (!Files.isRegularFile(file)) {
      throw new SQLException("no such SQLite file: " + file.toAbsolutePath());
    }
    Properties props = new Properties();
    props.setProperty("open_mode", Integer.toString(mode));
    Connection connection =
        DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), props);
    try {
      BusyHandler.setHandler(connection, new SqliteBusyWait(lockWait));
      // vec0 tables are read through TEMP views of their shadow tables
      SqliteVirtualTables.prepare(connection);
      return connection;
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  /**
   * Whether the file's readers keep its writers from committing: any journal mode but WAL (SQLite's
   * default {@code delete}, and {@code truncate}, {@code persist}, {@code memory}), where a read
   * transaction's shared lock holds every commit back until it ends.
   */
  public static boolean readersBlockWriters(Connection connection) throws SQLException {
    return !walMode(connection);
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
  public static <T> T inWriteTransaction(Connection connection, SqlWork<T> work)
      throws SQLException {
    return inTransaction(connection, "BEGIN IMMEDIATE", work);
  }

  /**
   * Runs reads in one read transaction ({@code BEGIN}): every read sees the same state of the file,
   * and the transaction ends (releasing SQLite's read lock) before this returns.
   */
  public static <T> T inReadTransaction(Connection connection, SqlWork<T> work)
      throws SQLException {
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
   * A failure {@link #isBusy} recognises: what a reader meets when the file cannot be read as it
   * needs yet, and retries.
   */
  public static SQLException busy(String message) {
    return new SQLException(message, "HY000", SQLITE_BUSY);
  }

  /**
   * True when a statement failed because another connection held a lock for longer than the busy
   * timeout (SQLITE_BUSY or SQLITE_LOCKED, extended codes included): worth trying again later.
   */
  public static boolean isBusy(SQLException e) {
    int primary = e.getErrorCode() & 0xff;
    return primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
  }

  /** Work on a connection inside a transaction. */
  @FunctionalInterface
  public interface SqlWork<T> {
    T run() throws SQLException;
  }
}
