package io.tributary.orchestrator.cutover;

import io.tributary.common.plan.CutoverStep;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The final gate, sources frozen and drained: exact counts of every table and the rows changed
 * after the position P compared key by key; with {@code full}, every row of every table.
 */
@ApplicationScoped
class ValidateStep implements CutoverStepAction {
  private final CutoverValidation validation;

  ValidateStep(CutoverValidation validation) {
    this.validation = validation;
  }

  @Override
  public CutoverStep step() {
    return CutoverStep.VALIDATE;
  }

  @Override
  public String run(CutoverRun run) {
    return validation.pass(
        run.migration(),
        run.by(),
        run.full() || run.position().isEmpty() ? null : run.position(),
        run.fences(),
        run::cancelled);
  }
}
