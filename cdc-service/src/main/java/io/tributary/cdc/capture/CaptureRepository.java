package io.tributary.cdc.capture;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Capture's reads and writes of the control schema. */
@ApplicationScoped
public class CaptureRepository {
  static final String ACTIVE_SOURCES =
      """
      SELECT s.migration_id, s.name, s.kind, s.location, s.target_schema,
             coalesce(array_agg(t.topic ORDER BY t.topic) FILTER (WHERE t.topic IS NOT NULL), '{}') AS topics,
             coalesce(json_agg(t.definition ORDER BY t.topic) FILTER (WHERE t.topic IS NOT NULL), '[]')::text
               AS tables
        FROM tributary.sources s
        JOIN tributary.migrations m ON m.id = s.migration_id
        LEFT JOIN tributary.tables t ON t.migration_id = s.migration_id AND t.source_name = s.name
       WHERE m.state IN ('SNAPSHOTTING', 'REPLICATING', 'CUTTING_OVER')
       GROUP BY s.migration_id, s.name, s.kind, s.location, s.target_schema
       ORDER BY s.migration_id, s.name""";

  static final String SNAPSHOT_COMPLETE =
      """
      UPDATE tributary.tables SET snapshot_rows = $4, snapshot_done_at = coalesce(snapshot_done_at, now())
       WHERE migration_id = $1 AND source_name = $2 AND source_schema = 'main' AND source_table = $3""";

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private final Pool pool;

  public CaptureRepository(Pool pool) {
    this.pool = pool;
  }

  /** Sources of migrations in a capturing state. */
  public List<CapturedSource> activeSources() {
    List<CapturedSource> out = new ArrayList<>();
    for (Row row : pool.query(ACTIVE_SOURCES).execute().await().atMost(TIMEOUT)) {
      out.add(
          new CapturedSource(
              row.getString("migration_id"),
              row.getString("name"),
              row.getString("kind"),
              row.getString("location"),
              row.getString("target_schema"),
              Arrays.asList(row.getArrayOfStrings("topics")),
              row.getString("tables")));
    }
    return out;
  }

  /** Records that a table's snapshot is complete (after its rows were acknowledged by Kafka). */
  public void markSnapshotComplete(String migration, String source, String table, long rows) {
    pool.preparedQuery(SNAPSHOT_COMPLETE)
        .execute(Tuple.of(migration, source, table, rows))
        .await()
        .atMost(TIMEOUT);
  }
}
