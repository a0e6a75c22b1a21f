package io.tributary.orchestrator.fallback;

import io.tributary.common.plan.CutoverStep;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The target frozen, a fence written into its WAL and waited for (bounded by the plan's drain
 * timeout) until the write-back put it, and every change before it, into the sources.
 */
@ApplicationScoped
class DrainBackStep extends FallbackStep {
  private final WriteBackFences fences;

  DrainBackStep(WriteBackFences fences) {
    this.fences = fences;
  }

  @Override
  public String name() {
    return "drain";
  }

  @Override
  String act(FallbackRun run) {
    return fences.pass(
        run.migration(),
        WriteBackFences.drain(run.id()),
        run.plan().timeout(CutoverStep.DRAIN),
        () -> false);
  }
}
