package io.tributary.orchestrator.cutover;

import io.tributary.common.plan.CutoverStep;
import io.tributary.orchestrator.step.StepAction;
import io.tributary.orchestrator.step.StepRunner;

/**
 * One step of a cutover (DESIGN.md's order: prepare, freeze, fence, drain, validate, finalize,
 * switch; rollback after a failure before the switch). {@link StepRunner} runs it with the plan's
 * timeout, cancels it on a rollback request and records its outcome and duration in the audit log;
 * {@link CutoverSequence} puts the steps in order.
 */
interface CutoverStepAction extends StepAction<CutoverRun> {
  /** Which step this is. */
  CutoverStep step();

  /** The step's name in the plan, the journal and the fault points ({@code freeze}). */
  @Override
  default String name() {
    return step().planName();
  }

  /**
   * Runs the step. A step that waits polls {@link CutoverRun#cancelled()} or answers interruption,
   * so that a timeout or a rollback request stops it.
   *
   * @return what it did, in words for the audit log
   * @throws CutoverStepException when it fails: before the switch, the cutover rolls back
   */
  @Override
  String run(CutoverRun run);
}
