package io.tributary.orchestrator.window;

import io.tributary.common.naming.Identifiers;
import java.util.List;

/**
 * The SQL of a fallback window on the target: its publication over the migration's target tables,
 * the replica identity those tables need to be published, its logical slot, its fences; and its row
 * in {@code tributary.fallback_windows}. Builds strings only.
 */
final class FallbackStatements {
  private FallbackStatements() {}

  /**
   * Target tables of the migration without a primary key and with the default replica identity: in
   * a publication they would refuse every UPDATE and DELETE of the applications, so the window
   * gives them {@code REPLICA IDENTITY FULL}. $1: the migration.
   */
  static final String TABLES_WITHOUT_IDENTITY =
      """
      SELECT t.target_schema, t.target_table
        FROM tributary.tables t
        JOIN pg_namespace n ON n.nspname = t.target_schema
        JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = t.target_table
       WHERE t.migration_id = $1 AND c.relreplident = 'd'
         AND NOT EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisprimary)
       ORDER BY 1, 2""";

  static final String PUBLICATION_EXISTS = "SELECT 1 FROM pg_publication WHERE pubname = $1";

  /**
   * What a window needs of the target: logical WAL, a free slot (or its own), a replicating role.
   */
  static final String NEEDS =
      """
      SELECT current_setting('wal_level') AS wal_level,
             current_setting('max_replication_slots')::int AS max_slots,
             (SELECT count(*) FROM pg_replication_slots) AS used_slots,
             EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = $1) AS own_slot,
             current_setting('max_wal_senders')::int AS max_senders,
             (SELECT count(*) FROM pg_stat_replication) AS used_senders,
             (SELECT rolreplication OR rolsuper FROM pg_roles WHERE rolname = current_user)
               AS can_replicate""";

  static final String SLOT_EXISTS =
      "SELECT active_pid FROM pg_replication_slots WHERE slot_name = $1";

  static final String CREATE_SLOT =
      "SELECT lsn::text FROM pg_create_logical_replication_slot($1, 'pgoutput')";

  static final String DROP_SLOT = "SELECT pg_drop_replication_slot($1)";

  static final String END_SLOT_READER = "SELECT pg_terminate_backend($1)";

  static final String CURRENT_LSN = "SELECT pg_current_wal_lsn()::text";

  /** A fence in the target's WAL: $1 the prefix, $2 its JSON content; answers its position. */
  static final String FENCE = "SELECT pg_logical_emit_message(true, $1, $2)::text";

  static final String RECORD_OPENED =
      """
      INSERT INTO tributary.fallback_windows (migration_id, cutover_id, slot_name, publication_name)
      VALUES ($1, $2, $3, $4)
      ON CONFLICT (migration_id) DO UPDATE
         SET cutover_id = excluded.cutover_id, slot_name = excluded.slot_name,
             publication_name = excluded.publication_name, opened_at = now(), switch_lsn = NULL,
             window_ends_at = NULL, applied_lsn = NULL, applied_at = NULL, applied_changes = 0,
             applied_fence = NULL, lag_bytes = NULL, error = NULL, error_at = NULL,
             closed_at = NULL, closed_reason = NULL""";

  static final String FORGET_CHANGES =
      """
      WITH k AS (DELETE FROM tributary.reverse_changed_keys WHERE migration_id = $1),
           v AS (DELETE FROM tributary.reverse_verified WHERE migration_id = $1)
      DELETE FROM tributary.reverse_rejects WHERE migration_id = $1""";

  static final String RECORD_SWITCH =
      """
      UPDATE tributary.fallback_windows
         SET switch_lsn = coalesce(switch_lsn, $2::text::pg_lsn),
             switched_from = coalesce(switched_from, $3::text::jsonb)
       WHERE migration_id = $1""";

  static final String SWITCHED_FROM =
      "SELECT switched_from::text FROM tributary.fallback_windows WHERE migration_id = $1";

  static final String RECORD_ENDS =
      """
      UPDATE tributary.fallback_windows SET window_ends_at = now() + $2::bigint * interval '1 second'
       WHERE migration_id = $1 AND closed_at IS NULL""";

