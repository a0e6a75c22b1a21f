package io.tributary.orchestrator.cutover;

import io.tributary.common.plan.CutoverStep;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The final gate, sources frozen and drained: exact counts of every table and the rows changed
 * after the position P compared key by key; with {@code full}, every row of every table. Then the
 * open rejects: rows apply could not write exist only in the frozen source, so any (written while
 * the cutover drained) fail the gate unless the operator accepted them.
 */
@ApplicationScoped
class ValidateStep implements CutoverStepAction {
  private final CutoverValidation validation;
  private final OpenRejects rejects;

  ValidateStep(CutoverValidation validation, OpenRejects rejects) {
    this.validation = validation;
    this.rejects = rejects;
  }

  @Override
  public CutoverStep step() {
    return CutoverStep.VALIDATE;
  }

  @Override
  public String run(CutoverRun run) {
    String passed =
        validation.pass(
            run.migration(),
            run.by(),
            run.full() || run.position().isEmpty() ? null : run.position(),
            run.fences(),
            run::cancelled);
    OpenRejects.Summary open = rejects.of(run.migration());
    if (open.none()) {
      return passed;
    }
    if (!run.acceptRejects()) {
      throw new CutoverStepException(open.refusal(run.migration()));
    }
    return passed + "; open rejects left behind, as " + run.by() + " accepted: " + open.describe();
  }
}
