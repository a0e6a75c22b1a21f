package io.tributary.orchestrator.cutover;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.tributary.common.control.CutoverOutcome;
import io.tributary.common.control.FinalizeStepState;
import io.tributary.common.control.MigrationState;
import io.tributary.common.plan.CutoverAction;
import io.tributary.common.plan.CutoverPlan;
import io.tributary.common.plan.CutoverStep;
import io.tributary.common.plan.PlanException;
import io.tributary.common.plan.PlanParser;
import io.tributary.common.sql.FinalizeStep.Kind;
import io.tributary.orchestrator.OrchestratorConfig;
import io.tributary.orchestrator.control.ControlSchemaInitializer;
import io.tributary.orchestrator.control.StatusPublisher;
import io.tributary.orchestrator.finalize.FinalizeStepRecord;
import io.tributary.orchestrator.finalize.Finalizer;
import io.tributary.orchestrator.provision.PlanIntake;
import io.tributary.orchestrator.provision.TargetAddress;
import io.tributary.orchestrator.state.MigrationRecord;
import io.tributary.orchestrator.state.MigrationRepository;
import io.tributary.orchestrator.state.StateTransition;
import io.tributary.orchestrator.state.TransitionRecorder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Runs cutovers (DESIGN.md): prepare → freeze → fence → drain → final validation → finalize →
 * switch → CUT_OVER; any failure, timeout or operator rollback before the switch unfreezes the
 * sources and ends in ROLLED_BACK, where replication goes on. Each step has the plan's timeout, and
 * its outcome and duration go to the audit log; the cutover's row in {@code tributary.cutovers}
 * records what the freeze did (before it acts) and the write pause.
 *
 * <p>A restarted orchestrator takes up the cutovers it finds unfinished: one that had begun its
 * switch finishes the switch (its actions are idempotent, a webhook may be posted twice), any other
 * is rolled back. Sources are never left frozen without the state saying so.
 */
@ApplicationScoped
public class CutoverCoordinator {
  private static final Logger LOG = Logger.getLogger(CutoverCoordinator.class);
  private static final int UNFREEZE_ATTEMPTS = 3;

  private final Pool pool;
  private final CutoverRepository cutovers;
  private final CutoverSourceRepository sources;
  private final MigrationRepository migrations;
  private final TransitionRecorder transitions;
  private final StatusPublisher status;
  private final SourceFreezer freezer;
  private final FenceDrain fences;
  private final CutoverValidation validation;
  private final Finalizer finalizer;
  private final SwitchActionRunner switches;
  private final PlanIntake intake;
  private final ControlSchemaInitializer controlSchema;
  private final OrchestratorConfig config;
  private final ObjectMapper mapper;
  private final MigrationPauses pauses;
  private final CutoverHooks hooks;

