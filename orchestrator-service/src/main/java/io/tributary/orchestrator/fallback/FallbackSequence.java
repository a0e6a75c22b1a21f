package io.tributary.orchestrator.fallback;

import io.tributary.common.plan.CutoverStep;
import io.tributary.orchestrator.step.StepRunner;
import io.tributary.orchestrator.window.FallbackWindows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The order of a fallback: verify → freeze-target → drain → validate → resume-capture, each a
 * {@link FallbackStep} of its own run by {@link StepRunner} and recorded by {@link
 * FallbackJournal}; then the window stops writing back, what the freeze left on sources behind
 * PgBouncer is lifted ({@link UnfreezeSources#beforeSwitchBack}), the switch actions run backwards
 * ({@link SwitchBack}) and {@link AfterSwitchBack} ends it FELL_BACK. Any failure before the switch
 * back takes effect runs {@link FallbackRollback}: the target stays live.
 */
@ApplicationScoped
class FallbackSequence {
  private static final Logger LOG = Logger.getLogger(FallbackSequence.class);

  /** The steps before the switch back, in order: their names in the journal. */
  static final List<String> STEPS =
      List.of("verify", "freeze-target", "drain", "validate", "resume-capture");

  private final StepRunner runner;
  private final Map<String, FallbackStep> steps = new HashMap<>();
  private final FallbackJournal journal;
  private final FallbackWindows windows;
  private final TargetCredentials target;
  private final SwitchBack switchBack;
  private final FallbackRollback rollback;
  private final AfterSwitchBack after;
  private final UnfreezeSources sources;

  @Inject
  FallbackSequence(
      StepRunner runner,
      Instance<FallbackStep> actions,
      FallbackJournal journal,
      FallbackWindows windows,
      TargetCredentials target,
      SwitchBack switchBack,
      FallbackRollback rollback,
      AfterSwitchBack after,
      UnfreezeSources sources) {
    this(
        runner,
        actions.stream().toList(),
        journal,
        windows,
        target,
        switchBack,
        rollback,
        after,
        sources);
  }

  FallbackSequence(
      StepRunner runner,
      List<FallbackStep> actions,
      FallbackJournal journal,
      FallbackWindows windows,
      TargetCredentials target,
      SwitchBack switchBack,
      FallbackRollback rollback,
      AfterSwitchBack after,
      UnfreezeSources sources) {
    this.runner = runner;
    for (FallbackStep action : actions) {
      if (steps.put(action.name(), action) != null) {
        throw new IllegalStateException("two actions for the fallback step " + action.name());
      }
    }
    for (String step : STEPS) {
      if (!steps.containsKey(step)) {
        throw new IllegalStateException("no action for the fallback step " + step);
      }
    }
    this.journal = journal;
    this.windows = windows;
    this.target = target;
    this.switchBack = switchBack;
    this.rollback = rollback;
    this.after = after;
    this.sources = sources;
  }

  /** Runs the fallback from verify to its end (FELL_BACK, CUT_OVER again, or FAILED). */
  FallbackReport run(FallbackRun run) {
    run.target(target.url(), windows.targetTables(run.migration()));
    try {
      for (String step : STEPS) {
        runner.runToEnd(steps.get(step), run, journal);
      }
      // drained and verified: nothing is written back any more, before any source is writable
      windows.suspend(run.migration(), run.title());
      run.windowSuspended(true);
      // a source behind PgBouncer loses its write guard now: the switch back resumes its clients
      List<String> lifted = sources.beforeSwitchBack(run);
      if (!lifted.isEmpty()) {
        LOG.infof("Fallback %d: before the switch back: %s", run.id(), lifted);
      }
    } catch (RuntimeException e) {
      return rollback.rollBack(run, e.getMessage());
    }
    List<String> switched;
    try {
      journal.switchStarted(run);
      switched =
          switchBack.run(
              run.plan().actions(),
              windows.switchedFrom(run.migration()),
              run.migration(),
              run.id(),
              run.sources(),
              run.plan().timeout(CutoverStep.SWITCH));
    } catch (RuntimeException e) {
      return rollback.rollBack(run, "switch back: " + e.getMessage());
    }
    return after.finish(run, switched);
  }

  /** Rolls back a fallback that failed, or that an earlier run left before its switch back. */
  FallbackReport rollBack(FallbackRun run, String why) {
    return rollback.rollBack(run, why);
  }

  /** Finishes a fallback whose switch back an earlier run began. */
  FallbackReport finish(FallbackRun run, List<String> switched) {
    return after.finish(run, switched);
  }
}
