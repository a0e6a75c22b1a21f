package io.tributary.cdc.capture;

import io.tributary.source.spi.capture.OpenReject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays of rejects in the control schema: requests ({@code tributary.replays}) and the open
 * rejects they cover ({@code tributary.rejects} not yet replayed).
 */
@ApplicationScoped
public class ReplayRepository {
  /** A requested replay: which source, and which of its tables (null: every table). */
  public record Request(long id, String migration, String source, String table) {}

  static final String PENDING =
      """
      SELECT id, migration_id, source_name, source_table FROM tributary.replays
       WHERE done_at IS NULL AND error IS NULL
         AND requested_at <= now() - make_interval(secs => $1)
       ORDER BY id""";

  static final String OPEN_REJECTS =
      """
      SELECT id, source_table, row_key FROM tributary.rejects
       WHERE migration_id = $1 AND source_name = $2 AND replayed_at IS NULL
         AND ($3::text IS NULL OR source_table = $3)
       ORDER BY id""";

  static final String MARK_REPLAYED =
      """
      UPDATE tributary.rejects SET replayed_at = now(), replay_id = $1
       WHERE id = ANY($2::bigint[]) AND replayed_at IS NULL""";

  static final String DONE =
      """
      UPDATE tributary.replays SET done_at = now(), replayed_rows = $2, skipped_rows = $3,
             error = $4
       WHERE id = $1""";

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private final Pool pool;

  public ReplayRepository(Pool pool) {
    this.pool = pool;
  }

  /**
   * Replays requested at least {@code delay} ago and not yet done: a plan change recorded just
   * before the request has by then been read by every apply instance.
   */
  public List<Request> pending(Duration delay) {
    List<Request> out = new ArrayList<>();
    for (Row r :
        pool.preparedQuery(PENDING)
            .execute(Tuple.of(delay.toMillis() / 1000.0))
            .await()
            .atMost(TIMEOUT)) {
      out.add(
          new Request(
              r.getLong("id"),
              r.getString("migration_id"),
              r.getString("source_name"),
              r.getString("source_table")));
    }
    return out;
  }

  /** The open rejects a replay covers. */
  public List<OpenReject> openRejects(Request request) {
    List<OpenReject> out = new ArrayList<>();
    for (Row r :
        pool.preparedQuery(OPEN_REJECTS)
            .execute(Tuple.of(request.migration(), request.source(), request.table()))
            .await()
            .atMost(TIMEOUT)) {
      out.add(new OpenReject(r.getLong("id"), r.getString("source_table"), r.getString("row_key")));
    }
    return out;
  }

  /**
   * Records the replay's outcome: the rejects whose rows went back into the change stream are
   * replayed (a row that fails again is rejected again under its new record).
   */
  public void done(long replay, List<Long> replayed, long skipped, String error) {
    pool.withTransaction(
            c ->
                c.preparedQuery(MARK_REPLAYED)
                    .execute(Tuple.of(replay, replayed.toArray(Long[]::new)))
                    .chain(
                        () ->
                            c.preparedQuery(DONE)
                                .execute(Tuple.of(replay, (long) replayed.size(), skipped, error))))
        .await()
        .atMost(TIMEOUT);
  }
}
