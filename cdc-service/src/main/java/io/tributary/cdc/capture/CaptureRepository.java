package io.tributary.cdc.capture;

import io.tributary.common.catalog.TableDef;
import io.tributary.common.control.CaptureStatements;
import io.tributary.common.control.FenceStatements;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.plan.SourceKind;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.Optional;

/** Capture's reads and writes of the control schema. */
@ApplicationScoped
public class CaptureRepository {
  static final String ACTIVE_SOURCES =
      """
      SELECT s.migration_id, s.name, s.kind, s.location, s.target_schema,
             m.paused_at::text AS paused_at, m.paused_by,
             s.capture_resumed_at IS NOT NULL AS stream_only,
             coalesce(array_agg(t.topic ORDER BY t.topic) FILTER (WHERE t.topic IS NOT NULL), '{}') AS topics,
             coalesce(json_agg(t.definition ORDER BY t.topic) FILTER (WHERE t.topic IS NOT NULL), '[]')::text
               AS tables,
             coalesce(json_object_agg(t.topic, (extract(epoch FROM t.resync_requested_at) * 1000)::bigint)
                        FILTER (WHERE t.resync_requested_at IS NOT NULL AND t.snapshot_done_at IS NULL),
                      '{}')::text AS resyncs
        FROM tributary.sources s
        JOIN tributary.migrations m ON m.id = s.migration_id
        LEFT JOIN tributary.tables t ON t.migration_id = s.migration_id AND t.source_name = s.name
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

  static final String SLOT_LAG =
      """
      UPDATE tributary.sources
         SET capture_lag_bytes = $3, capture_retained_bytes = $4, capture_checked_at = now()
       WHERE migration_id = $1 AND name = $2""";

  /**
   * Records why a capture fails; the audit log gets an event when the error is not the one recorded
   * already (a capture failing again and again the same way is one event).
   */
  static final String CAPTURE_FAILED =
      """
      WITH before AS (
             SELECT capture_error FROM tributary.sources
              WHERE migration_id = $1 AND name = $2 FOR UPDATE),
           failed AS (
             UPDATE tributary.sources
                SET capture_error = $3, capture_error_at = now(),
                    capture_failures = capture_failures + 1
              WHERE migration_id = $1 AND name = $2)
      INSERT INTO tributary.events (migration_id, from_state, to_state, actor, reason, step)
      SELECT m.id, m.state, m.state, 'cdc-service', $4, 'capture'
        FROM tributary.migrations m, before
       WHERE m.id = $1 AND before.capture_error IS DISTINCT FROM $3""";

  /** Clears a capture's error once it runs again, saying so in the audit log. */
  static final String CAPTURE_RECOVERED =
      """
      WITH cleared AS (
             UPDATE tributary.sources
                SET capture_error = NULL, capture_error_at = NULL, capture_failures = 0
              WHERE migration_id = $1 AND name = $2 AND capture_error IS NOT NULL
             RETURNING migration_id)
      INSERT INTO tributary.events (migration_id, from_state, to_state, actor, reason, step)
      SELECT m.id, m.state, m.state, 'cdc-service', $3, 'capture'
        FROM tributary.migrations m JOIN cleared c ON c.migration_id = m.id""";

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
          new CapturedSource(
              row.getString("migration_id"),
              row.getString("name"),
              kind(row),
              row.getString("location"),
              row.getString("target_schema"),
              Arrays.asList(row.getArrayOfStrings("topics")),
              row.getString("tables"),
              resyncs(row.getString("resyncs")),
              row.getBoolean("stream_only"));
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
      out.add(
          new CapturedSource(
              row.getString("migration_id"),
              row.getString("name"),
              kind(row),
              row.getString("location"),
              row.getString("target_schema"),
              Arrays.asList(row.getArrayOfStrings("topics")),
              row.getString("tables"),
              Map.of(),
              true));
    }
    return out;
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
  public boolean markSnapshotComplete(
      String migration, String source, String schema, String table, long rows) {
    return pool.preparedQuery(CaptureStatements.SNAPSHOT_COMPLETE)
            .execute(Tuple.of(migration, source, schema, table, rows))
            .await()
            .atMost(TIMEOUT)
            .rowCount()
        > 0;
  }

  /** The source's current snapshot generation (0 before its first snapshot started). */
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
   * Records that the capture of a source fails, and why.
   *
   * @param error the cause, as the operator reads it
   */
  public void captureFailed(String migration, String source, String error) {
    pool.preparedQuery(CAPTURE_FAILED)
        .execute(
            Tuple.of(
                migration,
                source,
                error,
                "capture of source '" + source + "' is failing: " + error))
        .await()
        .atMost(TIMEOUT);
  }

  /**
   * Clears the error of a source's capture, which runs again.
   *
   * @return whether an error was recorded (and is now cleared)
   */
  public boolean captureRecovered(String migration, String source) {
    return pool.preparedQuery(CAPTURE_RECOVERED)
            .execute(Tuple.of(migration, source, "capture of source '" + source + "' runs again"))
            .await()
            .atMost(TIMEOUT)
            .rowCount()
        > 0;
  }

  /** Records the WAL a PostgreSQL source's replication slot holds. */
  public void recordSlotLag(String migration, String source, long lagBytes, long retainedBytes) {
    pool.preparedQuery(SLOT_LAG)
        .execute(Tuple.of(migration, source, lagBytes, retainedBytes))
        .await()
        .atMost(TIMEOUT);
  }

  /**
   * Records the replica identity tables had before capture changed it, keyed by {@code
   * schema.table}; an identity recorded earlier stays (it is the original one).
   */
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
  public void clearReplicaIdentities(String migration, String source) {
    pool.preparedQuery(CLEAR_REPLICA_IDENTITIES)
        .execute(Tuple.of(migration, source))
        .await()
        .atMost(TIMEOUT);
  }

  /** Fences requested but not yet written into their source: (id, migration, source). */
  public List<Object[]> pendingFences() {
    List<Object[]> out = new ArrayList<>();
    for (Row row : pool.query(CaptureStatements.PENDING_FENCES).execute().await().atMost(TIMEOUT)) {
      out.add(
          new Object[] {
            row.getLong("id"), row.getString("migration_id"), row.getString("source_name")
          });
    }
    return out;
  }

  /** Requests a fence of a source; its id. */
  public long requestFence(String migration, String source) {
    return pool.preparedQuery(
            "INSERT INTO tributary.fences (migration_id, source_name) VALUES ($1, $2) RETURNING id")
        .execute(Tuple.of(migration, source))
        .await()
        .atMost(TIMEOUT)
        .iterator()
        .next()
        .getLong("id");
  }

  /** Records that a fence was written into its source at a position. */
  public void fenceWritten(long id, String position) {
    pool.preparedQuery(CaptureStatements.FENCE_WRITTEN)
        .execute(Tuple.of(id, position))
        .await()
        .atMost(TIMEOUT);
  }

  /** Records why a fence cannot be written. */
  public void fenceFailed(long id, String error) {
    pool.preparedQuery(CaptureStatements.FENCE_FAILED)
        .execute(Tuple.of(id, error))
        .await()
        .atMost(TIMEOUT);
  }

  /** Records the offsets at which a fence's markers were published. */
  public void fencePublished(long id, String offsetsJson) {
    pool.preparedQuery(CaptureStatements.FENCE_PUBLISHED)
        .execute(Tuple.of(id, offsetsJson))
        .await()
        .atMost(TIMEOUT);
  }

  /**
   * A fence and whether apply (the consumer group) committed past every marker: {@code id,
   * migration, source, requested_at, written_at, source_position, published_at, offsets, error,
   * applied}; empty when no such fence exists.
   */
  public Optional<Row> fence(long id, String group) {
    for (Row row : pool.preparedQuery(FENCE).execute(Tuple.of(id, group)).await().atMost(TIMEOUT)) {
      return Optional.of(row);
    }
    return Optional.empty();
  }

  static final String FENCE =
      """
      SELECT f.id, f.migration_id, f.source_name, f.requested_at::text, f.written_at::text,
             f.source_position, f.published_at::text, f.offsets::text, f.error,
      """
          + FenceStatements.applied("$2")
          + " AS applied FROM tributary.fences f WHERE f.id = $1";
}
