package io.tributary.orchestrator.fallback;

import io.tributary.common.plan.CutoverStep;
import io.tributary.orchestrator.cutover.CutoverValidation;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The fallback's gate, target frozen and drained: every table counted and the rows written back
 * since the last round of validation in reverse compared (validator-service), bounded by the plan's
 * validate timeout.
 */
@ApplicationScoped
class FallbackGateStep extends FallbackStep {
  private final CutoverValidation validation;

  FallbackGateStep(CutoverValidation validation) {
    this.validation = validation;
  }

  @Override
  public String name() {
    return "validate";
  }

  @Override
  String act(FallbackRun run) {
    long validateBy = System.nanoTime() + run.plan().timeout(CutoverStep.VALIDATE).toNanos();
    return validation.fallbackGate(run.migration(), run.by(), () -> System.nanoTime() > validateBy);
  }
}
