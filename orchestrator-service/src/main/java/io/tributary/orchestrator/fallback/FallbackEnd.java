package io.tributary.orchestrator.fallback;

import io.tributary.common.control.CutoverOutcome;
import io.tributary.common.control.MigrationState;
import io.tributary.orchestrator.OrchestratorConfig;
import io.tributary.orchestrator.cutover.Cutover;
import io.tributary.orchestrator.cutover.CutoverRecords;
import io.tributary.orchestrator.cutover.CutoverRepository;
import io.tributary.orchestrator.state.TransitionRecorder;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * A fallback's end: the migration leaves FALLING_BACK (FELL_BACK, CUT_OVER again, or FAILED), the
 * fallback's outcome is journalled, and its report is made.
 */
@ApplicationScoped
class FallbackEnd {
  private static final Logger LOG = Logger.getLogger(FallbackEnd.class);

  private final Pool pool;
  private final CutoverRepository journal;
  private final TransitionRecorder transitions;
  private final OrchestratorConfig config;

  FallbackEnd(CutoverRecords records, TransitionRecorder transitions) {
    this.pool = records.pool();
    this.journal = records.cutovers();
    this.config = records.config();
    this.transitions = transitions;
  }

  /**
   * Ends {@code run}.
   *
   * @param step the journal's last step ({@code done}, {@code rollback})
   */
  FallbackReport end(
      FallbackRun run, MigrationState state, CutoverOutcome outcome, String detail, String step) {
    String migration = run.migration();
    transitions
        .transition(pool, migration, MigrationState.FALLING_BACK, state, run.by(), detail)
        .await()
        .atMost(timeout());
    try {
      journal.finish(pool, run.id(), outcome, detail, step, timeout());
    } catch (RuntimeException e) {
      LOG.warnf("Fallback %d: its end was not journalled: %s", run.id(), e.getMessage());
    }
    Long pause =
        journal.latestFallback(pool, migration, timeout()).map(Cutover::writePauseMs).orElse(null);
    LOG.infof("Migration '%s': %s", migration, detail);
    return new FallbackReport(
        migration, run.id(), state.name(), outcome.wire(), pause, run.steps(), detail);
  }

  private Duration timeout() {
    return config.databaseTimeout();
  }
}
