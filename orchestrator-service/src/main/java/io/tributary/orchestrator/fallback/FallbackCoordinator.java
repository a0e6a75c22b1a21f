package io.tributary.orchestrator.fallback;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.common.control.CutoverOutcome;
import io.tributary.common.control.MigrationState;
import io.tributary.common.plan.CutoverPlan;
import io.tributary.common.plan.CutoverStep;
import io.tributary.orchestrator.OrchestratorConfig;
import io.tributary.orchestrator.cutover.Cutover;
import io.tributary.orchestrator.cutover.CutoverPlans;
import io.tributary.orchestrator.cutover.CutoverRecords;
import io.tributary.orchestrator.cutover.CutoverRefused;
import io.tributary.orchestrator.cutover.CutoverRepository;
import io.tributary.orchestrator.cutover.CutoverSource;
import io.tributary.orchestrator.cutover.CutoverSourceRepository;
import io.tributary.orchestrator.cutover.CutoverValidation;
import io.tributary.orchestrator.cutover.FrozenSource;
import io.tributary.orchestrator.cutover.SourceFreezer;
import io.tributary.orchestrator.finalize.ForeignKeyWithdrawal;
import io.tributary.orchestrator.state.MigrationRecord;
import io.tributary.orchestrator.state.MigrationRepository;
import io.tributary.orchestrator.state.TransitionRecorder;
import io.tributary.orchestrator.window.FallbackWindow;
import io.tributary.orchestrator.window.FallbackWindows;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * A fallback: a cutover backwards, within the fallback window. The rows written back since the last
 * round of validation in reverse are compared while the target is still live, then the target
 * schemas are frozen ({@link TargetFreeze}), a fence written into the target's WAL is waited for
 * until the write-back put every change before it into the sources, every table is counted and the
 * rows written back since that round compared (validator-service), the sources' change capture is
 * installed again while they are frozen, the switch actions run backwards ({@link SwitchBack}), the
 * sources are unfrozen and the target's writers let go: FELL_BACK, where replication goes on from
 * the sources as after a rollback. Any failure before the switch back undoes the freeze and leaves
 * the target live (CUT_OVER, the window still open): nothing is lost either way. The write pause
 * runs from the target's freeze to the switch back.
 */
@ApplicationScoped
public class FallbackCoordinator {
  private static final Logger LOG = Logger.getLogger(FallbackCoordinator.class);
  private static final long POLL_MS = 10;

  private final Pool pool;
  private final OrchestratorConfig config;
  private final MigrationRepository migrations;
  private final TransitionRecorder transitions;
  private final CutoverRepository journal;
  private final CutoverPlans plans;
  private final CutoverSourceRepository sources;
  private final FallbackWindows windows;
  private final TargetFreeze targetFreeze;
  private final TargetCredentials target;
  private final CutoverValidation validation;
  private final CaptureResumeRequests resumes;
  private final SwitchBack switchBack;
  private final SourceFreezer sourceFreezer;
  private final ForeignKeyWithdrawal foreignKeys;
  private final ObjectMapper mapper;

  FallbackCoordinator(
      CutoverRecords records,
      TransitionRecorder transitions,
      FallbackWindows windows,
      TargetFreeze targetFreeze,
      TargetCredentials target,
      CutoverValidation validation,
      CaptureResumeRequests resumes,
      SwitchBack switchBack,
      SourceFreezer sourceFreezer,
      ForeignKeyWithdrawal foreignKeys,
      ObjectMapper mapper) {
    this.foreignKeys = foreignKeys;
    this.pool = records.pool();
    this.config = records.config();
    this.migrations = records.migrations();
    this.transitions = transitions;
    this.journal = records.cutovers();
    this.plans = records.plans();
    this.sources = records.sources();
    this.windows = windows;
    this.targetFreeze = targetFreeze;
    this.target = target;
    this.validation = validation;
    this.resumes = resumes;
    this.switchBack = switchBack;
    this.sourceFreezer = sourceFreezer;
    this.mapper = mapper;
  }

