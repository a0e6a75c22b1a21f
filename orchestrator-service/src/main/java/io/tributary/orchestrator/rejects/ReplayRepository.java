package io.tributary.orchestrator.rejects;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Replay requests in the control schema ({@code tributary.replays}); cdc-service carries them out.
 */
@ApplicationScoped
public class ReplayRepository {
  static final String SOURCES =
      "SELECT name, kind FROM tributary.sources WHERE migration_id = $1 ORDER BY name";

  static final String REQUEST =
      """
      INSERT INTO tributary.replays (migration_id, source_name, source_table)
      VALUES ($1, $2, $3) RETURNING id, requested_at""";

  static final String LIST =
      """
      SELECT id, source_name, source_table, requested_at, done_at, replayed_rows, skipped_rows, error
        FROM tributary.replays WHERE migration_id = $1 ORDER BY id""";

  /** The migration's sources: name to kind. */
  public Uni<List<String[]>> sources(SqlClient client, String migration) {
    return client
        .preparedQuery(SOURCES)
        .execute(Tuple.of(migration))
        .map(
            rows -> {
              List<String[]> out = new ArrayList<>();
              rows.forEach(r -> out.add(new String[] {r.getString("name"), r.getString("kind")}));
              return out;
            });
  }

  /** Requests a replay; the request as recorded. */
  public Uni<ReplayRequest> request(
      SqlClient client, String migration, String source, String table) {
    return client
        .preparedQuery(REQUEST)
        .execute(Tuple.of(migration, source, table))
        .map(
            rows -> {
              Row r = rows.iterator().next();
              return new ReplayRequest(
                  r.getLong("id"),
                  source,
                  table,
                  r.getOffsetDateTime("requested_at"),
                  null,
                  null,
                  null,
                  null);
            });
  }

  public Uni<List<ReplayRequest>> list(SqlClient client, String migration) {
    return client
        .preparedQuery(LIST)
        .execute(Tuple.of(migration))
        .map(
            rows -> {
              List<ReplayRequest> out = new ArrayList<>();
              for (Row r : rows) {
                out.add(
                    new ReplayRequest(
                        r.getLong("id"),
                        r.getString("source_name"),
                        r.getString("source_table"),
                        r.getOffsetDateTime("requested_at"),
                        r.getOffsetDateTime("done_at"),
                        r.getLong("replayed_rows"),
                        r.getLong("skipped_rows"),
                        r.getString("error")));
              }
              return out;
            });
  }
}
