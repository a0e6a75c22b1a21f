package io.tributary.orchestrator.fallback;

import io.tributary.common.plan.CutoverStep;
import io.tributary.orchestrator.cutover.CutoverValidation;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.BooleanSupplier;

/**
 * The rows written back since the last round of validation in reverse, compared while the target is
 * still live, then catch-up rounds ({@link FallbackCatchUp}) until a round is short; bounded by the
 * plan's validate timeout.
 */
@ApplicationScoped
class VerifyFallbackStep extends FallbackStep {
  private final CutoverValidation validation;
  private final FallbackCatchUp catchUp;

  VerifyFallbackStep(CutoverValidation validation, FallbackCatchUp catchUp) {
    this.validation = validation;
    this.catchUp = catchUp;
  }

  @Override
  public String name() {
    return "verify";
  }

  @Override
  String act(FallbackRun run) {
    long started = System.nanoTime();
    long verifyBy = started + run.plan().timeout(CutoverStep.VALIDATE).toNanos();
    BooleanSupplier late = () -> System.nanoTime() > verifyBy;
    String verified = validation.fallbackVerify(run.migration(), run.by(), late);
    return verified + catchUp.run(run, (System.nanoTime() - started) / 1_000_000, late);
  }
}
