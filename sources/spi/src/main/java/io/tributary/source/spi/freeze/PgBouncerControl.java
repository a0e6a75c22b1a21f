package io.tributary.source.spi.freeze;

import java.time.Duration;
import java.util.List;

/**
 * PgBouncer's admin console as a freeze uses it: {@code PAUSE} and {@code RESUME} of one database,
 * and the databases it knows. The orchestrator owns the connections and offers this to the kinds
 * through {@link FreezeContext}. Every method throws {@link SourceFreezeException} naming the
 * console or database when it cannot do its work.
 */
public interface PgBouncerControl {

  /**
   * Pauses a database: waits until its server connections are idle, then holds new queries.
   *
   * @param adminUrl the admin console's URL
   * @param timeout the longest the pause may wait for running queries
   */
  void pause(String adminUrl, String database, Duration timeout);

  /** Resumes a paused database. */
  void resume(String adminUrl, String database, Duration timeout);

  /** The names of the databases the console lists ({@code SHOW DATABASES}). */
  List<String> databases(String adminUrl, Duration timeout);
}
