package io.tributary.orchestrator.cutover;

import io.tributary.common.control.CutoverOutcome;
import io.tributary.common.control.MigrationState;
import io.tributary.common.plan.CutoverStep;
import io.tributary.orchestrator.step.StepException;
import io.tributary.orchestrator.step.StepRunner;
import io.tributary.orchestrator.window.FallbackWindows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The order of a cutover (DESIGN.md): prepare → freeze → fence → drain → validate → finalize →
 * switch → CUT_OVER. Any failure, timeout or operator rollback before the switch, or a first switch
 * action that fails, runs the rollback and ends in ROLLED_BACK (FAILED when a source stays frozen),
 * where replication goes on. Each step is a {@link CutoverStepAction} of its own, run by {@link
 * StepRunner} and recorded by {@link CutoverJournal}; {@link CutoverHooks} are called between
 * steps.
 */
@ApplicationScoped
class CutoverSequence {
  private static final Logger LOG = Logger.getLogger(CutoverSequence.class);

  /** The steps that a failure or an operator stops, in order. */
  static final List<CutoverStep> BEFORE_SWITCH =
      List.of(
          CutoverStep.PREPARE,
          CutoverStep.FREEZE,
          CutoverStep.FENCE,
          CutoverStep.DRAIN,
          CutoverStep.VALIDATE,
          CutoverStep.FINALIZE);

  private final StepRunner runner;
  private final Map<CutoverStep, CutoverStepAction> steps = new EnumMap<>(CutoverStep.class);
  private final CutoverHooks hooks;
  private final CutoverLifecycle lifecycle;
  private final CutoverJournal journal;
  private final FinalizeAfterSwitch afterSwitch;
  private final FallbackWindows windows;
  private final PostSwitchVerification postSwitch;

  @Inject
  CutoverSequence(
      StepRunner runner,
      Instance<CutoverStepAction> actions,
      CutoverHooks hooks,
      CutoverLifecycle lifecycle,
      CutoverJournal journal,
      FinalizeAfterSwitch afterSwitch,
      FallbackWindows windows,
      PostSwitchVerification postSwitch) {
    this(
        runner,
        actions.stream().toList(),
        hooks,
        lifecycle,
        journal,
        afterSwitch,
        windows,
        postSwitch);
  }

  CutoverSequence(
      StepRunner runner,
      List<CutoverStepAction> actions,
      CutoverHooks hooks,
      CutoverLifecycle lifecycle,
      CutoverJournal journal,
      FinalizeAfterSwitch afterSwitch,
      FallbackWindows windows,
      PostSwitchVerification postSwitch) {
    this.runner = runner;
    this.windows = windows;
    this.postSwitch = postSwitch;
    for (CutoverStepAction action : actions) {
      if (steps.put(action.step(), action) != null) {
        throw new IllegalStateException("two actions for the cutover step " + action.step());
      }
    }
    for (CutoverStep step : CutoverStep.values()) {
      if (!steps.containsKey(step)) {
        throw new IllegalStateException("no action for the cutover step " + step);
      }
    }
    this.hooks = hooks;
    this.lifecycle = lifecycle;
    this.journal = journal;
    this.afterSwitch = afterSwitch;
  }

  /** Runs the cutover from prepare to its end (CUT_OVER, ROLLED_BACK or FAILED). */
  void run(CutoverRun run) {
    try {
      for (CutoverStep step : BEFORE_SWITCH) {
        runner.run(steps.get(step), run, journal);
        if (step == CutoverStep.PREPARE) {
          hooks.reached(CutoverHooks.Point.PREPARED, run.migration());
        } else if (step == CutoverStep.FINALIZE) {
          hooks.reached(CutoverHooks.Point.FINALIZED, run.migration());
        }
      }
      run.beginSwitch();
    } catch (StepException e) {
      rollBack(run, e.getMessage());
      return;
    } catch (RuntimeException e) {
      LOG.errorf(e, "Cutover %d of '%s' failed unexpectedly", run.cutover().id(), run.migration());
      rollBack(run, "unexpected error: " + e);
      return;
    }
    switchOver(run);
  }

  /**
   * The switch, then CUT_OVER. When its first action fails, nothing took effect: the cutover rolls
   * back. Any other failure leaves the cutover open with its switch begun: recovery finishes it.
   */
  void switchOver(CutoverRun run) {
    try {
      runner.runToEnd(steps.get(CutoverStep.SWITCH), run, journal);
    } catch (StepException e) {
      rollBack(run, e.getMessage());
      return;
    } catch (RuntimeException e) {
      LOG.errorf(
          e,
          "Cutover %d of '%s': the switch failed unexpectedly; recovery finishes it",
          run.cutover().id(),
          run.migration());
      lifecycle.release(run);
      return;
    }
    List<String> failures = run.switchFailures();
    String reason =
        "cutover "
            + run.cutover().id()
            + " switched the applications to the target (write pause "
            + journal.writePauseMs(run.cutover())
            + " ms)"
            + (failures.isEmpty() ? "" : "; " + String.join("; ", failures))
            + "; "
            + afterSwitch.run(run.migration())
            + fallbackWindow(run);
    lifecycle.end(run, MigrationState.CUT_OVER, CutoverOutcome.CUT_OVER, reason, "done");
    if (run.plan().fallback()) {
      postSwitch.request(run.migration(), run.cutover().id());
    }
  }

  /** The fallback window's end, counted from the switch. */
  private String fallbackWindow(CutoverRun run) {
    if (!run.plan().fallback()) {
      return "";
    }
    try {
      windows.started(run.migration(), run.plan().fallbackWindow());
      return "; fallback window open for "
          + FallbackWindows.describe(run.plan().fallbackWindow())
          + ": the target's changes go back to the sources until POST /migrations/"
          + run.migration()
          + "/finish";
    } catch (RuntimeException e) {
      LOG.warnf(
          "Migration '%s': the fallback window's end was not recorded: %s", run.migration(), e);
      return "; the fallback window's end was not recorded (" + e.getMessage() + ")";
    }
  }

  /**
   * Unfreezes the sources, then ROLLED_BACK; FAILED when a source stays frozen. When the rollback
   * cannot even be recorded (the control database timed out), the cutover is left open for
   * recovery, which rolls it back again (every undo is idempotent): a bookkeeping failure never
   * ends a cutover FAILED with its sources frozen.
   */
  void rollBack(CutoverRun run, String why) {
    try {
      runner.runToEnd(steps.get(CutoverStep.ROLLBACK), run, journal);
    } catch (StepException e) {
      run.stillFrozen("the rollback failed: " + e.getMessage());
    } catch (RuntimeException e) {
      LOG.errorf(
          e,
          "Cutover %d of '%s': its rollback could not run or be recorded (%s); recovery rolls it"
              + " back again",
          run.cutover().id(),
          run.migration(),
          why);
      lifecycle.release(run);
      return;
    }
    List<String> stuck = run.stillFrozen();
    long id = run.cutover().id();
    if (stuck.isEmpty()) {
      lifecycle.end(
          run,
          MigrationState.ROLLED_BACK,
          CutoverOutcome.ROLLED_BACK,
          "cutover "
              + id
              + " rolled back: "
              + why
              + "; sources writable again, replication continues",
          "rollback");
    } else {
      lifecycle.end(
          run,
          MigrationState.FAILED,
          CutoverOutcome.FAILED,
          "cutover "
              + id
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
}
