package io.tributary.validator.deep;

import io.tributary.common.validation.ValidationMode;
import io.tributary.common.validation.ValidationStatus;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The validator's side of {@code tributary.validation_requests}: claims the oldest request nobody
 * started, records progress and the outcome. Requests a previous run of the validator started and
 * never finished are started over ({@link #releaseUnfinished}). Blocking.
 */
@ApplicationScoped
class RequestRepository {
  static final String CLAIM =
      """
      UPDATE tributary.validation_requests SET started_at = now()
       WHERE id = (SELECT id FROM tributary.validation_requests
                    WHERE started_at IS NULL AND done_at IS NULL
                    ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
      RETURNING id, migration_id, mode, source_name, source_table, requested_by, since_fences,
                until_fences""";

  static final String RELEASE_UNFINISHED =
      """
      UPDATE tributary.validation_requests
         SET started_at = NULL, tables_total = NULL, tables_done = NULL
       WHERE started_at IS NOT NULL AND done_at IS NULL""";

  static final String PROGRESS =
      "UPDATE tributary.validation_requests SET tables_total = $2, tables_done = $3 WHERE id = $1";

  static final String FINISH =
      """
      UPDATE tributary.validation_requests SET done_at = now(), status = $2, error = $3
       WHERE id = $1""";

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final Pool pool;

  public RequestRepository(Pool pool) {
    this.pool = pool;
  }

  /** The oldest request not started yet, now marked started; empty when there is none. */
  public Optional<ValidationRequest> claim() {
    RowIterator<Row> rows = pool.query(CLAIM).execute().await().atMost(TIMEOUT).iterator();
    if (!rows.hasNext()) {
      return Optional.empty();
    }
    Row row = rows.next();
    return Optional.of(
        new ValidationRequest(
            row.getLong("id"),
            row.getString("migration_id"),
            ValidationMode.parse(row.getString("mode")),
            row.getString("source_name"),
            row.getString("source_table"),
            row.getString("requested_by"),
            fences(row.getArrayOfLongs("since_fences")),
            fences(row.getArrayOfLongs("until_fences"))));
  }

  private static List<Long> fences(Long[] ids) {
    return ids == null ? List.of() : Arrays.asList(ids);
  }

  /** Makes requests started but never finished (the validator stopped) wait to start again. */
  public int releaseUnfinished() {
    return pool.query(RELEASE_UNFINISHED).execute().await().atMost(TIMEOUT).rowCount();
  }

  public void progress(long id, int total, int done) {
    pool.preparedQuery(PROGRESS).execute(Tuple.of(id, total, done)).await().atMost(TIMEOUT);
  }

  /** Records the outcome: the worst status of the tables, or ERROR with why. */
  public void finish(long id, ValidationStatus status, String error) {
    pool.preparedQuery(FINISH).execute(Tuple.of(id, status.name(), error)).await().atMost(TIMEOUT);
  }
}
