package io.tributary.source.postgres.validate;

import io.tributary.source.spi.validate.SourceSide;
import io.tributary.source.spi.validate.TableActivity;
import io.tributary.source.spi.validate.TableKey;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each PostgreSQL source table was last seen written. PostgreSQL keeps no time of a table's
 * last write, so the validator remembers what it saw: a table counts as written at a look when its
 * write counters ({@link TableActivity}) changed since the previous look, or its rows did (row
 * count, or checksum when both looks computed one: the counters may be published seconds after the
 * rows change), and at its first look (nothing is known before it). The time is that of the look,
 * never earlier than the write, so differences are rather reported PENDING a little longer than
 * MISMATCH too early.
 */
public final class PostgresWriteClock {
  private final Map<TableKey, Seen> seen = new ConcurrentHashMap<>();

  /** What the last look saw. */
  private record Seen(TableActivity activity, long rows, String checksum, Instant since) {}

  /**
   * Records a look at a table and says when it was last seen written.
   *
   * @param activity its write counters now, null when they could not be read
   * @param side what was just read of its rows
   * @param now the time of this look
   */
  public Instant lastWrite(TableKey key, TableActivity activity, SourceSide side, Instant now) {
    Seen previous = seen.get(key);
    boolean changed =
        previous == null
            || !Objects.equals(previous.activity(), activity)
            || previous.rows() != side.rows()
            || (side.checksum() != null
                && previous.checksum() != null
                && !side.checksum().equals(previous.checksum()));
    Instant since = changed ? now : previous.since();
    String checksum = side.checksum();
    if (checksum == null && previous != null && previous.rows() == side.rows()) {
      checksum = previous.checksum(); // only counted this time: keep the last known checksum
    }
    seen.put(key, new Seen(activity, side.rows(), checksum, since));
    return since;
  }
}
