package io.tributary.cdc.capture;

/**
 * An operator's pause of a migration's capture ({@code tributary.migrations.paused_at}): its
 * engines stop, the change capture stays installed, and changes wait in the source (the SQLite
 * change log, the PostgreSQL slot) until the pause is lifted.
 *
 * @param pausedBy who paused it, as recorded
 * @param pausedAt when, as text
 */
public record MigrationPause(String pausedBy, String pausedAt) {}
