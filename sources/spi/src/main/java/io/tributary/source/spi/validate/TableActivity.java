package io.tributary.source.spi.validate;

/**
 * The write counters PostgreSQL keeps for a source table ({@code pg_stat_user_tables}, summed over
 * the partitions of a partitioned table): any committed insert, update, delete or truncate changes
 * one of them. PostgreSQL publishes a session's counters when it commits, but at most once a second
 * per session, else some seconds later: a write may show here after it shows in the table.
 *
 * @param inserted rows inserted ({@code n_tup_ins})
 * @param updated rows updated ({@code n_tup_upd})
 * @param deleted rows deleted ({@code n_tup_del})
 * @param live the estimated live rows ({@code n_live_tup}; a truncate resets it)
 */
public record TableActivity(long inserted, long updated, long deleted, long live)
    implements SourceFingerprint {}
