package io.tributary.source.sqlite.capture;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What capture's periodic scans for {@code vec0} rows changed in place cost ({@link
 * Vec0ChangeScan}): the CPU time of the thread that ran each (JVM thread CPU time: the hashing and
 * SQLite's reads alike), said in the log once per {@code reportEveryMs} when there were scans:
 *
 * <pre>
 * vec0 scans of /data/app.db: 30 scans in 60.0 s, CPU 2415 ms (4.0 % of one core), longest 131 ms;
 * 5880 chunks read, 12 changed, 40 rows logged as updates
 * </pre>
 */
final class Vec0ScanCost {
  private static final Logger LOG = LoggerFactory.getLogger(Vec0ScanCost.class);
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final Path file;
  private final long reportEveryNanos;
  private long windowStart = System.nanoTime();
  private int scans;
  private long cpuNanos;
  private long longestNanos;
  private Vec0ChangeScan.Result done = Vec0ChangeScan.Result.NONE;

  Vec0ScanCost(Path file, long reportEveryMs) {
    this.file = file;
    this.reportEveryNanos = reportEveryMs * 1_000_000L;
  }

  /** The current thread's CPU time so far (nanoseconds); -1 where the JVM cannot tell. */
  static long threadCpuNanos() {
    return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
  }

  /**
   * Counts one scan.
   *
   * @param cpuNanos the CPU time the scanning thread spent on it
   * @param wallNanos how long it took
   */
  void scanned(long cpuNanos, long wallNanos, Vec0ChangeScan.Result result) {
    scans++;
    this.cpuNanos += Math.max(0, cpuNanos);
    longestNanos = Math.max(longestNanos, wallNanos);
    done = done.plus(result);
    LOG.debug(
        "vec0 scan of {}: {} chunks read, {} changed, {} rows logged; {} ms, CPU {} ms",
        file,
        result.chunks(),
        result.changedChunks(),
        result.logged(),
        wallNanos / 1_000_000,
        cpuNanos / 1_000_000);
    reportIfDue();
  }

  /** Says the window's cost when it is over (also called when no scan was due). */
  void reportIfDue() {
    long now = System.nanoTime();
    long window = now - windowStart;
    if (window < reportEveryNanos) {
      return;
    }
    if (scans > 0) {
      LOG.info(
          String.format(
              Locale.ROOT,
              "vec0 scans of %s: %d scans in %.1f s, CPU %d ms (%.1f %% of one core), longest %d"
                  + " ms; %d chunks read, %d changed, %d rows logged as updates",
              file,
              scans,
              window / 1e9,
              cpuNanos / 1_000_000,
              100.0 * cpuNanos / window,
              longestNanos / 1_000_000,
              done.chunks(),
              done.changedChunks(),
              done.logged()));
    }
    windowStart = now;
    scans = 0;
    cpuNanos = 0;
    longestNanos = 0;
    done = Vec0ChangeScan.Result.NONE;
  }
}
