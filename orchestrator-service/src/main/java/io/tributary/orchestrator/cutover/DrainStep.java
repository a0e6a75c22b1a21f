package io.tributary.orchestrator.cutover;

import io.tributary.common.plan.CutoverStep;
import jakarta.enterprise.context.ApplicationScoped;

/** Apply commits past every fence marker on every table: the target has every source write. */
@ApplicationScoped
class DrainStep implements CutoverStepAction {
  private final FenceDrain fences;

  DrainStep(FenceDrain fences) {
    this.fences = fences;
  }

  @Override
  public CutoverStep step() {
    return CutoverStep.DRAIN;
  }

  @Override
  public String run(CutoverRun run) {
    return fences.awaitApplied(run.fences(), run::cancelled);
  }
}
