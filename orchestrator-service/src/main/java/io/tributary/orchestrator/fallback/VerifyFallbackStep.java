package io.tributary.orchestrator.fallback;

import io.tributary.common.plan.CutoverStep;
import io.tributary.orchestrator.cutover.CutoverValidation;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The rows written back since the last round of validation in reverse, compared while the target is
 * still live (bounded by the plan's validate timeout).
 */
@ApplicationScoped
class VerifyFallbackStep extends FallbackStep {
  private final CutoverValidation validation;

  VerifyFallbackStep(CutoverValidation validation) {
    this.validation = validation;
  }

  @Override
  public String name() {
    return "verify";
  }

  @Override
  String act(FallbackRun run) {
    long verifyBy = System.nanoTime() + run.plan().timeout(CutoverStep.VALIDATE).toNanos();
    return validation.fallbackVerify(run.migration(), run.by(), () -> System.nanoTime() > verifyBy);
  }
}
