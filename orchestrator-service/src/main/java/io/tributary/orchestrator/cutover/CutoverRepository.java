package io.tributary.orchestrator.cutover;

import io.tributary.common.control.CutoverOutcome;
import io.tributary.common.control.MigrationState;
import io.tributary.common.plan.PostgresUrl;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads and writes {@code tributary.cutovers} and the cutover steps of the audit log ({@code
 * tributary.events} rows with a {@code step}). Blocking: the cutover runs on a worker thread of its
 * own, never on an event loop.
 */
@ApplicationScoped
public class CutoverRepository {
  static final String COLUMNS =
      """
      id, migration_id, requested_by, reason, requested_at, step, frozen::text AS frozen,
      frozen_at, switch_started_at, switched_at, write_pause_ms, finished_at, outcome, detail""";

  /** At most one open cutover per migration (unique partial index {@code cutovers_open}). */
  static final String INSERT =
      "INSERT INTO tributary.cutovers (migration_id, requested_by, reason, step)"
          + " VALUES ($1, $2, $3, $4) RETURNING "
          + COLUMNS;

  /** A fallback: a cutover backwards, journalled in the same table. */
  static final String INSERT_FALLBACK =
      "INSERT INTO tributary.cutovers (migration_id, requested_by, reason, step, direction)"
          + " VALUES ($1, $2, $3, $4, 'fallback') RETURNING "
          + COLUMNS;

  static final String LATEST_FALLBACK =
      "SELECT "
          + COLUMNS
          + " FROM tributary.cutovers WHERE migration_id = $1 AND direction = 'fallback'"
          + " ORDER BY id DESC LIMIT 1";

  static final String OPEN =
      "SELECT "
          + COLUMNS
          + " FROM tributary.cutovers WHERE finished_at IS NULL AND direction = 'cutover'"
          + " ORDER BY id";

  static final String LATEST =
      "SELECT "
          + COLUMNS
          + " FROM tributary.cutovers WHERE migration_id = $1 AND direction = 'cutover'"
          + " ORDER BY id DESC LIMIT 1";

  static final String SET_STEP = "UPDATE tributary.cutovers SET step = $2 WHERE id = $1";

  static final String FROZEN =
      """
      UPDATE tributary.cutovers SET frozen = $2::text::jsonb,
             frozen_at = coalesce(frozen_at, now())
       WHERE id = $1""";

  static final String SWITCH_STARTED =
      """
      UPDATE tributary.cutovers SET switch_started_at = coalesce(switch_started_at, now())
       WHERE id = $1""";

  static final String SWITCHED =
      """
      UPDATE tributary.cutovers SET switched_at = now(),
             write_pause_ms = (extract(epoch FROM now() - frozen_at) * 1000)::bigint
       WHERE id = $1""";

  static final String FINISH =
      """
      UPDATE tributary.cutovers SET finished_at = now(), outcome = $2, detail = $3, step = $4,
             write_pause_ms = coalesce(write_pause_ms,
               (extract(epoch FROM now() - frozen_at) * 1000)::bigint)
       WHERE id = $1 AND finished_at IS NULL""";

  static final String STEP_EVENT =
      """
      INSERT INTO tributary.events
        (migration_id, from_state, to_state, actor, reason, cutover_id, step, duration_ms)
      VALUES ($1, $2, $2, $3, $4, $5, $6, $7)""";

  static final String STEPS =
      """
      SELECT step, at, duration_ms, reason FROM tributary.events
       WHERE cutover_id = $1 AND step IS NOT NULL ORDER BY id""";

