package io.tributary.orchestrator.fallback;

import io.quarkus.scheduler.Scheduled;
import io.tributary.common.control.MigrationState;
import io.tributary.orchestrator.OrchestratorConfig;
import io.tributary.orchestrator.state.CommandRefused;
import io.tributary.orchestrator.state.MigrationRecord;
import io.tributary.orchestrator.state.MigrationRepository;
import io.tributary.orchestrator.state.TransitionRecorder;
import io.tributary.orchestrator.window.FallbackWindows;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Ends a migration's fallback window: CUT_OVER → FINISHED, then the window's slot and publication
 * dropped (nothing is written back any more; the sources stay as they are, read-only). Asked by an
 * operator ({@code POST /migrations/{id}/finish}) or done when the window's time runs out (looked
 * for every {@code tributary.orchestrator.supervise-interval}, with fallbacks a stopped
 * orchestrator left under way and windows whose slot outlived them).
 */
@ApplicationScoped
public class FallbackFinisher {
  private static final Logger LOG = Logger.getLogger(FallbackFinisher.class);

  private final Pool pool;
  private final OrchestratorConfig config;
  private final MigrationRepository migrations;
  private final TransitionRecorder transitions;
  private final FallbackWindows windows;
  private final FallbackCoordinator coordinator;

  FallbackFinisher(
      Pool pool,
      OrchestratorConfig config,
      MigrationRepository migrations,
      TransitionRecorder transitions,
      FallbackWindows windows,
      FallbackCoordinator coordinator) {
    this.coordinator = coordinator;
    this.pool = pool;
    this.config = config;
    this.migrations = migrations;
    this.transitions = transitions;
    this.windows = windows;
  }

  /**
   * @return what it did
   * @throws CommandRefused when the migration is not CUT_OVER
   */
  public synchronized String finish(String migration, String by, String reason) {
    MigrationRecord record = migrations.get(pool, migration).await().atMost(timeout());
    CommandRefused.unlessIn(
        record,
        MigrationState.CUT_OVER,
        "only a CUT_OVER migration's fallback window can be finished");
    String why = "fallback window finished" + (reason == null ? "" : ": " + reason);
    boolean moved =
        transitions
            .transition(pool, migration, MigrationState.CUT_OVER, MigrationState.FINISHED, by, why)
            .await()
            .atMost(timeout())
            .isPresent();
    if (!moved) {
      throw new CommandRefused(
          migration, record.state(), "migration '" + migration + "' moved on meanwhile");
    }
    String closed = windows.close(migration, "finished by " + by);
    return closed.isEmpty() ? why + " (it had no window)" : why + "; " + closed;
  }

  @Scheduled(
      every = "${tributary.orchestrator.supervise-interval:2s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = Scheduled.ApplicationNotRunning.class)
  void finishExpired() {
    try {
      for (String line : coordinator.recoverStuck()) {
        LOG.warnf("Recovered a fallback left under way: %s", line);
      }
      for (String migration : windows.leftovers()) {
        LOG.infof("Migration '%s': %s", migration, windows.close(migration, "left over"));
      }
    } catch (RuntimeException e) {
      LOG.debugf("Failed to recover fallbacks or drop left-over windows: %s", e.getMessage());
    }
    try {
      for (String migration : windows.expired()) {
        try {
          LOG.infof(
              "Migration '%s': %s", migration, finish(migration, "tributary", "its time ran out"));
        } catch (RuntimeException e) {
          LOG.warnf(
              "Migration '%s': its expired fallback window was not finished: %s",
              migration, e.getMessage());
        }
      }
    } catch (RuntimeException e) {
      LOG.debugf("Failed to look for expired fallback windows: %s", e.getMessage());
    }
  }

  private Duration timeout() {
    return config.databaseTimeout();
  }
}
