package io.tributary.orchestrator.lifecycle;

/**
 * The control-schema statements of abandoning a migration and of resyncing a table
 * (V8__abandon_and_resync.sql). Strings only; {@link AbandonCleanup}, {@link MigrationAbandoner}
 * and {@link TableResyncs} run them.
 */
final class LifecycleStatements {
  private LifecycleStatements() {}

  /** Records how an abandon was asked for: $1 migration, $2 drop the target schemas. */
  static final String RECORD_ABANDON =
      """
      UPDATE tributary.migrations
         SET abandon_drop_target = $2, cleaned_up_at = NULL, cleanup_error = NULL
       WHERE id = $1""";

  /** Abandoned migrations whose cleanup is not finished. */
  static final String UNFINISHED =
      """
      SELECT id FROM tributary.migrations
       WHERE state = 'ABANDONED' AND cleaned_up_at IS NULL
       ORDER BY updated_at""";

  /** What an abandoned migration's cleanup needs: $1 migration. */
  static final String CLEANUP_STATE =
      """
      SELECT m.state, coalesce(m.abandon_drop_target, false) AS drop_target,
             m.cleaned_up_at::text AS cleaned_up_at, m.cleanup_error,
             coalesce((SELECT array_agg(t.topic ORDER BY t.topic) FROM tributary.tables t
                        WHERE t.migration_id = m.id), '{}') AS topics,
             coalesce((SELECT array_agg(DISTINCT x.schema) FROM (
                         SELECT target_schema AS schema FROM tributary.sources WHERE migration_id = m.id
                         UNION SELECT target_schema FROM tributary.tables WHERE migration_id = m.id) x),
                      '{}') AS schemas
        FROM tributary.migrations m WHERE m.id = $1""";

  /** Each source of a migration and when its change capture was removed: $1 migration. */
  static final String SOURCES =
      """
      SELECT name, kind, capture_removed_at
        FROM tributary.sources WHERE migration_id = $1 ORDER BY name""";

  /** Which of the schemas $1 exist. */
  static final String EXISTING_SCHEMAS =
      "SELECT nspname FROM pg_namespace WHERE nspname = ANY($1) ORDER BY nspname";

  /** Apply's stored offsets of topics $1 (the topics are deleted: their offsets mean nothing). */
  static final String FORGET_OFFSETS = "DELETE FROM tributary.apply_offsets WHERE topic = ANY($1)";

  /** Apply's snapshot generations of topics $1. */
  static final String FORGET_GENERATIONS =
      "DELETE FROM tributary.apply_generations WHERE topic = ANY($1)";

  /** The cleanup is done: $1 migration. */
  static final String CLEANED_UP =
      """
      UPDATE tributary.migrations SET cleaned_up_at = now(), cleanup_error = NULL
       WHERE id = $1 AND state = 'ABANDONED'""";

  /** Why the cleanup cannot finish yet: $1 migration, $2 the reason. */
  static final String CLEANUP_WAITS =
      "UPDATE tributary.migrations SET cleanup_error = $2 WHERE id = $1 AND state = 'ABANDONED'";

  /**
   * Frees the id of a cleaned-up abandoned migration for a new plan: its rows go (sources, tables,
   * fences, cutovers, ... with it), its rejects and validations too; the audit log stays. $1 id.
   */
  static final String FORGET_MIGRATION =
      """
      DELETE FROM tributary.migrations
       WHERE id = $1 AND state = 'ABANDONED' AND cleaned_up_at IS NOT NULL""";

  static final String FORGET_REJECTS = "DELETE FROM tributary.rejects WHERE migration_id = $1";

  static final String FORGET_VALIDATIONS =
      "DELETE FROM tributary.validations WHERE migration_id = $1";

  /**
   * The tables of a migration a resync may name ($1 migration): source, source and target names,
   * the source's kind, whether the snapshot is done and whether a foreign key of the target
   * references the target table.
   */
  static final String RESYNC_CANDIDATES =
      """
      SELECT t.source_name, t.source_schema, t.source_table, t.target_schema, t.target_table,
             t.topic, s.kind, t.snapshot_done_at IS NOT NULL AS snapshot_done,
             (SELECT string_agg(c.conname || ' on ' || c.conrelid::regclass::text, ', ')
                FROM pg_constraint c
               WHERE c.contype = 'f'
                 AND c.confrelid = to_regclass(quote_ident(t.target_schema) || '.'
                                               || quote_ident(t.target_table))) AS referenced_by
        FROM tributary.tables t
        JOIN tributary.sources s ON s.migration_id = t.migration_id AND s.name = t.source_name
       WHERE t.migration_id = $1
       ORDER BY t.source_name, t.source_schema, t.source_table""";

  /**
   * Asks capture to read a table again: $1 migration, $2 source, $3 source schema, $4 source table,
   * $5 who asked.
   */
  static final String REQUEST_RESYNC =
      """
      UPDATE tributary.tables
         SET resync_requested_at = clock_timestamp(), resync_requested_by = $5,
             snapshot_done_at = NULL, snapshot_rows = NULL,
             snapshot_applied_at = NULL, snapshot_applied_rows = NULL
       WHERE migration_id = $1 AND source_name = $2 AND source_schema = $3 AND source_table = $4
      RETURNING resync_requested_at::text AS requested_at""";

  /** An audit entry that does not change the state: $1 migration, $2 state, $3 actor, $4 reason. */
  static final String EVENT =
      """
      INSERT INTO tributary.events (migration_id, from_state, to_state, actor, reason, step)
      VALUES ($1, $2, $2, $3, $4, $5)""";
}
