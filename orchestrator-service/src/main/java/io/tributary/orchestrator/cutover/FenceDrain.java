package io.tributary.orchestrator.cutover;

import io.tributary.common.control.FenceStatements;
import io.tributary.orchestrator.OrchestratorConfig;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Fences and the drain: asks capture to write a fence into every source's change stream ({@code
 * tributary.fences}), waits until capture has published its markers on every table topic, then
 * until apply has committed past every marker. Once a frozen source's fence is applied, the target
 * holds every change the source committed.
 */
@ApplicationScoped
public class FenceDrain {
  static final String REQUEST =
      "INSERT INTO tributary.fences (migration_id, source_name) VALUES ($1, $2) RETURNING id";

  /** Each fence, and whether apply's consumer group committed past all its markers. */
  static final String PROGRESS =
      """
      SELECT f.id, f.source_name, f.written_at IS NOT NULL AS written,
             f.published_at IS NOT NULL AS published, f.error,
      """
          + FenceStatements.applied("$2")
          + " AS applied FROM tributary.fences f WHERE f.id = ANY($1) ORDER BY f.id";

  private static final Duration POLL = Duration.ofMillis(20);

  private final Pool pool;
  private final OrchestratorConfig config;

  public FenceDrain(Pool pool, OrchestratorConfig config) {
    this.pool = pool;
    this.config = config;
  }

  /** Requests one fence per source; their ids. */
  public List<Long> request(String migration, List<String> sources) {
    List<Long> ids = new ArrayList<>();
    for (String source : sources) {
      ids.add(
          pool.preparedQuery(REQUEST)
              .execute(Tuple.of(migration, source))
              .await()
              .atMost(config.databaseTimeout())
              .iterator()
              .next()
              .getLong("id"));
    }
    return ids;
  }

  /** Waits until capture published every fence's markers; a description. */
  public String awaitPublished(List<Long> fences, BooleanSupplier cancelled) {
    return await(fences, "published", cancelled);
  }

  /** Waits until apply committed past every fence's markers; a description. */
  public String awaitApplied(List<Long> fences, BooleanSupplier cancelled) {
    return await(fences, "applied", cancelled);
  }

  private String await(List<Long> fences, String column, BooleanSupplier cancelled) {
    while (true) {
      List<String> waiting = new ArrayList<>();
      for (Row row :
          pool.preparedQuery(PROGRESS)
              .execute(Tuple.of(fences.toArray(Long[]::new), config.applyGroup()))
              .await()
              .atMost(config.databaseTimeout())) {
        if (!row.getBoolean(column)) {
          String error = row.getString("error");
          waiting.add(
              row.getString("source_name")
                  + " (fence "
                  + row.getLong("id")
                  + (row.getBoolean("written") ? "" : ", not yet written")
                  + (error == null ? "" : ", capture says: " + error)
                  + ")");
        }
      }
      if (waiting.isEmpty()) {
        return "fences " + fences + " " + column;
      }
      if (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()) {
        throw new CutoverStepException("still waiting for " + String.join(", ", waiting));
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CutoverStepException(
            "interrupted while waiting for " + String.join(", ", waiting));
      }
    }
  }
}
