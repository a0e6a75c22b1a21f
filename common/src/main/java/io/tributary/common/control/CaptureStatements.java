package io.tributary.common.control;

/**
 * SQL over the control schema that capture runs wherever it runs: in cdc-service (its reactive
 * pool) and in a connector on a Kafka Connect worker (JDBC, through {@link
 * io.tributary.common.sql.JdbcParameters}). Numbered parameters; strings only.
 */
public final class CaptureStatements {
  private CaptureStatements() {}

  /** $1 migration, $2 source: the source's snapshot generation. */
  public static final String SNAPSHOT_GENERATION =
      "SELECT snapshot_generation FROM tributary.sources WHERE migration_id = $1 AND name = $2";

  /** $1 migration, $2 source: moves the source to its next snapshot generation, returned. */
  public static final String NEXT_SNAPSHOT_GENERATION =
      """
      UPDATE tributary.sources SET snapshot_generation = snapshot_generation + 1
       WHERE migration_id = $1 AND name = $2
      RETURNING snapshot_generation""";

  /**
   * $1 migration, $2 source, $3 schema, $4 table, $5 rows: a table's snapshot, read as row records,
   * is in Kafka; apply writes those in order with the table's changes, so it counts as applied too
   * ({@link TableLoad}).
   */
  public static final String SNAPSHOT_COMPLETE =
      """
      UPDATE tributary.tables SET snapshot_rows = $5, snapshot_done_at = now(),
             snapshot_applied_at = now(), snapshot_applied_rows = $5
       WHERE migration_id = $1 AND source_name = $2 AND source_schema = $3 AND source_table = $4
         AND snapshot_done_at IS NULL""";

  /**
   * $1 migration, $2 source, $3 schema, $4 table, $5 rows: a table's snapshot, sent as chunks on
   * the source's snapshot topic, is in Kafka (its end marker acknowledged). Apply records it
   * applied when it takes the end marker ({@code snapshot_applied_at}), not before ({@link
   * TableLoad}).
   */
  public static final String SNAPSHOT_SENT =
      """
      UPDATE tributary.tables SET snapshot_rows = $5, snapshot_done_at = now()
       WHERE migration_id = $1 AND source_name = $2 AND source_schema = $3 AND source_table = $4
         AND snapshot_done_at IS NULL""";

  /**
   * $1 migration, $2 source: the source's capture sends its snapshots as chunks on its snapshot
   * topic; apply reads that topic and holds the changes of a table until its chunks are applied.
   */
  public static final String CHUNKED_SNAPSHOTS =
      """
      UPDATE tributary.sources SET snapshot_chunks = true
       WHERE migration_id = $1 AND name = $2 AND NOT snapshot_chunks""";

  /**
   * $1 migration, $2 source, $3 generation, $4 table topic, $5 range label, $6 chunks, $7 rows, $8
   * rejects: a range of a table's snapshot is in Kafka, with every chunk sent before it (V14); the
   * first record stays.
   */
  public static final String SNAPSHOT_RANGE_DONE =
      """
      INSERT INTO tributary.snapshot_ranges
             (migration_id, source_name, generation, topic, range_label, chunks, rows_sent, rejects)
      VALUES ($1, $2, $3::bigint, $4, $5, $6::bigint, $7::bigint, $8::bigint)
      ON CONFLICT DO NOTHING""";

  /**
   * $1 migration, $2 source, $3 generation: the ranges recorded in that generation (topic,
   * range_label, chunks, rows_sent, rejects).
   */
  public static final String SNAPSHOT_RANGES =
      """
      SELECT topic, range_label, chunks, rows_sent, rejects FROM tributary.snapshot_ranges
       WHERE migration_id = $1 AND source_name = $2 AND generation = $3::bigint
       ORDER BY topic, chunks""";

  /**
   * $1 migration, $2 source, $3 generation: a snapshot of the whole source starts afresh in that
   * generation: what earlier generations checkpointed is forgotten.
   */
  public static final String FORGET_SNAPSHOT_RANGES =
      """
      DELETE FROM tributary.snapshot_ranges
       WHERE migration_id = $1 AND source_name = $2 AND generation < $3::bigint""";

  /**
   * $1 migration, $2 source: a snapshot of the whole source starts afresh: no table's snapshot is
   * in Kafka any longer (apply clears what it applied when it takes the generation's reset
   * markers).
   */
  public static final String SNAPSHOT_RESTARTED =
      """
      UPDATE tributary.tables SET snapshot_done_at = NULL, snapshot_rows = NULL
       WHERE migration_id = $1 AND source_name = $2 AND snapshot_done_at IS NOT NULL""";

  /**
   * $1 migration, $2 source: the source tables whose snapshot is in Kafka (source_schema,
   * source_table).
   */
  public static final String SNAPSHOTS_SENT =
      """
      SELECT source_schema, source_table FROM tributary.tables
       WHERE migration_id = $1 AND source_name = $2 AND snapshot_done_at IS NOT NULL""";

