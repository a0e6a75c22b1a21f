package io.tributary.orchestrator.cutover;

import io.tributary.common.control.FinalizeStepState;
import io.tributary.common.plan.CutoverStep;
import io.tributary.orchestrator.OrchestratorConfig;
import io.tributary.orchestrator.behind.BehindApply;
import io.tributary.orchestrator.finalize.FinalizePhase;
import io.tributary.orchestrator.finalize.FinalizeStepRecord;
import io.tributary.orchestrator.finalize.Finalizer;
import io.tributary.orchestrator.step.StepRunner;
import io.tributary.orchestrator.window.FallbackWindows;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;

/**
 * Before the freeze, while the applications write: finalize what needs no frozen source (indexes,
 * unique constraints, identities); the behind-apply record on the target tables ({@link
 * BehindApply}); then a fence through capture and apply, the cutover's position P (a cutover whose
 * capture or apply is not running stops here instead of freezing the sources); then the precutover
 * verification of every table at P. A difference stops the cutover here, before anything is frozen.
 */
@ApplicationScoped
class PrepareStep implements CutoverStepAction {
  private final Finalizer finalizer;
  private final FenceDrain fences;
  private final CutoverValidation validation;
  private final OrchestratorConfig config;
  private final FallbackWindows windows;
  private final BehindApply behindApply;

  PrepareStep(
      Finalizer finalizer,
      FenceDrain fences,
      CutoverValidation validation,
      OrchestratorConfig config,
      FallbackWindows windows,
      BehindApply behindApply) {
    this.behindApply = behindApply;
    this.finalizer = finalizer;
    this.fences = fences;
    this.validation = validation;
    this.config = config;
    this.windows = windows;
  }

  @Override
  public CutoverStep step() {
    return CutoverStep.PREPARE;
  }

  @Override
  public String run(CutoverRun run) {
    List<FinalizeStepRecord> steps =
        finalizer.finalizeMigration(run.migration(), FinalizePhase.BEFORE_FREEZE);
    long failed = steps.stream().filter(s -> s.state() == FinalizeStepState.FAILED).count();
    long partial = steps.stream().filter(s -> s.state() == FinalizeStepState.PARTIAL).count();
    // before the precutover verification reads the target: from here to the switch, a write to
    // the target by anything but apply is recorded, and the final gate fails on it unread
    int recorded;
    try {
      recorded = behindApply.install(run.migration());
    } catch (RuntimeException e) {
      throw new CutoverStepException(e.getMessage(), e);
    }
    long started = System.nanoTime();
    Duration bound =
        run.plan().timeout(CutoverStep.FENCE).plus(run.plan().timeout(CutoverStep.DRAIN));
    long deadline = started + bound.toNanos();
    List<Long> probe = fences.request(run.migration(), run.sourceNames());
    try {
      fences.awaitApplied(probe, () -> run.cancelled() || System.nanoTime() > deadline);
    } catch (CutoverStepException e) {
      throw new CutoverStepException(
          run.cancelled()
              ? run.rollbackReason()
              : "a probe fence did not get through capture and apply within "
                  + StepRunner.format(bound)
                  + " (is cdc-service running?): "
                  + e.getMessage());
    }
    long applied = System.nanoTime();
    String verified = validation.precutover(run.migration(), run.by(), probe, run::cancelled);
    run.position(probe);
    long precutoverMs = (System.nanoTime() - applied) / 1_000_000;
    return "finalize ahead of the freeze: "
        + steps.size()
        + " steps"
        + (failed == 0 ? "" : ", " + failed + " failed (see GET /migrations/{id}/finalize)")
        + (partial == 0
            ? ""
            : ", "
                + partial
                + " indexes built without rows they cannot hold (see GET"
                + " /migrations/{id}/finalize)")
        + "; writes outside apply recorded on "
        + recorded
        + " target tables"
        + "; position fences "
        + probe
        + " through capture and apply in "
        + (applied - started) / 1_000_000
        + " ms; "
        + verified
        + " in "
        + precutoverMs
        + " ms"
        + catchUp(run, bound, precutoverMs)
        + "; "
        + fallbackWindow(run);
  }

  /**
   * The fallback window's slot and publication, made before the freeze so that every change the
   * applications make on the target after the switch is in the slot. Changes apply makes until the
   * switch are in it too; the write-back skips everything before the switch's position.
   */
  private String fallbackWindow(CutoverRun run) {
    if (!run.plan().fallback()) {
      return "no fallback window (cutover.fallback: false)";
    }
    try {
      return windows.open(run.migration(), run.cutover().id());
    } catch (RuntimeException e) {
      throw new CutoverStepException(
          "the fallback window could not be opened on the target (set cutover.fallback: false to"
              + " cut over without one): "
              + e.getMessage(),
          e);
    }
  }

  /**
   * Catch-up rounds ({@link CatchUpRounds}): each writes new position fences, waits until apply
   * passed them, and compares the rows changed since the last position verified, leaving the final
   * gate the rows changed during the last round.
   *
   * @param lastMs how long the verification before took
   * @return what the rounds did, for the step's detail
   */
  private String catchUp(CutoverRun run, Duration bound, long lastMs) {
    return CatchUpRounds.run(
        config.cutover(),
        Integer.MAX_VALUE,
        lastMs,
        round -> {
          long deadline = System.nanoTime() + bound.toNanos();
          List<Long> next = fences.request(run.migration(), run.sourceNames());
          fences.awaitApplied(next, () -> run.cancelled() || System.nanoTime() > deadline);
          String done =
              validation.catchUp(run.migration(), run.by(), run.position(), next, run::cancelled);
          run.position(next);
          return done;
        });
  }
}
