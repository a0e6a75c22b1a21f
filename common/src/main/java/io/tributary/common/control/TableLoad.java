package io.tributary.common.control;

/**
 * When a table is loaded: its snapshot captured into Kafka ({@code snapshot_done_at}), applied to
 * the target ({@code snapshot_applied_at}) and, for a table bulk-loaded without its key, keyed
 * ({@code key_built_at}); see {@code V13__snapshot_chunks.sql}. The one definition the orchestrator
 * (SNAPSHOTTING to REPLICATING, finalize), the validator (what it compares) and apply (when a
 * table's changes may be written) share.
 */
public final class TableLoad {
  /**
   * The predicate over {@code tributary.tables} aliased {@code t}: true when the table is loaded.
   */
  public static final String LOADED =
      "(t.snapshot_done_at IS NOT NULL AND t.snapshot_applied_at IS NOT NULL"
          + " AND (NOT t.bulk_load OR t.key_built_at IS NOT NULL))";

  private TableLoad() {}
}
