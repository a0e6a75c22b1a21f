package io.tributary.cdc.capture;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

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

  static final String SOURCE_STATE =
      """
      SELECT s.migration_id, s.name, s.kind, s.location, m.state
        FROM tributary.sources s
        JOIN tributary.migrations m ON m.id = s.migration_id
       WHERE s.migration_id = $1 AND s.name = $2""";

  static final String ENDED_SQLITE_SOURCES =
      """
      SELECT s.migration_id, s.name, s.kind, s.location, m.state
        FROM tributary.sources s
        JOIN tributary.migrations m ON m.id = s.migration_id
       WHERE s.kind = 'sqlite' AND m.state IN ('CUT_OVER', 'ROLLED_BACK', 'FAILED')
       ORDER BY s.migration_id, s.name""";

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

  /** A source and the state of its migration; empty when no such source is recorded. */
  public Optional<SourceState> sourceState(String migration, String source) {
    for (Row row :
        pool.preparedQuery(SOURCE_STATE)
            .execute(Tuple.of(migration, source))
            .await()
            .atMost(TIMEOUT)) {
      return Optional.of(sourceState(row));
    }
    return Optional.empty();
  }

  /** SQLite sources of migrations that ended (cut over, rolled back or failed). */
  public List<SourceState> endedSqliteSources() {
    List<SourceState> out = new ArrayList<>();
    for (Row row : pool.query(ENDED_SQLITE_SOURCES).execute().await().atMost(TIMEOUT)) {
      out.add(sourceState(row));
    }
    return out;
  }

  private static SourceState sourceState(Row row) {
    return new SourceState(
        row.getString("migration_id"),
        row.getString("name"),
        row.getString("kind"),
        row.getString("location"),
        row.getString("state"));
  }

  /** Records that a table's snapshot is complete (after its rows were acknowledged by Kafka). */
  public void markSnapshotComplete(String migration, String source, String table, long rows) {
    pool.preparedQuery(SNAPSHOT_COMPLETE)
        .execute(Tuple.of(migration, source, table, rows))
        .await()
        .atMost(TIMEOUT);
  }
}
