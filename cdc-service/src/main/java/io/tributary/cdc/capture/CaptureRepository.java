package io.tributary.cdc.capture;

import io.tributary.capture.RemovalRecords;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.control.CaptureStatements;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.plan.SourceKind;
import io.tributary.source.spi.capture.CaptureRecords;
import io.tributary.source.spi.capture.CapturedSource;
import io.tributary.source.spi.capture.SnapshotRange;
import io.tributary.source.spi.capture.SourceState;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.Optional;
import java.util.Set;

/**
 * Capture's reads and writes of the control schema's sources, migrations and tables: which sources
 * to capture (or not, paused or ended), snapshot progress, replica identities. Fences are in {@link
 * FenceRepository}, a capture's error and slot lag in {@link CaptureHealthRepository}.
 */
@ApplicationScoped
public class CaptureRepository implements CaptureRecords, RemovalRecords {
  static final String ACTIVE_SOURCES =
      """
      SELECT s.migration_id, s.name, s.kind, s.location, s.target_schema,
             m.paused_at::text AS paused_at, m.paused_by,
             s.capture_resumed_at IS NOT NULL AS stream_only,
             coalesce(array_agg(t.topic ORDER BY t.topic) FILTER (WHERE t.topic IS NOT NULL), '{}') AS topics,
      """
          + CaptureStatements.SOURCE_TABLES
          + """
       WHERE m.state = ANY($1)
       GROUP BY s.migration_id, s.name, s.kind, s.location, s.target_schema, m.paused_at,
                m.paused_by, s.capture_resumed_at
       ORDER BY s.migration_id, s.name""";

  /** Sources a fallback asked to have their change capture installed again, not done yet. */
  static final String RESUME_REQUESTS =
      """
      SELECT s.migration_id, s.name, s.kind, s.location, s.target_schema,
             coalesce(array_agg(t.topic ORDER BY t.topic) FILTER (WHERE t.topic IS NOT NULL), '{}') AS topics,
             coalesce(json_agg(t.definition ORDER BY t.topic) FILTER (WHERE t.topic IS NOT NULL), '[]')::text
               AS tables
        FROM tributary.sources s
        JOIN tributary.migrations m ON m.id = s.migration_id
        LEFT JOIN tributary.tables t ON t.migration_id = s.migration_id AND t.source_name = s.name
       WHERE m.state = 'FALLING_BACK' AND s.capture_resume_requested_at IS NOT NULL
         AND s.capture_resumed_at IS NULL AND s.capture_resume_error IS NULL
       GROUP BY s.migration_id, s.name, s.kind, s.location, s.target_schema
       ORDER BY s.migration_id, s.name""";

  static final String CAPTURE_RESUMED =
      """
      UPDATE tributary.sources
         SET capture_resumed_at = CASE WHEN $3::text IS NULL THEN now() END,
             capture_resume_error = $3, capture_removed_at = CASE WHEN $3::text IS NULL THEN NULL
                                                                  ELSE capture_removed_at END
       WHERE migration_id = $1 AND name = $2 AND capture_resume_requested_at IS NOT NULL""";

  static final String SOURCE_STATE =
      """
      SELECT s.migration_id, s.name, s.kind, s.location, m.state
        FROM tributary.sources s
        JOIN tributary.migrations m ON m.id = s.migration_id
       WHERE s.migration_id = $1 AND s.name = $2""";

  static final String PAUSE =
      "SELECT paused_by, paused_at::text AS paused_at FROM tributary.migrations"
          + " WHERE id = $1 AND paused_at IS NOT NULL";

  static final String ENDED_SOURCES =
      """
      SELECT s.migration_id, s.name, s.kind, s.location, m.state
        FROM tributary.sources s
        JOIN tributary.migrations m ON m.id = s.migration_id
       WHERE s.kind = ANY($2) AND m.state = ANY($1) AND s.capture_removed_at IS NULL
       ORDER BY s.migration_id, s.name""";

