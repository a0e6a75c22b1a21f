package io.tributary.source.spi.freeze;

import java.util.List;

/**
 * What a cutover's freeze does to one source, recorded before it acts so that a rollback, or an
 * orchestrator restarted in the middle, undoes exactly that (every undo is idempotent).
 *
 * @param source the plan source
 * @param how {@link #SQLITE_TRIGGERS}, {@link #PGBOUNCER_PAUSE} or {@link #READ_ONLY_ROLES}
 * @param database the PgBouncer database paused, or the PostgreSQL database whose roles are made
 *     read-only; null for SQLite
 * @param items the SQLite tables given read-only triggers, or the roles made read-only
 */
public record FrozenSource(String source, String how, String database, List<String> items) {
  public static final String SQLITE_TRIGGERS = "sqlite-triggers";
  public static final String PGBOUNCER_PAUSE = "pgbouncer-pause";
  public static final String READ_ONLY_ROLES = "read-only-roles";

  public FrozenSource {
    items = items == null ? List.of() : List.copyOf(items);
  }
}