  /**
   * Falls back, start to end.
   *
   * @throws CutoverRefused when the migration is not CUT_OVER, has no open window, its write-back
   *     is failing, or a cutover or fallback is under way
   */
  public synchronized FallbackReport fallBack(String migration, String by, String reason) {
    MigrationRecord record = migrations.get(pool, migration).await().atMost(timeout());
    CutoverRefused.unlessIn(
        record,
        MigrationState.CUT_OVER,
        "a fallback starts from CUT_OVER, within the fallback window");
    FallbackWindow window =
        windows
            .window(migration)
            .filter(FallbackWindow::open)
            .orElseThrow(
                () ->
                    new CutoverRefused(
                        migration,
                        record.state(),
                        "migration '"
                            + migration
                            + "' has no open fallback window (its plan says cutover.fallback:"
                            + " false, or the window was finished): the sources do not hold the"
                            + " target's changes"));
    if (window.error() != null) {
      throw new CutoverRefused(
          migration,
          record.state(),
          "the write-back into the sources is failing since "
              + window.errorAt()
              + " ("
              + window.error()
              + "): the sources lack the target's latest changes; see GET /migrations/"
              + migration
              + "/fallback");
    }
    CutoverPlan plan = plans.of(migration, record.state());
    List<CutoverSource> list = sources.sources(pool, migration, timeout());
    Cutover fallback =
        journal
            .openFallback(pool, migration, by, reason, "verify", timeout())
            .orElseThrow(
                () ->
                    new CutoverRefused(
                        migration, record.state(), "a cutover or fallback is under way"));
    boolean moved =
        transitions
            .transition(
                pool,
                migration,
                MigrationState.CUT_OVER,
                MigrationState.FALLING_BACK,
                by,
                "fallback " + fallback.id() + " started" + (reason == null ? "" : ": " + reason))
            .await()
            .atMost(timeout())
            .isPresent();
    if (!moved) {
      String why = "migration '" + migration + "' left CUT_OVER meanwhile (finished?)";
      journal.finish(pool, fallback.id(), CutoverOutcome.ROLLED_BACK, why, "refused", timeout());
      throw new CutoverRefused(migration, record.state(), why);
    }
    return new Run(migration, by, fallback, plan, list).run();
  }

  /**
   * Ends the fallbacks an orchestrator left under way (it stopped in the middle): before the switch
   * back, rolled back (the target unfrozen as recorded, the window open again: CUT_OVER); after it,
   * finished (the sources unfrozen, the window closed: FELL_BACK). Called by {@link
   * FallbackFinisher}'s sweep; a fallback running in this process holds the lock meanwhile.
   */
  public synchronized List<String> recoverStuck() {
    List<String> done = new ArrayList<>();
    for (Row row : pool.query(STUCK).execute().await().atMost(timeout())) {
      String migration = row.getString(0);
      Optional<Cutover> open = journal.latestFallback(pool, migration, timeout());
      if (open.isEmpty() || open.get().finishedAt() != null) {
        continue;
      }
      Cutover fallback = open.get();
      CutoverPlan plan = plans.of(migration, MigrationState.FALLING_BACK);
      List<CutoverSource> list = sources.sources(pool, migration, timeout());
      Run run = new Run(migration, "tributary", fallback, plan, list);
      run.frozen = frozenTarget(fallback.frozenJson());
      run.resumeRequested = true;
      run.suspendedWindow = true;
      FallbackReport report =
          fallback.switchStartedAt() == null
              ? run.rollBack(
                  "the orchestrator stopped during the fallback; recovered at its restart")
              : run.afterSwitchBack(
                  List.of("switch back recovered after the orchestrator's restart"));
      done.add(migration + ": " + report.outcome());
    }
    return done;
  }

  static final String STUCK = "SELECT id FROM tributary.migrations WHERE state = 'FALLING_BACK'";

  private List<TargetFreeze.Frozen> frozenTarget(String json) {
    if (json == null) {
      return List.of();
    }
    try {
      return mapper.readValue(json, new TypeReference<List<TargetFreeze.Frozen>>() {});
    } catch (IOException e) {
      throw new IllegalStateException("the fallback's freeze record cannot be read: " + e, e);
    }
  }

  /** One fallback under way. */
  private final class Run {
    private final String migration;
    private final String by;
    private final Cutover fallback;
    private final CutoverPlan plan;
    private final List<CutoverSource> list;
    private final List<FallbackReport.Step> steps = new ArrayList<>();
    private List<TargetFreeze.Frozen> frozen = List.of();
    private boolean resumeRequested;
    private boolean suspendedWindow;

    Run(String migration, String by, Cutover fallback, CutoverPlan plan, List<CutoverSource> list) {
      this.migration = migration;
      this.by = by;
      this.fallback = fallback;
      this.plan = plan;
      this.list = list;
    }

