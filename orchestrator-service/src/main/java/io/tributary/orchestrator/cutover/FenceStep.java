package io.tributary.orchestrator.cutover;

import io.tributary.common.plan.CutoverStep;
import jakarta.enterprise.context.ApplicationScoped;

/** A fence is written into every frozen source's change stream and awaited on its topic. */
@ApplicationScoped
class FenceStep implements CutoverStepAction {
  private final FenceDrain fences;

  FenceStep(FenceDrain fences) {
    this.fences = fences;
  }

  @Override
  public CutoverStep step() {
    return CutoverStep.FENCE;
  }

  @Override
  public String run(CutoverRun run) {
    run.fences(fences.request(run.migration(), run.sourceNames()));
    return fences.awaitPublished(run.fences(), run::cancelled);
  }
}
