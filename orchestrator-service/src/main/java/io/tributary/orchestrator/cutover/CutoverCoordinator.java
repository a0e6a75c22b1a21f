package io.tributary.orchestrator.cutover;

import io.tributary.common.control.MigrationState;
import io.tributary.common.plan.CutoverPlan;
import io.tributary.orchestrator.OrchestratorConfig;
import io.tributary.orchestrator.state.CommandRefused;
import io.tributary.orchestrator.state.MigrationRecord;
import io.tributary.orchestrator.state.MigrationRepository;
import io.tributary.source.spi.freeze.CutoverSource;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What operators ask of cutovers (DESIGN.md): start one, roll it back, see the latest. A started
 * cutover runs on a thread of its own through {@link CutoverSequence}, one {@link
 * CutoverStepAction} per step, each with the plan's timeout and its outcome and duration in the
 * audit log; {@link CutoverRecovery} takes up the cutovers an earlier run left unfinished.
 */
@ApplicationScoped
public class CutoverCoordinator {
  private final Pool pool;
  private final CutoverRepository cutovers;
  private final CutoverSourceRepository sources;
  private final MigrationRepository migrations;
  private final SourceFreezer freezer;
  private final CutoverPlans plans;
  private final MigrationPauses pauses;
  private final RunningCutovers running;
  private final CutoverLifecycle lifecycle;
  private final CutoverSequence sequence;
  private final OpenRejects rejects;
  private final OrchestratorConfig config;

  CutoverCoordinator(
      CutoverRecords records,
      SourceFreezer freezer,
      MigrationPauses pauses,
      RunningCutovers running,
      CutoverLifecycle lifecycle,
      CutoverSequence sequence,
      OpenRejects rejects) {
    this.pool = records.pool();
    this.cutovers = records.cutovers();
    this.sources = records.sources();
    this.migrations = records.migrations();
    this.freezer = freezer;
    this.plans = records.plans();
    this.pauses = pauses;
    this.running = running;
    this.lifecycle = lifecycle;
    this.sequence = sequence;
    this.rejects = rejects;
    this.config = records.config();
  }

  /**
   * Starts a cutover of {@code migration}: checks it can run, moves the migration to CUTTING_OVER
   * and records the cutover in one transaction, then runs the steps on a thread of their own.
   *
   * @param options {@code full}: the final gate compares every row (the pause grows with the data),
   *     not only the rows changed after the precutover verification's position (the plan's {@code
   *     final-validation: full} asks the same of every cutover); {@code acceptRejects}: open
   *     rejects may be left behind
   * @throws CommandRefused when the migration is not REPLICATING, ROLLED_BACK or FELL_BACK, is
   *     paused, has open rejects the operator did not accept, has a cutover under way, or its plan
   *     or sources cannot be cut over
   */
  public Cutover start(String migration, String by, String reason, CutoverOptions options) {
    MigrationRecord record = migrations.get(pool, migration).await().atMost(timeout());
    if (!record.state().mayCutOver()) {
      throw CommandRefused.inState(
          record,
          "a cutover starts from REPLICATING (every table's snapshot captured),"
              + " ROLLED_BACK or FELL_BACK"
              + (record.state() == MigrationState.CUTTING_OVER
                  ? "; a cutover is under way (GET /migrations/" + migration + "/cutover)"
                  : ""));
    }
    if (pauses.paused(migration)) {
      throw new CommandRefused(
          migration,
          record.state(),
          "migration '"
              + migration
              + "' is paused: its capture is stopped, so its sources cannot be drained; resume it"
              + " first (POST /migrations/"
              + migration
              + "/resume)");
    }
    if (!options.acceptRejects()) {
      OpenRejects.Summary open = rejects.of(migration);
      if (!open.none()) {
        throw new CommandRefused(migration, record.state(), open.refusal(migration));
      }
    }
    CutoverPlan plan = plans.of(migration, record.state());
    List<CutoverSource> list = sources.sources(pool, migration, timeout());
    for (CutoverSource source : list) {
      try {
        freezer.intent(source, plan);
      } catch (RuntimeException e) {
        throw new CommandRefused(migration, record.state(), e.getMessage());
      }
    }
    if (!running.claim(migration)) {
      throw new CommandRefused(
          migration, record.state(), "a cutover of '" + migration + "' is under way");
    }
    try {
      Cutover cutover = lifecycle.open(migration, record.state(), by, reason);
      CutoverRun run =
          new CutoverRun(
              by,
              new CutoverOptions(options.full() || plan.fullValidation(), options.acceptRejects()),
              cutover,
              plan,
              list);
      running.attach(migration, run);
      running.submit(() -> sequence.run(run));
      return cutover;
    } catch (RuntimeException e) {
      running.release(migration);
      throw e;
    }
  }

  /**
   * Asks the cutover under way to roll back: the step running is stopped and the sources are
   * unfrozen.
   *
   * @throws CommandRefused when no cutover is under way, or its switch has begun
   */
  public void rollback(String migration, String by, String reason) {
    MigrationRecord record = migrations.get(pool, migration).await().atMost(timeout());
    Optional<CutoverRun> run = running.get(migration);
    if (record.state() != MigrationState.CUTTING_OVER || run.isEmpty()) {
      throw CommandRefused.inState(
          record,
          "there is no cutover under way to roll back"
              + (record.state() == MigrationState.CUT_OVER
                  ? "; the applications were switched to the target, which has every write since"
                  : ""));
    }
    if (!run.get().requestRollback(by, reason)) {
      throw new CommandRefused(
          migration,
          record.state(),
          "cutover "
              + run.get().cutover().id()
              + " has begun its switch: the applications may already write to the target, so it"
              + " finishes rather than rolls back");
    }
  }

  /** The migration's newest cutover with its steps. */
  public Optional<CutoverReport> latest(String migration) {
    migrations.get(pool, migration).await().atMost(timeout());
    return cutovers
        .latest(pool, migration, timeout())
        .map(
            c ->
                CutoverReport.of(
                    c,
                    cutovers.sourceLockMs(pool, c, timeout()),
                    cutovers.steps(pool, c.id(), timeout())));
  }

  private Duration timeout() {
    return config.databaseTimeout();
  }
}
