package io.tributary.validator.changes;

import io.tributary.common.control.CaptureNames;
import io.tributary.common.event.ChangeEventCodec;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where validation in reverse stands: the fallback window's write-back position ({@code
 * tributary.fallback_windows.applied_lsn}), each table's verified position ({@code
 * tributary.reverse_verified}), and the position marks it writes into the target's WAL to wait for
 * the write-back to pass a point.
 */
@ApplicationScoped
public class ReverseMarks {
  static final String WINDOW =
      """
      SELECT applied_lsn::text AS applied_lsn, closed_at IS NULL AS open
        FROM tributary.fallback_windows WHERE migration_id = $1""";

  static final String VERIFIED =
      """
      SELECT source_name, source_table, verified_lsn::text AS verified_lsn
        FROM tributary.reverse_verified WHERE migration_id = $1""";

  static final String VERIFY =
      """
      INSERT INTO tributary.reverse_verified
             (migration_id, source_name, source_table, verified_lsn, verified_at, rows_compared)
      SELECT $1, $2, $3, $4::text::pg_lsn, now(), $5
       WHERE EXISTS (SELECT 1 FROM tributary.fallback_windows w
                      WHERE w.migration_id = $1 AND w.closed_at IS NULL)
      ON CONFLICT (migration_id, source_name, source_table) DO UPDATE
         SET verified_lsn = greatest(tributary.reverse_verified.verified_lsn, excluded.verified_lsn),
             verified_at = now(),
             rows_compared = tributary.reverse_verified.rows_compared + excluded.rows_compared""";

  /** A mark in the target's WAL, which the write-back records as its position once it passed it. */
  static final String MARK = "SELECT pg_logical_emit_message(true, $1, $2)::text";

  static final String PASSED =
      """
      SELECT coalesce(applied_lsn >= $2::text::pg_lsn, false)
        FROM tributary.fallback_windows WHERE migration_id = $1""";

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final long POLL_MS = 50;

  private final Pool pool;

  public ReverseMarks(Pool pool) {
    this.pool = pool;
  }

  /**
   * A migration's fallback window as validation in reverse needs it.
   *
   * @param appliedLsn how far the write-back got; null before its first change
   * @param open false once finished or closed by a fallback
   */
  public record Window(String appliedLsn, boolean open) {}

  public Optional<Window> window(String migration) {
    for (Row row :
        pool.preparedQuery(WINDOW).execute(Tuple.of(migration)).await().atMost(TIMEOUT)) {
      return Optional.of(new Window(row.getString("applied_lsn"), row.getBoolean("open")));
    }
    return Optional.empty();
  }

  /** Each table's verified position, by {@code source + "\0" + table}. */
  public Map<String, String> verified(String migration) {
    Map<String, String> out = new HashMap<>();
    for (Row row :
        pool.preparedQuery(VERIFIED).execute(Tuple.of(migration)).await().atMost(TIMEOUT)) {
      out.put(
          row.getString("source_name") + "\0" + row.getString("source_table"),
          row.getString("verified_lsn"));
    }
    return out;
  }

  /** Moves a table's verified position up to {@code lsn} (never down), while the window is open. */
  public void verify(String migration, String source, String table, String lsn, long rows) {
    pool.preparedQuery(VERIFY)
        .execute(Tuple.of(migration, source, table, lsn, rows))
        .await()
        .atMost(TIMEOUT);
  }

  /**
   * Writes a position mark into the target's WAL.
   *
   * @return its position
   */
  public String mark(String migration) {
    String content =
        ChangeEventCodec.MAPPER
            .createObjectNode()
            .put("migration", migration)
            .put("mark", true)
            .toString();
    return pool.preparedQuery(MARK)
        .execute(Tuple.of(CaptureNames.REVERSE_FENCE_PREFIX, content))
        .await()
        .atMost(TIMEOUT)
        .iterator()
        .next()
        .getString(0);
  }

  /**
   * Writes a mark into the target's WAL and waits until the write-back passed it: every change the
   * target had made before is then in the sources and in {@code tributary.reverse_changed_keys}.
   *
   * @return false when the write-back did not pass it within {@code wait} (or the wait was
   *     interrupted)
   */
  public boolean settle(String migration, Duration wait) {
    String mark = mark(migration);
    long deadline = System.nanoTime() + wait.toNanos();
    while (!passed(migration, mark)) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(POLL_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  /** True once the write-back's position is at {@code lsn} or past it. */
  public boolean passed(String migration, String lsn) {
    for (Row row :
        pool.preparedQuery(PASSED).execute(Tuple.of(migration, lsn)).await().atMost(TIMEOUT)) {
      return Boolean.TRUE.equals(row.getBoolean(0));
    }
    return false;
  }
}