  /** Cutovers this process runs, by migration. */
  private final Map<String, Run> running = new ConcurrentHashMap<>();

  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "tributary-cutover");
            t.setDaemon(true);
            return t;
          });

  public CutoverCoordinator(
      Pool pool,
      CutoverRepository cutovers,
      CutoverSourceRepository sources,
      MigrationRepository migrations,
      TransitionRecorder transitions,
      StatusPublisher status,
      SourceFreezer freezer,
      FenceDrain fences,
      CutoverValidation validation,
      Finalizer finalizer,
      SwitchActionRunner switches,
      PlanIntake intake,
      ControlSchemaInitializer controlSchema,
      OrchestratorConfig config,
      ObjectMapper mapper,
      MigrationPauses pauses,
      CutoverHooks hooks) {
    this.pool = pool;
    this.cutovers = cutovers;
    this.sources = sources;
    this.migrations = migrations;
    this.transitions = transitions;
    this.status = status;
    this.freezer = freezer;
    this.fences = fences;
    this.validation = validation;
    this.finalizer = finalizer;
    this.switches = switches;
    this.intake = intake;
    this.controlSchema = controlSchema;
    this.config = config;
    this.mapper = mapper;
    this.pauses = pauses;
    this.hooks = hooks;
  }

  void onStop(@Observes ShutdownEvent event) {
    threads.shutdownNow();
  }

  /**
   * Starts a cutover of {@code migration}: checks it can run, moves the migration to CUTTING_OVER
   * and records the cutover in one transaction, then runs the steps on a thread of their own.
   *
   * @param full the final gate compares every row (today's pause grows with the data), not only the
   *     rows changed after the precutover verification's position
   * @throws CutoverRefused when the migration is not REPLICATING or ROLLED_BACK, is paused, has a
   *     cutover under way, or its plan or sources cannot be cut over
   */
  public Cutover start(String migration, String by, String reason, boolean full) {
    MigrationRecord record = migrations.get(pool, migration).await().atMost(timeout());
    if (record.state() != MigrationState.REPLICATING
        && record.state() != MigrationState.ROLLED_BACK) {
      throw new CutoverRefused(
          migration,
          record.state(),
          "migration '"
              + migration
              + "' is "
              + record.state()
              + ": a cutover starts from REPLICATING (every table's snapshot captured) or"
              + " ROLLED_BACK"
              + (record.state() == MigrationState.CUTTING_OVER
                  ? "; a cutover is under way (GET /migrations/" + migration + "/cutover)"
                  : ""));
    }
    if (paused(migration)) {
      throw new CutoverRefused(
          migration,
          record.state(),
          "migration '"
              + migration
              + "' is paused: its capture is stopped, so its sources cannot be drained; resume it"
              + " first (POST /migrations/"
              + migration
              + "/resume)");
    }
    CutoverPlan plan = plan(migration, record.state());
    List<CutoverSource> list = sources.sources(pool, migration, timeout());
    for (CutoverSource source : list) {
      try {
        freezer.intent(source, plan);
      } catch (RuntimeException e) {
        throw new CutoverRefused(migration, record.state(), e.getMessage());
      }
    }
    Run run = new Run(by);
    run.full = full;
    if (running.putIfAbsent(migration, run) != null) {
      throw new CutoverRefused(
          migration, record.state(), "a cutover of '" + migration + "' is under way");
    }
    try {
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
                        new CutoverRefused(
                            migration,
                            record.state(),
                            "migration '" + migration + "' has a cutover under way"));
        transition =
            transitions
                .transition(
                    connection,
                    migration,
                    record.state(),
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
                        new CutoverRefused(
                            migration,
                            record.state(),
                            "migration '" + migration + "' changed state meanwhile; try again"));
        tx.commit().await().atMost(timeout());
      } finally {
        connection.close().await().atMost(timeout());
      }
      status.publish(transition);
      LOG.infof("Migration '%s': cutover %d requested by %s", migration, cutover.id(), by);
      run.cutover = cutover;
      threads.submit(() -> runCutover(run, cutover, plan, list));
      return cutover;
    } catch (RuntimeException e) {
      running.remove(migration, run);
      throw e;
    }
  }

  /**
   * Asks the cutover under way to roll back: the step running is stopped and the sources are
   * unfrozen.
   *
   * @throws CutoverRefused when no cutover is under way, or its switch has begun
   */
  public void rollback(String migration, String by, String reason) {
    MigrationRecord record = migrations.get(pool, migration).await().atMost(timeout());
    Run run = running.get(migration);
    if (record.state() != MigrationState.CUTTING_OVER || run == null) {
      throw new CutoverRefused(
          migration,
          record.state(),
          "migration '"
              + migration
              + "' is "
              + record.state()
              + ": there is no cutover under way to roll back"
              + (record.state() == MigrationState.CUT_OVER
                  ? "; the applications were switched to the target, which has every write since"
                  : ""));
    }
    synchronized (run) {
      if (run.switching) {
        throw new CutoverRefused(
            migration,
            record.state(),
            "cutover "
                + run.cutover.id()
                + " has begun its switch: the applications may already write to the target, so it"
                + " finishes rather than rolls back");
      }
      run.rollbackBy = by;
      run.rollbackReason =
          "rolled back by " + by + (reason == null || reason.isBlank() ? "" : ": " + reason);
      Future<?> step = run.step;
      if (step != null) {
        step.cancel(true);
      }
    }
  }

  /** The migration's newest cutover with its steps. */
  public Optional<CutoverReport> latest(String migration) {
    migrations.get(pool, migration).await().atMost(timeout());
    return cutovers
        .latest(pool, migration, timeout())
        .map(c -> CutoverReport.of(c, cutovers.steps(pool, c.id(), timeout())));
  }

  /** Takes up cutovers left unfinished by an earlier run of the orchestrator. */
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
      Run run = new Run("orchestrator");
      run.cutover = cutover;
      if (running.putIfAbsent(cutover.migration(), run) != null) {
        continue;
      }
      LOG.warnf(
          "Migration '%s': cutover %d was left at step %s by an earlier run; %s",
          cutover.migration(),
          cutover.id(),
          cutover.step(),
          cutover.switchStartedAt() != null ? "finishing its switch" : "rolling it back");
      threads.submit(() -> resume(run, cutover));
    }
  }

  // ------------------------------------------------------------------------------------------

  private void runCutover(Run run, Cutover cutover, CutoverPlan plan, List<CutoverSource> list) {
    List<FrozenSource> frozen = new ArrayList<>();
    String failedAt = null;
    try {
      step(run, CutoverStep.PREPARE, plan, () -> prepare(cutover, list, run, plan));
      hooks.reached(CutoverHooks.Point.PREPARED, cutover.migration());
      List<FrozenSource> intents = new ArrayList<>();
      for (CutoverSource source : list) {
        intents.add(freezer.intent(source, plan));
      }
      cutovers.frozen(pool, cutover.id(), json(intents), timeout());
      frozen.addAll(intents);
      String message = refusal(cutover);
      step(
          run,
          CutoverStep.FREEZE,
          plan,
          () -> {
            List<String> done = new ArrayList<>();
            List<FrozenSource> actual = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
              SourceFreezer.FreezeOutcome outcome =
                  freezer.freeze(
                      list.get(i), intents.get(i), plan, message, plan.timeout(CutoverStep.FREEZE));
              actual.add(outcome.frozen());
              done.add(outcome.detail());
            }
            cutovers.frozen(pool, cutover.id(), json(actual), timeout());
            synchronized (frozen) {
              frozen.clear();
              frozen.addAll(actual);
            }
            return String.join("; ", done);
          });
      List<Long> ids = new ArrayList<>();
      step(
          run,
          CutoverStep.FENCE,
          plan,
          () -> {
            ids.addAll(
                fences.request(
                    cutover.migration(), list.stream().map(CutoverSource::name).toList()));
            return fences.awaitPublished(ids, run::cancelled);
          });
      step(run, CutoverStep.DRAIN, plan, () -> fences.awaitApplied(ids, run::cancelled));
      step(
          run,
          CutoverStep.VALIDATE,
          plan,
          () ->
              validation.pass(
                  cutover.migration(),
                  run.by,
                  run.full ? null : run.position,
                  ids,
                  run::cancelled));
      step(run, CutoverStep.FINALIZE, plan, () -> finalizeTarget(cutover.migration()));
      synchronized (run) {
        if (run.cancelled()) {
          throw new CutoverStepException(run.rollbackReason);
        }
        run.switching = true;
      }
    } catch (CutoverStepException e) {
      failedAt = e.getMessage();
    } catch (RuntimeException e) {
      LOG.errorf(e, "Cutover %d of '%s' failed unexpectedly", cutover.id(), cutover.migration());
      failedAt = "unexpected error: " + e;
    }
    if (failedAt != null) {
      rollBack(run, cutover, plan, list, frozen, failedAt);
      return;
    }
    switchOver(run, cutover, plan, list, frozen);
  }

  /**
   * Before the freeze: finalize what needs no frozen source (indexes, unique constraints,
   * identities); then a fence through capture and apply, the cutover's position P (a cutover whose
   * capture or apply is not running stops here instead of freezing the sources); then the
   * precutover verification of every table at P. A difference stops the cutover here, before
   * anything is frozen.
   */
  private String prepare(Cutover cutover, List<CutoverSource> list, Run run, CutoverPlan plan) {
    List<FinalizeStepRecord> steps = finalizer.finalizeMigration(cutover.migration(), false);
    long failed = steps.stream().filter(s -> s.state() == FinalizeStepState.FAILED).count();
    long started = System.nanoTime();
    Duration bound = plan.timeout(CutoverStep.FENCE).plus(plan.timeout(CutoverStep.DRAIN));
    long deadline = started + bound.toNanos();
    List<Long> probe =
        fences.request(cutover.migration(), list.stream().map(CutoverSource::name).toList());
    try {
      fences.awaitApplied(probe, () -> run.cancelled() || System.nanoTime() > deadline);
    } catch (CutoverStepException e) {
      throw new CutoverStepException(
          run.cancelled()
              ? run.rollbackReason
              : "a probe fence did not get through capture and apply within "
                  + format(bound)
                  + " (is cdc-service running?): "
                  + e.getMessage());
    }
    long applied = System.nanoTime();
    run.position = probe;
    String verified = validation.precutover(cutover.migration(), run.by, probe, run::cancelled);
    return "finalize ahead of the freeze: "
        + steps.size()
        + " steps"
        + (failed == 0 ? "" : ", " + failed + " failed (see GET /migrations/{id}/finalize)")
        + "; position fences "
        + probe
        + " through capture and apply in "
        + (applied - started) / 1_000_000
        + " ms; "
        + verified
        + " in "
        + (System.nanoTime() - applied) / 1_000_000
        + " ms";
  }

  private String finalizeTarget(String migration) {
    List<FinalizeStepRecord> steps = finalizer.finalizeMigration(migration, true);
    List<String> fatal = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (FinalizeStepRecord s : steps) {
      if (s.state() != FinalizeStepState.FAILED) {
        continue;
      }
      String line = s.kind() + " on " + s.table() + ": " + s.detail();
      if (s.kind() == Kind.IDENTITY || s.kind() == Kind.SEQUENCE) {
        fatal.add(line);
      } else {
        warnings.add(line);
      }
    }
    if (!fatal.isEmpty()) {
      throw new CutoverStepException(
          "finalize: the target cannot generate keys for new rows: " + String.join("; ", fatal));
    }
    return steps.size()
        + " finalize steps run"
        + (warnings.isEmpty() ? "" : "; not done: " + String.join("; ", warnings));
  }

  private void switchOver(
      Run run,
      Cutover cutover,
      CutoverPlan plan,
      List<CutoverSource> list,
      List<FrozenSource> frozen) {
    cutovers.switchStarted(pool, cutover.id(), timeout());
    List<TargetConnection> connections = connections(list);
    List<String> failures = new ArrayList<>();
    boolean tookEffect = false;
    long started = System.nanoTime();
    List<String> done = new ArrayList<>();
    for (int i = 0; i < plan.actions().size(); i++) {
      CutoverAction action = plan.actions().get(i);
      try {
        done.add(
            switches.run(
                action,
                cutover.migration(),
                cutover.id(),
                connections,
                plan.timeout(CutoverStep.SWITCH)));
        tookEffect = true;
      } catch (RuntimeException e) {
        String line = "action " + (i + 1) + " (" + action.kind() + ") failed: " + e.getMessage();
        if (!tookEffect) {
          stepEvent(run, cutover, CutoverStep.SWITCH, line, started);
          rollBack(run, cutover, plan, list, frozen, "switch: " + line);
          return;
        }
        failures.add(line);
      }
    }
    cutovers.switched(pool, cutover.id(), timeout());
    String detail = done.isEmpty() ? "no switch actions in the plan" : String.join("; ", done);
    if (!failures.isEmpty()) {
      detail += "; " + String.join("; ", failures) + " (finish those by hand)";
    }
    stepEvent(run, cutover, CutoverStep.SWITCH, detail, started);
    if (!plan.keepSourcesReadOnly()) {
      List<String> undone = new ArrayList<>();
      for (FrozenSource f : frozen) {
        if (!FrozenSource.PGBOUNCER_PAUSE.equals(f.how())) {
          try {
            undone.add(freezer.unfreeze(source(list, f.source()), f, plan, timeout()));
          } catch (RuntimeException e) {
            undone.add(f.source() + ": could not be made writable: " + e.getMessage());
          }
        }
      }
      if (!undone.isEmpty()) {
        LOG.infof("Cutover %d: sources writable again after the switch: %s", cutover.id(), undone);
      }
    }
    Cutover now = cutovers.latest(pool, cutover.migration(), timeout()).orElse(cutover);
    String reason =
        "cutover "
            + cutover.id()
            + " switched the applications to the target (write pause "
            + now.writePauseMs()
            + " ms)"
            + (failures.isEmpty() ? "" : "; " + String.join("; ", failures));
    end(run, cutover, MigrationState.CUT_OVER, CutoverOutcome.CUT_OVER, reason, "done");
  }

  private void rollBack(
      Run run,
      Cutover cutover,
      CutoverPlan plan,
      List<CutoverSource> list,
      List<FrozenSource> frozen,
      String why) {
    long started = System.nanoTime();
    List<String> undone = new ArrayList<>();
    List<String> stuck = new ArrayList<>();
    List<FrozenSource> toUndo;
    synchronized (frozen) {
      toUndo = List.copyOf(frozen);
    }
    for (FrozenSource f : toUndo) {
      RuntimeException last = null;
      for (int attempt = 1; attempt <= UNFREEZE_ATTEMPTS; attempt++) {
        try {
          undone.add(
              freezer.unfreeze(
                  source(list, f.source()), f, plan, plan.timeout(CutoverStep.ROLLBACK)));
          last = null;
          break;
        } catch (RuntimeException e) {
          last = e;
          LOG.warnf(
              "Cutover %d: unfreezing %s failed (attempt %d of %d): %s",
              cutover.id(), f.source(), attempt, UNFREEZE_ATTEMPTS, e.getMessage());
        }
      }
      if (last != null) {
        stuck.add(f.source() + " (" + f.how() + "): " + last.getMessage());
      }
    }
    stepEvent(
        run,
        cutover,
        CutoverStep.ROLLBACK,
        (undone.isEmpty() ? "nothing was frozen" : String.join("; ", undone))
            + (stuck.isEmpty() ? "" : "; STILL FROZEN: " + String.join("; ", stuck)),
        started);
    if (stuck.isEmpty()) {
      end(
          run,
          cutover,
          MigrationState.ROLLED_BACK,
          CutoverOutcome.ROLLED_BACK,
          "cutover "
              + cutover.id()
              + " rolled back: "
              + why
              + "; sources writable again, replication continues",
          "rollback");
    } else {
      end(
          run,
          cutover,
          MigrationState.FAILED,
          CutoverOutcome.FAILED,
          "cutover "
              + cutover.id()
              + " failed ("
              + why
              + ") and its freeze could not be undone: "
              + String.join("; ", stuck)
              + ". Those sources still refuse writes: undo by hand (SQLite: drop the triggers"
              + " named tributary_readonly_*; PgBouncer: RESUME the database; roles: ALTER ROLE ..."
              + " IN DATABASE ... RESET default_transaction_read_only)",
          "rollback");
    }
  }

  /** After a restart: finish a begun switch, else roll back. */
  private void resume(Run run, Cutover cutover) {
    try {
      MigrationRecord record = migrations.get(pool, cutover.migration()).await().atMost(timeout());
      CutoverPlan plan;
      try {
        plan = plan(cutover.migration(), record.state());
      } catch (CutoverRefused e) {
        plan = CutoverPlan.defaults();
        LOG.warnf(
            "Cutover %d: %s; rolling back with default settings", cutover.id(), e.getMessage());
      }
      List<CutoverSource> list = sources.sources(pool, cutover.migration(), timeout());
      List<FrozenSource> frozen = new ArrayList<>(frozen(cutover));
      if (record.state() != MigrationState.CUTTING_OVER) {
        cutovers.finish(
            pool,
            cutover.id(),
            CutoverOutcome.FAILED,
            "found unfinished while the migration was " + record.state(),
            cutover.step(),
            timeout());
        running.remove(cutover.migration(), run);
        return;
      }
      if (cutover.switchStartedAt() != null) {
        run.switching = true;
        switchOver(run, cutover, plan, list, frozen);
      } else {
        rollBack(
            run,
            cutover,
            plan,
            list,
            frozen,
            "the orchestrator stopped during step " + cutover.step() + " and was restarted");
      }
    } catch (RuntimeException e) {
      LOG.errorf(e, "Failed to take up cutover %d of '%s'", cutover.id(), cutover.migration());
      running.remove(cutover.migration(), run);
    }
  }

  private void end(
      Run run,
      Cutover cutover,
      MigrationState to,
      CutoverOutcome outcome,
      String reason,
      String step) {
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
                    run.rollbackBy != null ? run.rollbackBy : run.by,
                    reason)
                .await()
                .atMost(timeout());
        tx.commit().await().atMost(timeout());
      } finally {
        connection.close().await().atMost(timeout());
      }
      transition.ifPresent(status::publish);
      LOG.infof("Migration '%s' is %s: %s", cutover.migration(), to, reason);
    } catch (RuntimeException e) {
      LOG.errorf(
          e,
          "Failed to record the end of cutover %d of '%s' (%s); retried at the next recovery",
          cutover.id(),
          cutover.migration(),
          reason);
    } finally {
      running.remove(cutover.migration(), run);
    }
  }

  /** Runs one step with its timeout, and records its outcome and duration. */
  private void step(Run run, CutoverStep step, CutoverPlan plan, Callable<String> body) {
    Cutover cutover = run.cutover;
    synchronized (run) {
      if (run.cancelled()) {
        throw new CutoverStepException(run.rollbackReason);
      }
    }
    cutovers.step(pool, cutover.id(), step.planName(), timeout());
    long started = System.nanoTime();
    Duration limit = plan.timeout(step);
    Future<String> future;
    CountDownLatch ended = new CountDownLatch(1);
    synchronized (run) {
      future =
          threads.submit(
              () -> {
                try {
                  return body.call();
                } finally {
                  ended.countDown();
                }
              });
      run.step = future;
    }
    String failure = null;
    String detail = null;
    try {
      detail = future.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      failure = step.planName() + " timed out after " + format(limit);
    } catch (CancellationException e) {
      failure = step.planName() + ": " + run.rollbackReason;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      failure =
          step.planName()
              + ": "
              + (run.cancelled() ? run.rollbackReason : String.valueOf(cause.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      future.cancel(true);
      failure = step.planName() + ": the orchestrator is stopping";
    } finally {
      synchronized (run) {
        run.step = null;
      }
    }
    if (failure != null) {
      // a cancelled step may still be acting (a freeze half done): let it end before the rollback
      // undoes what it did, or it could freeze a source after its unfreeze
      try {
        if (!ended.await(plan.timeout(CutoverStep.ROLLBACK).toMillis(), TimeUnit.MILLISECONDS)) {
          LOG.warnf(
              "Cutover %d: step %s did not stop within %s after it was cancelled",
              cutover.id(), step.planName(), format(plan.timeout(CutoverStep.ROLLBACK)));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    stepEvent(run, cutover, step, failure == null ? detail : "FAILED: " + failure, started);
    if (failure != null) {
      LOG.warnf("Cutover %d of '%s': %s", cutover.id(), cutover.migration(), failure);
      throw new CutoverStepException(failure);
    }
    LOG.infof(
        "Cutover %d of '%s': %s done in %d ms: %s",
        cutover.id(),
        cutover.migration(),
        step.planName(),
        (System.nanoTime() - started) / 1_000_000,
        detail);
  }

  private void stepEvent(Run run, Cutover cutover, CutoverStep step, String detail, long started) {
    try {
      cutovers.stepEvent(
          pool,
          cutover.migration(),
          MigrationState.CUTTING_OVER,
          run.by,
          detail,
          cutover.id(),
          step.planName(),
          (System.nanoTime() - started) / 1_000_000,
          timeout());
    } catch (RuntimeException e) {
      LOG.warnf("Failed to record step %s of cutover %d: %s", step, cutover.id(), e.getMessage());
    }
  }

  private CutoverPlan plan(String migration, MigrationState state) {
    String text = sources.planText(pool, migration, timeout());
    try {
      return PlanParser.withSystemEnvironment().parse(text).cutover();
    } catch (PlanException e) {
      throw new CutoverRefused(
          migration,
          state,
          "the plan of '"
              + migration
              + "' does not parse in the orchestrator's environment now: "
              + e.getMessage());
    }
  }

  private boolean paused(String migration) {
    return pauses.paused(migration);
  }

  private List<TargetConnection> connections(List<CutoverSource> list) {
    TargetAddress target = intake.target();
    List<TargetConnection> out = new ArrayList<>();
    for (CutoverSource s : list) {
      out.add(
          new TargetConnection(
              s.name(),
              s.targetSchema(),
              target.host(),
              target.port(),
              target.database(),
              s.targetSchema()));
    }
    return out;
  }

  private static String refusal(Cutover cutover) {
    return "tributary: this database has moved to PostgreSQL (migration "
        + cutover.migration()
        + ", cutover "
        + cutover.id()
        + "); writes here are refused";
  }

  private static CutoverSource source(List<CutoverSource> list, String name) {
    return list.stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new CutoverStepException("the migration has no source '" + name + "'"));
  }

  private String json(List<FrozenSource> frozen) {
    try {
      return mapper.writeValueAsString(frozen);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private List<FrozenSource> frozen(Cutover cutover) {
    if (cutover.frozenJson() == null) {
      return List.of();
    }
    try {
      return mapper.readValue(cutover.frozenJson(), new TypeReference<List<FrozenSource>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "cutover " + cutover.id() + " recorded a freeze this version cannot read", e);
    }
  }

  private static String format(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  private Duration timeout() {
    return config.databaseTimeout();
  }

  /** A cutover this process runs. */
  private static final class Run {
    final String by;
    volatile Cutover cutover;
    volatile Future<?> step;
    volatile boolean switching;
    volatile boolean full;

    /** The fences marking the cutover's position P, once applied (prepare). */
    volatile List<Long> position;

    volatile String rollbackBy;
    volatile String rollbackReason;

    Run(String by) {
      this.by = by;
    }

    boolean cancelled() {
      return rollbackReason != null;
    }
  }
}
