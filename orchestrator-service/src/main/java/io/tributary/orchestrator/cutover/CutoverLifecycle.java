package io.tributary.orchestrator.cutover;

import io.tributary.common.control.CutoverOutcome;
import io.tributary.common.control.MigrationState;
import io.tributary.orchestrator.OrchestratorConfig;
import io.tributary.orchestrator.control.StatusPublisher;
import io.tributary.orchestrator.metrics.CutoverMetrics;
import io.tributary.orchestrator.state.CommandRefused;
import io.tributary.orchestrator.state.StateTransition;
import io.tributary.orchestrator.state.TransitionRecorder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * A cutover's beginning and end, each one transaction with the migration's state change: opened,
 * the migration is CUTTING_OVER; ended, it is CUT_OVER, ROLLED_BACK or FAILED. Each change is
 * published on the status topic once committed.
 */
@ApplicationScoped
class CutoverLifecycle {
  private static final Logger LOG = Logger.getLogger(CutoverLifecycle.class);

  private final Pool pool;
  private final CutoverRepository cutovers;
  private final TransitionRecorder transitions;
  private final StatusPublisher status;
  private final RunningCutovers running;
  private final OrchestratorConfig config;
  private final CutoverMetrics metrics;

  CutoverLifecycle(
      Pool pool,
      CutoverRepository cutovers,
      TransitionRecorder transitions,
      StatusPublisher status,
      RunningCutovers running,
      OrchestratorConfig config,
      CutoverMetrics metrics) {
    this.metrics = metrics;
    this.pool = pool;
    this.cutovers = cutovers;
    this.transitions = transitions;
    this.status = status;
    this.running = running;
    this.config = config;
  }

  /**
   * Records a new cutover of {@code migration} and moves the migration from {@code from} to
   * CUTTING_OVER.
   *
   * @throws CommandRefused when the migration has an open cutover or changed state meanwhile
   */
  Cutover open(String migration, MigrationState from, String by, String reason) {
    Cutover cutover;
    StateTransition transition;
    SqlConnection connection = pool.getConnection().await().atMost(timeout());
    try {
      var tx = connection.begin().await().atMost(timeout());
      cutover =
          cutovers
              .open(connection, migration, by, reason, timeout())
              .orElseThrow(
                  () ->
                      new CommandRefused(
                          migration,
                          from,
                          "migration '" + migration + "' has a cutover under way"));
      transition =
          transitions
              .transition(
                  connection,
                  migration,
                  from,
                  MigrationState.CUTTING_OVER,
                  by,
                  "cutover "
                      + cutover.id()
                      + " requested by "
                      + by
                      + (reason == null || reason.isBlank() ? "" : ": " + reason))
              .await()
              .atMost(timeout())
              .orElseThrow(
                  () ->
                      new CommandRefused(
                          migration,
                          from,
                          "migration '" + migration + "' changed state meanwhile; try again"));
      tx.commit().await().atMost(timeout());
    } finally {
      connection.close().await().atMost(timeout());
    }
    status.publish(transition);
    LOG.infof("Migration '%s': cutover %d requested by %s", migration, cutover.id(), by);
    return cutover;
  }

  /**
   * Ends the cutover and moves its migration from CUTTING_OVER to {@code to}; frees the migration
   * for another cutover. A failure to record it is logged: the cutover stays unfinished in the
   * control schema, and recovery takes it up again.
   *
   * @param step the step the cutover ended at ({@code done}, {@code rollback})
   */
  void end(CutoverRun run, MigrationState to, CutoverOutcome outcome, String reason, String step) {
    Cutover cutover = run.cutover();
    try {
      SqlConnection connection = pool.getConnection().await().atMost(timeout());
      Optional<StateTransition> transition;
      try {
        var tx = connection.begin().await().atMost(timeout());
        cutovers.finish(connection, cutover.id(), outcome, reason, step, timeout());
        transition =
            transitions
                .transition(
                    connection,
                    cutover.migration(),
                    MigrationState.CUTTING_OVER,
                    to,
                    run.actor(),
                    reason)
                .await()
                .atMost(timeout());
        tx.commit().await().atMost(timeout());
      } finally {
        connection.close().await().atMost(timeout());
      }
      transition.ifPresent(status::publish);
      LOG.infof("Migration '%s' is %s: %s", cutover.migration(), to, reason);
      recordWritePause(cutover);
    } catch (RuntimeException e) {
      LOG.errorf(
          e,
          "Failed to record the end of cutover %d of '%s' (%s); retried at the next recovery",
          cutover.id(),
          cutover.migration(),
          reason);
    } finally {
      running.release(cutover.migration());
    }
  }

  /** The ended cutover's write pause in the metrics (as recorded; only logged when unreadable). */
  private void recordWritePause(Cutover cutover) {
    try {
      cutovers
          .latest(pool, cutover.migration(), timeout())
          .filter(latest -> latest.id() == cutover.id())
          .ifPresent(
              latest ->
                  metrics.cutoverEnded(
                      latest.migration(), String.valueOf(latest.outcome()), latest.writePauseMs()));
    } catch (RuntimeException e) {
      LOG.warnf(
          "Failed to read the write pause of cutover %d for the metrics: %s",
          cutover.id(), e.getMessage());
    }
  }

  /** Frees the migration without ending its cutover: recovery takes the cutover up again. */
  void release(CutoverRun run) {
    running.release(run.migration());
  }

  /** Closes a cutover found unfinished while its migration is no longer CUTTING_OVER. */
  void abandon(Cutover cutover, MigrationState state) {
    cutovers.finish(
        pool,
        cutover.id(),
        CutoverOutcome.FAILED,
        "found unfinished while the migration was " + state,
        cutover.step(),
        timeout());
  }

  private Duration timeout() {
    return config.databaseTimeout();
  }
}
