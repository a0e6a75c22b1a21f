package io.tributary.source.sqlite.connect;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.sqlite.BusyHandler;

/**
 * How Tributary's statements on a SQLite source wait for a lock the application holds: they try
 * again every millisecond, up to the busy timeout. SQLite's own busy timeout backs off to 100 ms
 * between tries, and against an application that writes all the time a reader that tries that
 * rarely rarely finds the file unlocked (in rollback-journal mode each commit locks readers out);
 * trying often costs the application nothing, since a failed try takes no lock.
 */
final class SqliteBusyWait extends BusyHandler {
  private static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final long timeoutNanos;
  private long waitingSince;

  SqliteBusyWait(Duration timeout) {
    this.timeoutNanos = timeout.toNanos();
  }

  /**
   * @param previousCalls how often this handler was called for the same lock before
   * @return non-zero to try again, 0 to give up (the statement fails with SQLITE_BUSY)
   */
  @Override
  protected int callback(int previousCalls) {
    long now = System.nanoTime();
    if (previousCalls == 0) {
      waitingSince = now;
    }
    if (now - waitingSince >= timeoutNanos) {
      return 0;
    }
    // The only way to wait for a SQLite lock: SQLite has no notification when it is released.
    LockSupport.parkNanos(RETRY_NANOS);
    return 1;
  }
}
