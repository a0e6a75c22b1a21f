package io.tributary.orchestrator.fallback;

import io.tributary.orchestrator.step.StepAction;
import io.tributary.orchestrator.step.StepException;

/**
 * One step of a fallback before its switch back ({@link FallbackSequence#STEPS}). Whatever fails in
 * it is a failure it foresees: the fallback rolls back and the target stays live.
 */
abstract class FallbackStep implements StepAction<FallbackRun> {
  @Override
  public String run(FallbackRun run) {
    try {
      return act(run);
    } catch (StepException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new StepException(e.getMessage(), e);
    }
  }

  /**
   * Runs the step.
   *
   * @return what it did, in words for the audit log and the report
   */
  abstract String act(FallbackRun run);
}
