package io.tributary.orchestrator.lifecycle;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.tributary.orchestrator.OrchestratorConfig;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Finishes the cleanup of abandoned migrations that an abandon could not finish within its wait
 * (cdc-service was down, a source unreachable, Kafka slow), also after an orchestrator restart.
 */
@ApplicationScoped
public class AbandonSweeper {
  private static final Logger LOG = Logger.getLogger(AbandonSweeper.class);

  private final Pool pool;
  private final AbandonCleanup cleanup;
  private final OrchestratorConfig config;

  public AbandonSweeper(Pool pool, AbandonCleanup cleanup, OrchestratorConfig config) {
    this.pool = pool;
    this.cleanup = cleanup;
    this.config = config;
  }

  @Scheduled(
      identity = "abandon-sweeper",
      every = "${tributary.orchestrator.supervise-interval:2s}",
      concurrentExecution = ConcurrentExecution.SKIP,
      skipExecutionIf = Scheduled.ApplicationNotRunning.class)
  void sweep() {
    List<String> unfinished = new ArrayList<>();
    try {
      for (Row row :
          pool.preparedQuery(LifecycleStatements.UNFINISHED)
              .execute()
              .await()
              .atMost(config.databaseTimeout())) {
        unfinished.add(row.getString("id"));
      }
    } catch (RuntimeException e) {
      LOG.debugf("Failed to list abandoned migrations: %s", e.getMessage());
      return;
    }
    for (String migration : unfinished) {
      cleanup.attempt(migration);
    }
  }
}
