package io.tributary.source.sqlite.validate;

import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAccumulator;

/**
 * The longest time validation's reads held the lock of each SQLite source file in a
 * rollback-journal mode, where a reader keeps every writer from committing: recorded by {@link
 * ShortReads} at each read transaction's end, taken (and so reset) with each comparison's result,
 * which reports it as the longest an application's commit could have waited on Tributary's reads.
 */
public final class ReadHolds {
  private static final ConcurrentHashMap<Path, LongAccumulator> LONGEST = new ConcurrentHashMap<>();

  private ReadHolds() {}

  /** A read transaction of {@code file} held its lock {@code nanos}. */
  public static void held(Path file, long nanos) {
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