  static final String RECORD_REPLICA_IDENTITY =
      """
      UPDATE tributary.tables SET source_replica_identity = $5
       WHERE migration_id = $1 AND source_name = $2 AND source_schema = $3 AND source_table = $4
         AND source_replica_identity IS NULL""";

  static final String CHANGED_REPLICA_IDENTITIES =
      """
      SELECT definition::text AS definition FROM tributary.tables
       WHERE migration_id = $1 AND source_name = $2 AND source_replica_identity IS NOT NULL
       ORDER BY topic""";

  static final String CLEAR_REPLICA_IDENTITIES =
      """
      UPDATE tributary.tables SET source_replica_identity = NULL
       WHERE migration_id = $1 AND source_name = $2""";

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private final Pool pool;

  public CaptureRepository(Pool pool) {
    this.pool = pool;
  }

  /**
   * Sources of migrations in a capturing state ({@link CaptureStates#capturing}): those to capture,
   * and those whose migration an operator paused.
   */
  public ActiveSources activeSources() {
    List<CapturedSource> capture = new ArrayList<>();
    Map<String, ActiveSources.PausedSource> paused = new LinkedHashMap<>();
    for (Row row :
        pool.preparedQuery(ACTIVE_SOURCES)
            .execute(
                Tuple.tuple().addArrayOfString(CaptureStates.capturing().toArray(new String[0])))
            .await()
            .atMost(TIMEOUT)) {
      CapturedSource source =
          capturedSource(row, resyncs(row.getString("resyncs")), row.getBoolean("stream_only"));
      String pausedAt = row.getString("paused_at");
      if (pausedAt == null) {
        capture.add(source);
      } else {
        paused.put(
            source.id(),
            new ActiveSources.PausedSource(
                source, new MigrationPause(row.getString("paused_by"), pausedAt)));
      }
    }
    return new ActiveSources(capture, paused);
  }

  /** Sources whose change capture a fallback asked to install again ({@link CaptureResumer}). */
  public List<CapturedSource> resumeRequests() {
    List<CapturedSource> out = new ArrayList<>();
    for (Row row : pool.preparedQuery(RESUME_REQUESTS).execute().await().atMost(TIMEOUT)) {
      out.add(capturedSource(row, Map.of(), true));
    }
    return out;
  }

  /** The source a row of {@link #ACTIVE_SOURCES} or {@link #RESUME_REQUESTS} records. */
  private static CapturedSource capturedSource(
      Row row, Map<String, Long> resyncs, boolean streamOnly) {
    return new CapturedSource(
        row.getString("migration_id"),
        row.getString("name"),
        kind(row),
        row.getString("location"),
        row.getString("target_schema"),
        Arrays.asList(row.getArrayOfStrings("topics")),
        row.getString("tables"),
        resyncs,
        streamOnly);
  }

  /**
   * Records that a source's change capture is installed again ({@code error} null), or why not; an
   * installed capture is no longer removed.
   */
  public void captureResumed(String migration, String source, String error) {
    pool.preparedQuery(CAPTURE_RESUMED)
        .execute(Tuple.of(migration, source, error))
        .await()
        .atMost(TIMEOUT);
  }

