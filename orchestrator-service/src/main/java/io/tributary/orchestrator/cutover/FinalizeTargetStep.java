package io.tributary.orchestrator.cutover;

import io.tributary.common.control.FinalizeStepState;
import io.tributary.common.plan.CutoverStep;
import io.tributary.common.sql.FinalizeStep.Kind;
import io.tributary.orchestrator.finalize.FinalizePhase;
import io.tributary.orchestrator.finalize.FinalizeStepRecord;
import io.tributary.orchestrator.finalize.Finalizer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Under the freeze, what must hold before the applications write to the target and costs no scan:
 * foreign keys added {@code NOT VALID}, sequences and identities past the highest key. A target
 * that cannot generate keys for new rows stops the cutover; anything else not done is reported.
 */
@ApplicationScoped
class FinalizeTargetStep implements CutoverStepAction {
  private final Finalizer finalizer;

  FinalizeTargetStep(Finalizer finalizer) {
    this.finalizer = finalizer;
  }

  @Override
  public CutoverStep step() {
    return CutoverStep.FINALIZE;
  }

  @Override
  public String run(CutoverRun run) {
    List<FinalizeStepRecord> steps =
        finalizer.finalizeMigration(run.migration(), FinalizePhase.UNDER_FREEZE);
    List<String> fatal = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (FinalizeStepRecord s : steps) {
      if (s.state() == FinalizeStepState.PARTIAL) {
        warnings.add(s.kind() + " on " + s.table() + " (partial): " + s.detail());
        continue;
      }
      if (s.state() != FinalizeStepState.FAILED) {
        continue;
      }
      String line = s.kind() + " on " + s.table() + ": " + s.detail();
      if (s.kind() == Kind.IDENTITY || s.kind() == Kind.SEQUENCE) {
        fatal.add(line);
      } else {
        warnings.add(line);
      }
    }
    if (!fatal.isEmpty()) {
      throw new CutoverStepException(
          "the target cannot generate keys for new rows: " + String.join("; ", fatal));
    }
    return steps.size()
        + " finalize steps run"
        + (warnings.isEmpty() ? "" : "; not done: " + String.join("; ", warnings));
  }
}
