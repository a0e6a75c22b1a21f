package io.tributary.orchestrator.validation;

import io.tributary.common.validation.ValidationStatus;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads the newest post-switch verification of migrations ({@link PostSwitchSummary}). */
@ApplicationScoped
public class PostSwitchResults {
  /** The newest post-switch request of each migration ($1 null: of every one), with its tables. */
  static final String NEWEST =
      """
      SELECT DISTINCT ON (r.migration_id)
             r.migration_id, r.id, r.status, r.requested_at, r.done_at, r.tables_total,
             r.tables_done, r.error,
             (SELECT coalesce(sum(coalesce(v.missing_rows, 0) + coalesce(v.extra_rows, 0)
                                  + coalesce(v.differing_rows, 0)), 0)
                FROM tributary.validations v
               WHERE v.request_id = r.id AND v.migration_id = r.migration_id) AS differing,
             (SELECT array_agg(v.source_name || '.' || v.source_table || ' ' || v.status
                               ORDER BY v.source_name, v.source_table)
                FROM tributary.validations v
               WHERE v.request_id = r.id AND v.migration_id = r.migration_id
                 AND v.status <> 'MATCH') AS tables
        FROM tributary.validation_requests r
       WHERE r.mode = 'postswitch' AND ($1::text IS NULL OR r.migration_id = $1::text)
         AND (NOT $2::boolean OR EXISTS (SELECT 1 FROM tributary.migrations m
                                          WHERE m.id = r.migration_id AND m.state = 'CUT_OVER'))
       ORDER BY r.migration_id, r.id DESC""";

  /** The newest post-switch verification of a migration, if one was asked for. */
  public Optional<PostSwitchSummary> newest(SqlClient client, String migration, Duration timeout) {
    return Optional.ofNullable(read(client, migration, false, timeout).get(migration));
  }

  /**
   * The newest post-switch verification of every migration in its fallback window (CUT_OVER), by
   * migration.
   */
  public Map<String, PostSwitchSummary> newestInWindows(SqlClient client, Duration timeout) {
    return read(client, null, true, timeout);
  }

  private static Map<String, PostSwitchSummary> read(
      SqlClient client, String migration, boolean inWindow, Duration timeout) {
    Map<String, PostSwitchSummary> out = new LinkedHashMap<>();
    for (Row row :
        client
            .preparedQuery(NEWEST)
            .execute(Tuple.of(migration, inWindow))
            .await()
            .atMost(timeout)) {
      out.put(row.getString("migration_id"), toSummary(row));
    }
    return out;
  }

  private static PostSwitchSummary toSummary(Row row) {
    String migration = row.getString("migration_id");
    String status = row.getString("status");
    long differing = row.getLong("differing");
    String[] tables = row.getArrayOfStrings("tables");
    return new PostSwitchSummary(
        row.getLong("id"),
        status,
        row.getOffsetDateTime("requested_at"),
        row.getOffsetDateTime("done_at"),
        row.getInteger("tables_total"),
        row.getInteger("tables_done"),
        differing,
        tables == null ? List.of() : List.of(tables),
        row.getString("error"),
        ValidationStatus.MISMATCH.name().equals(status)
            ? PostSwitchSummary.recommendation(migration, differing)
            : null);
  }
}
