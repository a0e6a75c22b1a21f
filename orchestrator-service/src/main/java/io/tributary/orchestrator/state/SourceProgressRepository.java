package io.tributary.orchestrator.state;

import io.smallrye.mutiny.Uni;
import io.tributary.common.plan.PostgresUrl;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** Reads the sources of a migration with what capture recorded of them. */
@ApplicationScoped
public class SourceProgressRepository {
  static final String SELECT_FOR_MIGRATION =
      """
      SELECT name, kind, target_schema, capture_lag_bytes, capture_retained_bytes,
             capture_checked_at, capture_error, capture_error_at, capture_failures
        FROM tributary.sources WHERE migration_id = $1 ORDER BY name""";

  /** The sources of a migration, by name. */
  public Uni<List<SourceProgress>> list(SqlClient client, String migration) {
    return client
        .preparedQuery(SELECT_FOR_MIGRATION)
        .execute(Tuple.of(migration))
        .map(
            rows -> {
              List<SourceProgress> out = new ArrayList<>();
              rows.forEach(
                  row ->
                      out.add(
                          new SourceProgress(
                              row.getString("name"),
                              row.getString("kind"),
                              row.getString("target_schema"),
                              row.getLong("capture_lag_bytes"),
                              row.getLong("capture_retained_bytes"),
                              row.getOffsetDateTime("capture_checked_at"),
                              // shown by the API: a driver's words never carry a password
                              PostgresUrl.redactAll(row.getString("capture_error")),
                              row.getOffsetDateTime("capture_error_at"),
                              row.getInteger("capture_failures"))));
              return out;
            });
  }
}
