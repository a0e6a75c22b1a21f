package io.tributary.cdc.capture;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * How each source's capture is doing, as the operator reads it in the control schema: its error
 * (with an audit event when it changes) and the WAL its replication slot holds.
 */
@ApplicationScoped
public class CaptureHealthRepository {
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

  static final String SLOT_LAG =
      """
      UPDATE tributary.sources
         SET capture_lag_bytes = $3, capture_retained_bytes = $4, capture_checked_at = now()
       WHERE migration_id = $1 AND name = $2""";

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private final Pool pool;

  public CaptureHealthRepository(Pool pool) {
    this.pool = pool;
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
}
