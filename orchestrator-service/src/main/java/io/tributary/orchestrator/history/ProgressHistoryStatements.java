package io.tributary.orchestrator.history;

/** The SQL of {@code tributary.progress_samples} (the control schema's version 19). */
final class ProgressHistoryStatements {
  private ProgressHistoryStatements() {}

  /** $1 migration, $2 time, $3 state, $4 tables (json text), $5 sources (json text). */
  static final String INSERT =
      "INSERT INTO tributary.progress_samples (migration_id, sampled_at, state, tables, sources)"
          + " VALUES ($1, $2, $3, $4::text::jsonb, $5::text::jsonb)"
          + " ON CONFLICT (migration_id, sampled_at) DO NOTHING";

  /**
   * Thins migration $1's history when it holds more than $2 samples: of all but the newest $2 / 2,
   * every second one (counted from the newest) is deleted, but the first: the whole life stays
   * drawn, coarser the older it is. Does nothing while it holds $2 or fewer.
   */
  static final String THIN =
      "DELETE FROM tributary.progress_samples s USING (SELECT sampled_at, row_number() OVER"
          + " (ORDER BY sampled_at DESC) AS n, count(*) OVER () AS total"
          + " FROM tributary.progress_samples WHERE migration_id = $1) r"
          + " WHERE s.migration_id = $1 AND s.sampled_at = r.sampled_at AND r.total > $2"
          + " AND r.n > $2 / 2 AND r.n % 2 = 0 AND r.n < r.total";

  /** Migration $1's samples, oldest first: time, state, tables, sources (json text). */
  static final String READ =
      "SELECT sampled_at, state, tables::text, sources::text FROM tributary.progress_samples"
          + " WHERE migration_id = $1 ORDER BY sampled_at";
}
