package io.tributary.orchestrator.cutover;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.tributary.common.control.MigrationState;
import io.tributary.common.plan.CutoverPlan;
import io.tributary.orchestrator.OrchestratorConfig;
import io.tributary.orchestrator.control.ControlSchemaInitializer;
import io.tributary.orchestrator.state.CommandRefused;
import io.tributary.orchestrator.state.MigrationRecord;
import io.tributary.orchestrator.state.MigrationRepository;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Takes up the cutovers an earlier run of the orchestrator left unfinished (or whose end could not
 * be recorded): one that had begun its switch finishes the switch (its actions are idempotent; a
 * webhook may be posted twice), any other is rolled back, undoing the freeze recorded before it
 * acted. Sources are never left frozen without the state saying so.
 */
@ApplicationScoped
class CutoverRecovery {
  private static final Logger LOG = Logger.getLogger(CutoverRecovery.class);

  private final Pool pool;
  private final CutoverRepository cutovers;
  private final CutoverSourceRepository sources;
  private final MigrationRepository migrations;
  private final CutoverPlans plans;
  private final CutoverJournal journal;
  private final CutoverSequence sequence;
  private final CutoverLifecycle lifecycle;
  private final RunningCutovers running;
  private final ControlSchemaInitializer controlSchema;
  private final OrchestratorConfig config;

  CutoverRecovery(
      CutoverRecords records,
      CutoverJournal journal,
      CutoverSequence sequence,
      CutoverLifecycle lifecycle,
      RunningCutovers running,
      ControlSchemaInitializer controlSchema) {
    this.pool = records.pool();
    this.cutovers = records.cutovers();
    this.sources = records.sources();
    this.migrations = records.migrations();
    this.plans = records.plans();
    this.journal = journal;
    this.sequence = sequence;
    this.lifecycle = lifecycle;
    this.running = running;
    this.controlSchema = controlSchema;
    this.config = records.config();
  }

  @Scheduled(
      identity = "cutover-recovery",
      every = "${tributary.orchestrator.supervise-interval:2s}",
      concurrentExecution = ConcurrentExecution.SKIP)
  void recover() {
    if (!controlSchema.isReady()) {
      return;
    }
    List<Cutover> open;
    try {
      open = cutovers.unfinished(pool, timeout());
    } catch (RuntimeException e) {
      LOG.warnf("Failed to look for unfinished cutovers: %s", e.getMessage());
      return;
    }
    for (Cutover cutover : open) {
      if (!running.claim(cutover.migration())) {
        continue;
      }
      LOG.warnf(
          "Migration '%s': cutover %d was left at step %s by an earlier run; %s",
          cutover.migration(),
          cutover.id(),
          cutover.step(),
          cutover.switchStartedAt() != null ? "finishing its switch" : "rolling it back");
      running.submit(() -> resume(cutover));
    }
  }

  /** Finishes a begun switch, else rolls back. */
  private void resume(Cutover cutover) {
    String migration = cutover.migration();
    try {
      MigrationRecord record = migrations.get(pool, migration).await().atMost(timeout());
      if (record.state() != MigrationState.CUTTING_OVER) {
        lifecycle.abandon(cutover, record.state());
        running.release(migration);
        return;
      }
      CutoverPlan plan;
      try {
        plan = plans.of(migration, record.state());
      } catch (CommandRefused e) {
        plan = CutoverPlan.defaults();
        LOG.warnf("Cutover %d: %s; going on with default settings", cutover.id(), e.getMessage());
      }
      CutoverRun run =
          new CutoverRun(
              "orchestrator",
              CutoverOptions.DEFAULTS,
              cutover,
              plan,
              sources.sources(pool, migration, timeout()));
      run.frozen(journal.frozen(cutover));
      running.attach(migration, run);
      if (cutover.switchStartedAt() != null) {
        run.beginSwitch();
        sequence.switchOver(run);
      } else {
        sequence.rollBack(
            run, "the orchestrator stopped during step " + cutover.step() + " and was restarted");
      }
    } catch (RuntimeException e) {
      LOG.errorf(e, "Failed to take up cutover %d of '%s'", cutover.id(), migration);
      running.release(migration);
    }
  }

  private Duration timeout() {
    return config.databaseTimeout();
  }
}
