package io.tributary.orchestrator.state;

import io.smallrye.mutiny.Uni;
import io.tributary.common.control.MigrationState;
import io.tributary.common.plan.PostgresUrl;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** Appends to and reads the audit log {@code tributary.events}. */
@ApplicationScoped
public class AuditLogRepository {
  static final String INSERT =
      """
      INSERT INTO tributary.events (migration_id, from_state, to_state, actor, reason)
      VALUES ($1, $2, $3, $4, $5)
      RETURNING at""";

  static final String SELECT_FOR_MIGRATION =
      """
      SELECT id, at, from_state, to_state, actor, reason, cutover_id, step, duration_ms
      FROM tributary.events WHERE migration_id = $1 ORDER BY id""";

  /**
   * Appends one state change; its time is the recording transaction's.
   *
   * @param from null when the migration is created
   */
  public Uni<StateTransition> append(
      SqlClient client,
      String migration,
      MigrationState from,
      MigrationState to,
      String actor,
      String reason) {
    return client
        .preparedQuery(INSERT)
        .execute(Tuple.of(migration, from == null ? null : from.name(), to.name(), actor, reason))
        .map(
            rows ->
                new StateTransition(
                    migration,
                    from,
                    to,
                    actor,
                    reason,
                    rows.iterator().next().getOffsetDateTime("at")));
  }

  /** A migration's audit log, oldest first. */
  public Uni<List<AuditEvent>> list(SqlClient client, String migration) {
    return client
        .preparedQuery(SELECT_FOR_MIGRATION)
        .execute(Tuple.of(migration))
        .map(
            rows -> {
              List<AuditEvent> events = new ArrayList<>();
              rows.forEach(row -> events.add(toEvent(row)));
              return events;
            });
  }

  private static AuditEvent toEvent(Row row) {
    String from = row.getString("from_state");
    return new AuditEvent(
        row.getLong("id"),
        row.getOffsetDateTime("at"),
        from == null ? null : MigrationState.valueOf(from),
        MigrationState.valueOf(row.getString("to_state")),
        row.getString("actor"),
        // shown by the API: a URL or connection string quoted in a step's words keeps no password
        PostgresUrl.redactAll(row.getString("reason")),
        row.getLong("cutover_id"),
        row.getString("step"),
        row.getLong("duration_ms"));
  }
}