    FallbackReport run() {
      String targetUrl = target.url();
      List<String> tables = windows.targetTables(migration);
      try {
        long verifyBy = System.nanoTime() + plan.timeout(CutoverStep.VALIDATE).toNanos();
        step(
            "verify",
            () -> validation.fallbackVerify(migration, by, () -> System.nanoTime() > verifyBy));
        step(
            "freeze-target",
            () -> {
              List<TargetFreeze.Frozen> intents =
                  targetFreeze.intents(
                      plan,
                      list.stream().map(CutoverSource::name).toList(),
                      targetUrl,
                      tables,
                      plan.timeout(CutoverStep.FREEZE));
              // recorded first: the write pause starts here, and a successor undoes it
              journal.frozen(pool, fallback.id(), json(intents), timeout());
              frozen = new ArrayList<>();
              for (TargetFreeze.Frozen part : intents) {
                frozen.add(part); // a part that fails half-way is undone too (idempotent)
                targetFreeze.freeze(part, targetUrl, plan.timeout(CutoverStep.FREEZE));
              }
              return frozen.isEmpty()
                  ? "nothing to freeze"
                  : "target frozen: "
                      + frozen.stream().map(f -> f.how() + " " + f.items()).toList();
            });
        step("drain", this::drain);
        long validateBy = System.nanoTime() + plan.timeout(CutoverStep.VALIDATE).toNanos();
        step(
            "validate",
            () -> validation.fallbackGate(migration, by, () -> System.nanoTime() > validateBy));
        step(
            "resume-capture",
            () -> {
              resumeRequested = true;
              resumes.request(migration, timeout());
              resumes.await(migration, plan.timeout(CutoverStep.SWITCH));
              return "change capture installed again in " + list.size() + " sources";
            });
        // drained and verified: nothing is written back any more, before any source is writable
        windows.suspend(migration, suspended());
        suspendedWindow = true;
      } catch (RuntimeException e) {
        return rollBack(e.getMessage());
      }
      List<String> switched;
      try {
        journal.switchStarted(pool, fallback.id(), timeout());
        switched =
            switchBack.run(
                plan.actions(),
                windows.switchedFrom(migration),
                migration,
                fallback.id(),
                list,
                plan.timeout(CutoverStep.SWITCH));
      } catch (RuntimeException e) {
        return rollBack("switch back: " + e.getMessage());
      }
      return afterSwitchBack(switched);
    }

    /**
     * Past the switch back the applications use the sources: whatever fails from here is reported,
     * never undone, and the migration ends FELL_BACK.
     */
    private FallbackReport afterSwitchBack(List<String> switched) {
      List<String> after = new ArrayList<>();
      // as after a rolled-back cutover: apply writes the sources' changes table by table, so the
      // foreign keys the cutover's finalize added go (the next cutover adds them again)
      try {
        String dropped = foreignKeys.withdraw(migration, "fallback " + fallback.id());
        if (!dropped.isEmpty()) {
          after.add(dropped);
        }
      } catch (RuntimeException e) {
        after.add(
            "foreign keys NOT dropped ("
                + e.getMessage()
                + "): apply may reject a child row that arrives before its parent");
      }
      after.addAll(unfreezeSources());
      try {
        journal.switched(pool, fallback.id(), timeout());
      } catch (RuntimeException e) {
        after.add("the switch back's time was not recorded: " + e.getMessage());
      }
      List<String> stuck =
          targetFreeze.unfreeze(
              frozen.stream().filter(f -> !f.how().equals("pgbouncer-pause")).toList(),
              target.url(),
              plan.timeout(CutoverStep.ROLLBACK));
      stuck.forEach(s -> after.add("target still read-only: " + s));
      try {
        after.add(windows.close(migration, suspended()));
      } catch (RuntimeException e) {
        after.add(
            "the window's slot and publication were not dropped ("
                + e.getMessage()
                + "): the orchestrator's sweep drops them");
      }
      String detail =
          "fallback "
              + fallback.id()
              + " switched the applications back to the sources: "
              + String.join("; ", switched)
              + "; "
              + String.join("; ", after.stream().filter(s -> !s.isEmpty()).toList());
      return end(MigrationState.FELL_BACK, CutoverOutcome.FELL_BACK, detail, "done");
    }

    private String drain() {
      long fence = fallback.id();
      String at = windows.writeFence(migration, fence);
      Duration bound = plan.timeout(CutoverStep.DRAIN);
      long started = System.nanoTime();
      long deadline = started + bound.toNanos();
      while (true) {
        FallbackWindows.Applied applied = windows.applied(migration);
        if (applied.fence() != null && applied.fence() >= fence) {
          return "fence "
              + fence
              + " (target WAL "
              + at
              + ") written back into the sources after "
              + (System.nanoTime() - started) / 1_000_000
              + " ms";
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "the write-back did not reach fence "
                  + fence
                  + " within "
                  + bound.toMillis()
                  + " ms"
                  + (applied.error() == null
                      ? " (is cdc-service running?)"
                      : ": " + applied.error()));
        }
        pause();
      }
    }

