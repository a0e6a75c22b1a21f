package io.tributary.source.sqlite.validate;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The longest time validation's reads held the lock of each SQLite source file in a
 * rollback-journal mode, where a reader keeps every writer from committing: recorded by {@link
 * ShortReads} at each read transaction's end, taken (and so reset) with each comparison's result,
 * which reports it as the longest an application's commit could have waited on Tributary's reads.
 *
 * <p>A hold is timed from the moment its read transaction has the file's shared lock ({@link
 * #begin}) to its end: a read that first waits for a writer's commit (a committing writer keeps new
 * readers out, and on a loaded disk its fsyncs can take seconds) holds nothing while it waits, and
 * that wait is no application's wait on Tributary.
 */
public final class ReadHolds {
  private static final Logger LOG = LoggerFactory.getLogger(ReadHolds.class);

  /** A hold longer than this is logged: an application's commit may have waited as long. */
  static final long LOGGED_MS = 100;

  private static final ConcurrentHashMap<Path, LongAccumulator> LONGEST = new ConcurrentHashMap<>();

  private ReadHolds() {}

  /**
   * A statement that takes a read transaction's shared lock and reads nothing else (the database
   * header's schema cookie).
   */
  static final String TAKE_LOCK = "PRAGMA schema_version";

  /**
   * Takes the shared lock of the connection's read transaction (waiting, as its busy handler does,
   * while a writer commits) and returns {@link System#nanoTime()} once it has it: the start of the
   * transaction's hold, which lasts until the transaction ends.
   */
  public static long begin(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(TAKE_LOCK)) {
      rs.next();
    }
    return System.nanoTime();
  }

  /** A read transaction of {@code file} held its lock {@code nanos}. */
  public static void held(Path file, long nanos) {
    if (nanos > LOGGED_MS * 1_000_000) {
      LOG.info(
          "A read of {} held its lock {} ms (thread {}): an application's commit may have waited"
              + " as long",
          file,
          nanos / 1_000_000,
          Thread.currentThread().getName());
    }
    LONGEST
        .computeIfAbsent(file.toAbsolutePath(), f -> new LongAccumulator(Math::max, 0))
        .accumulate(nanos);
  }

  /**
   * The longest hold of {@code file}'s lock recorded since the last take, in milliseconds; null
   * when none was (a WAL file, whose readers block no writer, or no read).
   */
  public static Long take(Path file) {
    LongAccumulator longest = LONGEST.remove(file.toAbsolutePath());
    return longest == null ? null : longest.get() / 1_000_000;
  }
}
