package io.tributary.orchestrator.fallback;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A fallback's request that cdc-service install the sources' change capture again while they are
 * still frozen ({@code sources.capture_resume_requested_at}; done: {@code capture_resumed_at},
 * failed: {@code capture_resume_error}), so that the applications' first writes after the switch
 * back are captured; capture then streams them into the target without a new snapshot.
 */
@ApplicationScoped
public class CaptureResumeRequests {
  static final String REQUEST =
      """
      UPDATE tributary.sources SET capture_resume_requested_at = now(), capture_resumed_at = NULL,
             capture_resume_error = NULL
       WHERE migration_id = $1""";

  static final String STATUS =
      """
      SELECT name, capture_resumed_at IS NOT NULL AS resumed, capture_resume_error
        FROM tributary.sources WHERE migration_id = $1 ORDER BY name""";

  static final String CANCEL =
      """
      UPDATE tributary.sources SET capture_resume_requested_at = NULL
       WHERE migration_id = $1 AND capture_resumed_at IS NULL""";

  private static final long POLL_MS = 20;

  private final Pool pool;

  public CaptureResumeRequests(Pool pool) {
    this.pool = pool;
  }

  public void request(String migration, Duration timeout) {
    pool.preparedQuery(REQUEST).execute(Tuple.of(migration)).await().atMost(timeout);
  }

  /** Stops a request that was not taken up (a fallback that rolls back). */
  public void cancel(String migration, Duration timeout) {
    pool.preparedQuery(CANCEL).execute(Tuple.of(migration)).await().atMost(timeout);
  }

  /**
   * Waits until every source's capture is installed again.
   *
   * @throws IllegalStateException naming the sources not done, or the error cdc-service recorded
   */
  public void await(String migration, Duration bound) {
    long deadline = System.nanoTime() + bound.toNanos();
    while (true) {
      List<String> waiting = new ArrayList<>();
      for (Row row :
          pool.preparedQuery(STATUS).execute(Tuple.of(migration)).await().atMost(bound)) {
        String error = row.getString("capture_resume_error");
        if (error != null) {
          throw new IllegalStateException(
              "the change capture of source '"
                  + row.getString("name")
                  + "' could not be installed again: "
                  + error);
        }
        if (!row.getBoolean("resumed")) {
          waiting.add(row.getString("name"));
        }
      }
      if (waiting.isEmpty()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "cdc-service did not install the change capture of "
                + waiting
                + " again within "
                + bound.toMillis()
                + " ms (is it running?)");
      }
      try {
        Thread.sleep(POLL_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }
}