  /**
   * Stops the write-back without dropping the slot (a fallback past its drain): the window reads
   * closed, so cdc-service stops its engine; a fallback that rolls back opens it again.
   */
  static final String SUSPEND =
      """
      UPDATE tributary.fallback_windows SET closed_at = now(), closed_reason = $2
       WHERE migration_id = $1 AND closed_at IS NULL""";

  static final String REOPEN =
      """
      UPDATE tributary.fallback_windows SET closed_at = NULL, closed_reason = NULL
       WHERE migration_id = $1 AND closed_reason = $2""";

  /**
   * Windows whose slot or publication outlived them: the migration ended without a finish (FAILED,
   * ABANDONED), fell back, or a close could not drop them.
   */
  static final String LEFTOVERS =
      """
      SELECT w.migration_id FROM tributary.fallback_windows w
        JOIN tributary.migrations m ON m.id = w.migration_id
       WHERE m.state NOT IN ('CUT_OVER', 'FALLING_BACK', 'CUTTING_OVER')
         AND (EXISTS (SELECT 1 FROM pg_replication_slots s WHERE s.slot_name = w.slot_name)
              OR EXISTS (SELECT 1 FROM pg_publication p WHERE p.pubname = w.publication_name))""";

  static final String RECORD_CLOSED =
      """
      UPDATE tributary.fallback_windows SET closed_at = coalesce(closed_at, now()),
             closed_reason = coalesce(closed_reason, $2)
       WHERE migration_id = $1""";

  static final String WINDOW =
      """
      SELECT w.migration_id, w.cutover_id, w.slot_name, w.publication_name,
             w.opened_at::text AS opened_at, w.switch_lsn::text AS switch_lsn,
             w.window_ends_at::text AS window_ends_at, w.applied_lsn::text AS applied_lsn,
             w.applied_at::text AS applied_at, w.applied_changes, w.applied_fence, w.lag_bytes,
             w.error, w.error_at::text AS error_at, w.closed_at::text AS closed_at, w.closed_reason,
             (SELECT count(*) FROM tributary.reverse_rejects r WHERE r.migration_id = w.migration_id)
               AS rejects,
             (SELECT count(*) FROM tributary.reverse_changed_keys k
               WHERE k.migration_id = w.migration_id) AS changed_rows,
             (SELECT min(v.verified_at)::text FROM tributary.reverse_verified v
               WHERE v.migration_id = w.migration_id) AS verified_at,
             (SELECT count(*) FROM tributary.reverse_changed_keys k
                LEFT JOIN tributary.reverse_verified v
                  ON v.migration_id = k.migration_id AND v.source_name = k.source_name
                     AND v.source_table = k.source_table
               WHERE k.migration_id = w.migration_id
                 AND (v.verified_lsn IS NULL OR k.lsn > v.verified_lsn)) AS unverified_rows
        FROM tributary.fallback_windows w
       WHERE w.migration_id = $1""";

  static final String APPLIED_FENCE =
      "SELECT applied_fence, error FROM tributary.fallback_windows WHERE migration_id = $1";

  /** Windows whose time ran out while their migration is still CUT_OVER. */
  static final String EXPIRED =
      """
      SELECT w.migration_id FROM tributary.fallback_windows w
        JOIN tributary.migrations m ON m.id = w.migration_id
       WHERE m.state = 'CUT_OVER' AND w.closed_at IS NULL AND w.window_ends_at < now()""";

  static String createPublication(String name, List<String[]> tables) {
    StringBuilder sql =
        new StringBuilder("CREATE PUBLICATION ")
            .append(Identifiers.quote(name))
            .append(" FOR TABLE ");
    for (int i = 0; i < tables.size(); i++) {
      if (i > 0) {
        sql.append(", ");
      }
      sql.append(Identifiers.quote(tables.get(i)[0]))
          .append('.')
          .append(Identifiers.quote(tables.get(i)[1]));
    }
    return sql.toString();
  }

  static String dropPublication(String name) {
    return "DROP PUBLICATION IF EXISTS " + Identifiers.quote(name);
  }

  static String replicaIdentityFull(String schema, String table) {
    return "ALTER TABLE "
        + Identifiers.quote(schema)
        + "."
        + Identifiers.quote(table)
        + " REPLICA IDENTITY FULL";
  }
}