  /**
   * Opens a cutover.
   *
   * @return empty when the migration has an open cutover already
   */
  public Optional<Cutover> open(
      SqlClient client, String migration, String by, String reason, Duration timeout) {
    try {
      return first(
          client
              .preparedQuery(INSERT)
              .execute(Tuple.of(migration, by, reason, "prepare"))
              .await()
              .atMost(timeout));
    } catch (PgException e) {
      if ("23505".equals(e.getSqlState())) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * Opens a fallback.
   *
   * @return empty when the migration has an open cutover or fallback already
   */
  public Optional<Cutover> openFallback(
      SqlClient client, String migration, String by, String reason, String step, Duration timeout) {
    try {
      return first(
          client
              .preparedQuery(INSERT_FALLBACK)
              .execute(Tuple.of(migration, by, reason, step))
              .await()
              .atMost(timeout));
    } catch (PgException e) {
      if ("23505".equals(e.getSqlState())) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** The migration's newest fallback. */
  public Optional<Cutover> latestFallback(SqlClient client, String migration, Duration timeout) {
    return first(
        client.preparedQuery(LATEST_FALLBACK).execute(Tuple.of(migration)).await().atMost(timeout));
  }

  /** Cutovers not finished, oldest first (a restarted orchestrator takes them up). */
  public List<Cutover> unfinished(SqlClient client, Duration timeout) {
    List<Cutover> out = new ArrayList<>();
    client.query(OPEN).execute().await().atMost(timeout).forEach(r -> out.add(toCutover(r)));
    return out;
  }

  /** The migration's newest cutover. */
  public Optional<Cutover> latest(SqlClient client, String migration, Duration timeout) {
    return first(client.preparedQuery(LATEST).execute(Tuple.of(migration)).await().atMost(timeout));
  }

  public void step(SqlClient client, long id, String step, Duration timeout) {
    client.preparedQuery(SET_STEP).execute(Tuple.of(id, step)).await().atMost(timeout);
  }

  /** Records what the freeze does (written before it acts, so a restart can undo it). */
  public void frozen(SqlClient client, long id, String frozenJson, Duration timeout) {
    client.preparedQuery(FROZEN).execute(Tuple.of(id, frozenJson)).await().atMost(timeout);
  }

  public void switchStarted(SqlClient client, long id, Duration timeout) {
    client.preparedQuery(SWITCH_STARTED).execute(Tuple.of(id)).await().atMost(timeout);
  }

  public void switched(SqlClient client, long id, Duration timeout) {
    client.preparedQuery(SWITCHED).execute(Tuple.of(id)).await().atMost(timeout);
  }

  /** Ends a cutover (once: a finished cutover is not changed). */
  public void finish(
      SqlClient client,
      long id,
      CutoverOutcome outcome,
      String detail,
      String step,
      Duration timeout) {
    client
        .preparedQuery(FINISH)
        .execute(Tuple.of(id, outcome.wire(), detail, step))
        .await()
        .atMost(timeout);
  }

  /** Appends one step's outcome to the audit log. */
  public void stepEvent(
      SqlClient client,
      String migration,
      MigrationState state,
      String actor,
      String detail,
      long cutover,
      String step,
      long durationMs,
      Duration timeout) {
    client
        .preparedQuery(STEP_EVENT)
        .execute(
            Tuple.tuple(List.of(migration, state.name(), actor, detail, cutover, step, durationMs)))
        .await()
        .atMost(timeout);
  }

  /**
   * The longest lock one of a cutover's reads of a source held ({@code source_lock_ms} of the
   * validations of the migration between the cutover's request and its end).
   */
  static final String SOURCE_LOCK =
      """
      SELECT max(source_lock_ms) FROM tributary.validations
       WHERE migration_id = $1 AND at >= $2 AND at <= coalesce($3, now())""";

  /** The longest lock one of the cutover's reads held on a source, null when none did. */
  public Long sourceLockMs(SqlClient client, Cutover cutover, Duration timeout) {
    for (Row row :
        client
            .preparedQuery(SOURCE_LOCK)
            .execute(Tuple.of(cutover.migration(), cutover.requestedAt(), cutover.finishedAt()))
            .await()
            .atMost(timeout)) {
      return row.getLong(0);
    }
    return null;
  }

  /** A cutover's step outcomes, in order. */
  public List<CutoverStepReport> steps(SqlClient client, long cutover, Duration timeout) {
    List<CutoverStepReport> out = new ArrayList<>();
    client
        .preparedQuery(STEPS)
        .execute(Tuple.of(cutover))
        .await()
        .atMost(timeout)
        .forEach(
            r ->
                out.add(
                    new CutoverStepReport(
                        r.getString("step"),
                        r.getOffsetDateTime("at"),
                        r.getLong("duration_ms"),
                        PostgresUrl.redactAll(r.getString("reason")))));
    return out;
  }

  private static Optional<Cutover> first(RowSet<Row> rows) {
    for (Row row : rows) {
      return Optional.of(toCutover(row));
    }
    return Optional.empty();
  }

  private static Cutover toCutover(Row r) {
    return new Cutover(
        r.getLong("id"),
        r.getString("migration_id"),
        r.getString("requested_by"),
        r.getString("reason"),
        r.getOffsetDateTime("requested_at"),
        r.getString("step"),
        r.getString("frozen"),
        r.getOffsetDateTime("frozen_at"),
        r.getOffsetDateTime("switch_started_at"),
        r.getOffsetDateTime("switched_at"),
        r.getLong("write_pause_ms"),
        r.getOffsetDateTime("finished_at"),
        CutoverOutcome.parse(r.getString("outcome")),
        r.getString("detail"));
  }
}