    private List<String> unfreezeSources() {
      List<String> out = new ArrayList<>();
      Optional<Cutover> cutover;
      try {
        cutover = journal.latest(pool, migration, timeout());
      } catch (RuntimeException e) {
        return List.of("the sources' freeze could not be read, they may still be read-only: " + e);
      }
      List<FrozenSource> was = cutover.map(c -> frozenSources(c.frozenJson())).orElse(List.of());
      for (FrozenSource f : was) {
        if (FrozenSource.PGBOUNCER_PAUSE.equals(f.how())) {
          continue; // the switch back resumed it, pointing at the source
        }
        CutoverSource source =
            list.stream().filter(s -> s.name().equals(f.source())).findFirst().orElse(null);
        if (source == null) {
          continue;
        }
        try {
          out.add(sourceFreezer.unfreeze(source, f, plan, plan.timeout(CutoverStep.ROLLBACK)));
        } catch (RuntimeException e) {
          out.add(f.source() + " is STILL READ-ONLY: " + e.getMessage());
        }
      }
      return out;
    }

    private String suspended() {
      return "fallback " + fallback.id();
    }

    private FallbackReport rollBack(String why) {
      List<String> undone = new ArrayList<>();
      if (suspendedWindow) {
        try {
          windows.reopen(migration, suspended());
        } catch (RuntimeException e) {
          undone.add("the window stays suspended (" + e.getMessage() + "): finish or retry");
        }
      }
      if (resumeRequested) {
        try {
          resumes.cancel(migration, timeout());
        } catch (RuntimeException e) {
          undone.add("the capture resume request stays: " + e.getMessage());
        }
      }
      List<String> stuck =
          targetFreeze.unfreeze(frozen, target.url(), plan.timeout(CutoverStep.ROLLBACK));
      if (!stuck.isEmpty()) {
        return end(
            MigrationState.FAILED,
            CutoverOutcome.FAILED,
            "fallback "
                + fallback.id()
                + " failed ("
                + why
                + ") and the target could not be unfrozen: "
                + String.join("; ", stuck),
            "rollback");
      }
      return end(
          MigrationState.CUT_OVER,
          CutoverOutcome.ROLLED_BACK,
          "fallback "
              + fallback.id()
              + " rolled back: "
              + why
              + "; the target is writable again and stays the applications' database; the window"
              + " stays open"
              + (undone.isEmpty() ? "" : "; " + String.join("; ", undone)),
          "rollback");
    }

    private FallbackReport end(
        MigrationState state, CutoverOutcome outcome, String detail, String step) {
      transitions
          .transition(pool, migration, MigrationState.FALLING_BACK, state, by, detail)
          .await()
          .atMost(timeout());
      try {
        journal.finish(pool, fallback.id(), outcome, detail, step, timeout());
      } catch (RuntimeException e) {
        LOG.warnf("Fallback %d: its end was not journalled: %s", fallback.id(), e.getMessage());
      }
      Long pause =
          journal
              .latestFallback(pool, migration, timeout())
              .map(Cutover::writePauseMs)
              .orElse(null);
      LOG.infof("Migration '%s': %s", migration, detail);
      return new FallbackReport(
          migration,
          fallback.id(),
          state.name(),
          outcome.wire(),
          pause,
          List.copyOf(steps),
          detail);
    }

    private void step(String name, Supplier<String> body) {
      journal.step(pool, fallback.id(), name, timeout());
      long started = System.nanoTime();
      String detail;
      try {
        detail = body.get();
      } catch (RuntimeException e) {
        long ms = (System.nanoTime() - started) / 1_000_000;
        steps.add(new FallbackReport.Step(name, ms, "failed: " + e.getMessage()));
        record(name, ms, "failed: " + e.getMessage());
        throw new IllegalStateException(name + ": " + e.getMessage(), e);
      }
      long ms = (System.nanoTime() - started) / 1_000_000;
      steps.add(new FallbackReport.Step(name, ms, detail));
      record(name, ms, detail);
    }

    private void record(String name, long ms, String detail) {
      try {
        journal.stepEvent(
            pool,
            migration,
            MigrationState.FALLING_BACK,
            by,
            detail,
            fallback.id(),
            name,
            ms,
            timeout());
      } catch (RuntimeException e) {
        LOG.warnf("Fallback %d: step %s not recorded: %s", fallback.id(), name, e.getMessage());
      }
    }
  }

  private List<FrozenSource> frozenSources(String json) {
    if (json == null) {
      return List.of();
    }
    try {
      return mapper.readValue(json, new TypeReference<List<FrozenSource>>() {});
    } catch (IOException e) {
      throw new IllegalStateException("the cutover's freeze record cannot be read: " + e, e);
    }
  }

  private String json(Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void pause() {
    try {
      Thread.sleep(POLL_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private Duration timeout() {
    return config.databaseTimeout();
  }
}