  /** Fences requested and not written yet, of every source: id, migration_id, source_name. */
  public static final String PENDING_FENCES =
      """
      SELECT id, migration_id, source_name FROM tributary.fences
       WHERE written_at IS NULL AND error IS NULL ORDER BY id""";

  /** $1 migration, $2 source: its fences requested and not written yet (id). */
  public static final String PENDING_FENCES_OF_SOURCE =
      """
      SELECT id FROM tributary.fences
       WHERE migration_id = $1 AND source_name = $2 AND written_at IS NULL AND error IS NULL
       ORDER BY id""";

  /** $1 fence, $2 its position in the source. */
  public static final String FENCE_WRITTEN =
      "UPDATE tributary.fences SET written_at = now(), source_position = $2 WHERE id = $1";

  /** $1 fence, $2 why it cannot be written. */
  public static final String FENCE_FAILED = "UPDATE tributary.fences SET error = $2 WHERE id = $1";

  /** $1 fence, $2 its markers' offsets (JSON: topic to partition to offset). */
  public static final String FENCE_PUBLISHED =
      "UPDATE tributary.fences SET published_at = now(), offsets = $2::text::jsonb WHERE id = $1";

  /** $1 migration, $2 source: its change capture was removed from the source. */
  public static final String CAPTURE_REMOVED =
      """
      UPDATE tributary.sources SET capture_removed_at = now(), capture_resume_requested_at = NULL,
             capture_resumed_at = NULL, capture_resume_error = NULL
       WHERE migration_id = $1 AND name = $2 AND capture_removed_at IS NULL""";

  /**
   * The tables (their definitions) and asked resyncs of sources ({@code s}), with their migrations
   * ({@code m}) and tables ({@code t}): the end of the select list and the joins of the statements
   * that read sources to capture.
   */
  public static final String SOURCE_TABLES =
      """
             coalesce(json_agg(t.definition ORDER BY t.topic) FILTER (WHERE t.topic IS NOT NULL), '[]')::text
               AS tables,
             coalesce(json_object_agg(t.topic, (extract(epoch FROM t.resync_requested_at) * 1000)::bigint)
                        FILTER (WHERE t.resync_requested_at IS NOT NULL AND t.snapshot_done_at IS NULL),
                      '{}')::text AS resyncs
        FROM tributary.sources s
        JOIN tributary.migrations m ON m.id = s.migration_id
        LEFT JOIN tributary.tables t ON t.migration_id = s.migration_id AND t.source_name = s.name
      """;

  /**
   * $1 migration, $2 source: what capturing it needs (kind, location, target schema, the
   * migration's state and pause, whether it streams only, its tables' definitions and topics,
   * resyncs asked).
   */
  public static final String SOURCE =
      """
      SELECT s.kind, s.location, s.target_schema, m.state, m.paused_at IS NOT NULL AS paused,
             s.capture_resumed_at IS NOT NULL AS stream_only,
      """
          + SOURCE_TABLES
          + """
       WHERE s.migration_id = $1 AND s.name = $2
       GROUP BY s.kind, s.location, s.target_schema, m.state, m.paused_at, s.capture_resumed_at""";

  /**
   * $1 migration, $2 source, $3 holder, $4 lease in milliseconds: takes the source's capture lease
   * when it has none, this holder holds it, or it expired; returns the holder afterwards (the
   * caller when taken) and the expiry in epoch milliseconds.
   */
  public static final String ACQUIRE_LEASE =
      """
      WITH taken AS (
             INSERT INTO tributary.capture_leases AS l
                    (migration_id, source_name, holder, expires_at)
             VALUES ($1, $2, $3, now() + $4::bigint * interval '1 millisecond')
             ON CONFLICT (migration_id, source_name) DO UPDATE
                SET holder = excluded.holder,
                    acquired_at = CASE WHEN l.holder = excluded.holder THEN l.acquired_at
                                       ELSE now() END,
                    renewed_at = now(), expires_at = excluded.expires_at
              WHERE l.holder = excluded.holder OR l.expires_at < now()
             RETURNING holder, expires_at)
      SELECT holder, (extract(epoch FROM expires_at) * 1000)::bigint AS expires FROM taken
      UNION ALL
      SELECT holder, (extract(epoch FROM expires_at) * 1000)::bigint FROM tributary.capture_leases
       WHERE migration_id = $1 AND source_name = $2 AND NOT EXISTS (SELECT 1 FROM taken)""";

  /** $1 holder, $2 lease in milliseconds, $3 source ids (migration/source): renews; those held. */
  public static final String RENEW_LEASES =
      """
      UPDATE tributary.capture_leases
         SET renewed_at = now(), expires_at = now() + $2::bigint * interval '1 millisecond'
       WHERE holder = $1 AND migration_id || '/' || source_name = ANY($3)
      RETURNING migration_id || '/' || source_name AS id""";

  /** $1 holder, $2 migration, $3 source: gives the lease up. */
  public static final String RELEASE_LEASE =
      "DELETE FROM tributary.capture_leases"
          + " WHERE holder = $1 AND migration_id = $2 AND source_name = $3";
}