  /** The pending resyncs of a source as {@link #ACTIVE_SOURCES} aggregates them. */
  private static Map<String, Long> resyncs(String json) {
    Map<String, Long> out = new LinkedHashMap<>();
    try {
      ChangeEventCodec.MAPPER
          .readTree(json)
          .fields()
          .forEachRemaining(e -> out.put(e.getKey(), e.getValue().asLong()));
    } catch (IOException e) {
      throw new IllegalStateException("unreadable resync requests " + json, e);
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

  /** The pause of a migration's capture; empty when it is not paused (or not recorded). */
  public Optional<MigrationPause> pause(String migration) {
    for (Row row : pool.preparedQuery(PAUSE).execute(Tuple.of(migration)).await().atMost(TIMEOUT)) {
      return Optional.of(
          new MigrationPause(row.getString("paused_by"), row.getString("paused_at")));
    }
    return Optional.empty();
  }

  /**
   * Records that a source's change capture is removed (or was never installed): an abandoned
   * migration's cleanup waits for it.
   */
  @Override
  public void captureRemoved(String migration, String source) {
    pool.preparedQuery(CaptureStatements.CAPTURE_REMOVED)
        .execute(Tuple.of(migration, source))
        .await()
        .atMost(TIMEOUT);
  }

  /**
   * Sources of the given kinds (those this version captures) of migrations that ended ({@link
   * CaptureStates#ended}: cut over, failed or abandoned; a rolled-back migration replicates on)
   * whose change capture is not recorded as removed.
   */
  public List<SourceState> endedSources(Collection<SourceKind> kinds) {
    List<SourceState> out = new ArrayList<>();
    for (Row row :
        pool.preparedQuery(ENDED_SOURCES)
            .execute(
                Tuple.tuple()
                    .addArrayOfString(CaptureStates.ended().toArray(new String[0]))
                    .addArrayOfString(
                        kinds.stream().map(SourceKind::planName).toArray(String[]::new)))
            .await()
            .atMost(TIMEOUT)) {
      out.add(sourceState(row));
    }
    return out;
  }

  private static SourceState sourceState(Row row) {
    return new SourceState(
        row.getString("migration_id"),
        row.getString("name"),
        kind(row),
        row.getString("location"),
        row.getString("state"));
  }

  /** The recorded kind, parsed once here; null when this version does not know it. */
  private static SourceKind kind(Row row) {
    return SourceKind.fromPlanName(row.getString("kind")).orElse(null);
  }

  /**
   * Records that a table's snapshot is complete (after its rows were acknowledged by Kafka); the
   * first completion stays recorded.
   *
   * @return false when it was recorded before
   */
  @Override
  public boolean markSnapshotComplete(
      String migration, String source, String schema, String table, long rows) {
    return markOnce(CaptureStatements.SNAPSHOT_COMPLETE, migration, source, schema, table, rows);
  }

  /**
   * Records that a table's snapshot chunks are in Kafka (after its end marker was acknowledged);
   * the first record stays.
   *
   * @return false when it was recorded before
   */
  @Override
  public boolean markSnapshotSent(
      String migration, String source, String schema, String table, long rows) {
    return markOnce(CaptureStatements.SNAPSHOT_SENT, migration, source, schema, table, rows);
  }

  /** Runs a statement that records a table's mark once: true when this call recorded it. */
  private boolean markOnce(
      String statement, String migration, String source, String schema, String table, long rows) {
    return pool.preparedQuery(statement)
            .execute(Tuple.of(migration, source, schema, table, rows))
            .await()
            .atMost(TIMEOUT)
            .rowCount()
        > 0;
  }

  /** Records that the source's capture sends its snapshots as chunks. */
  @Override
  public void declareChunkedSnapshots(String migration, String source) {
    pool.preparedQuery(CaptureStatements.CHUNKED_SNAPSHOTS)
        .execute(Tuple.of(migration, source))
        .await()
        .atMost(TIMEOUT);
  }

  @Override
  public void recordSnapshotRange(
      String migration, String source, long generation, SnapshotRange range) {
    pool.preparedQuery(CaptureStatements.SNAPSHOT_RANGE_DONE)
        .execute(
            Tuple.of(migration, source, generation, range.topic(), range.label())
                .addLong(range.chunks())
                .addLong(range.rows())
                .addLong(range.rejects()))
        .await()
        .atMost(TIMEOUT);
  }

  @Override
  public List<SnapshotRange> snapshotRanges(String migration, String source, long generation) {
    List<SnapshotRange> out = new ArrayList<>();
    for (Row row :
        pool.preparedQuery(CaptureStatements.SNAPSHOT_RANGES)
            .execute(Tuple.of(migration, source, generation))
            .await()
            .atMost(TIMEOUT)) {
      out.add(
          new SnapshotRange(
              row.getString("topic"),
              row.getString("range_label"),
              row.getLong("chunks"),
              row.getLong("rows_sent"),
              row.getLong("rejects")));
    }
    return out;
  }

  @Override
  public void restartSnapshot(String migration, String source, long generation) {
    pool.withTransaction(
            c ->
                c.preparedQuery(CaptureStatements.FORGET_SNAPSHOT_RANGES)
                    .execute(Tuple.of(migration, source, generation))
                    .chain(
                        () ->
                            c.preparedQuery(CaptureStatements.SNAPSHOT_RESTARTED)
                                .execute(Tuple.of(migration, source))))
        .await()
        .atMost(TIMEOUT);
  }

  @Override
  public Set<String> snapshotsSent(String migration, String source) {
    Set<String> out = new HashSet<>();
    for (Row row :
        pool.preparedQuery(CaptureStatements.SNAPSHOTS_SENT)
            .execute(Tuple.of(migration, source))
            .await()
            .atMost(TIMEOUT)) {
      out.add(row.getString("source_schema") + "." + row.getString("source_table"));
    }
    return out;
  }

  /**
   * The target database's oid of a type, by its spelling.
   *
   * @throws IllegalArgumentException when the target has no such type
   */
  public long targetTypeOid(String spelling) {
    var rows =
        pool.preparedQuery("SELECT to_regtype($1)::oid AS oid")
            .execute(Tuple.of(spelling))
            .await()
            .atMost(TIMEOUT);
    Long oid = rows.iterator().next().getLong("oid");
    if (oid == null) {
      throw new IllegalArgumentException("the target database has no type " + spelling);
    }
    return oid;
  }

  /** The source's current snapshot generation (0 before its first snapshot started). */
  @Override
  public long snapshotGeneration(String migration, String source) {
    return generation(CaptureStatements.SNAPSHOT_GENERATION, migration, source);
  }

  /** Moves the source to its next snapshot generation and returns it. */
  public long nextSnapshotGeneration(String migration, String source) {
    return generation(CaptureStatements.NEXT_SNAPSHOT_GENERATION, migration, source);
  }

  private long generation(String sql, String migration, String source) {
    var rows = pool.preparedQuery(sql).execute(Tuple.of(migration, source)).await().atMost(TIMEOUT);
    if (rows.size() == 0) {
      throw new IllegalStateException("source " + migration + "/" + source + " is not recorded");
    }
    return rows.iterator().next().getLong(0);
  }

  /**
   * Records the replica identity tables had before capture changed it, keyed by {@code
   * schema.table}; an identity recorded earlier stays (it is the original one).
   */
  @Override
  public void recordReplicaIdentities(
      String migration, String source, Map<String, String> identities) {
    for (Entry<String, String> entry : identities.entrySet()) {
      int dot = entry.getKey().indexOf('.');
      String schema = entry.getKey().substring(0, dot);
      String table = entry.getKey().substring(dot + 1);
      pool.preparedQuery(RECORD_REPLICA_IDENTITY)
          .execute(Tuple.of(migration, source, schema, table, entry.getValue()))
          .await()
          .atMost(TIMEOUT);
    }
  }

  /** The tables of a source whose replica identity capture changed. */
  @Override
  public List<TableDef> changedReplicaIdentities(String migration, String source) {
    List<TableDef> out = new ArrayList<>();
    for (Row row :
        pool.preparedQuery(CHANGED_REPLICA_IDENTITIES)
            .execute(Tuple.of(migration, source))
            .await()
            .atMost(TIMEOUT)) {
      try {
        out.add(ChangeEventCodec.MAPPER.readValue(row.getString("definition"), TableDef.class));
      } catch (IOException e) {
        throw new IllegalStateException("unreadable table definition: " + e.getMessage(), e);
      }
    }
    return out;
  }

  /** Forgets the recorded replica identities of a source once they were restored. */
  @Override
  public void clearReplicaIdentities(String migration, String source) {
    pool.preparedQuery(CLEAR_REPLICA_IDENTITIES)
        .execute(Tuple.of(migration, source))
        .await()
        .atMost(TIMEOUT);
  }
}
