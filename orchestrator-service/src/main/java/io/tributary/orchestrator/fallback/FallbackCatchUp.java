package io.tributary.orchestrator.fallback;

import io.tributary.common.plan.CutoverStep;
import io.tributary.orchestrator.OrchestratorConfig;
import io.tributary.orchestrator.cutover.CatchUpRounds;
import io.tributary.orchestrator.cutover.CutoverValidation;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.BooleanSupplier;

/**
 * A fallback's catch-up rounds ({@link CatchUpRounds}, as a cutover's), target still live, after
 * its verification: each writes a fence into the target's WAL, waits until the write-back passed
 * it, and compares the rows written back since the round before. The drain under the target's
 * freeze then waits only for what was written during the last round and the freeze, and the gate
 * compares only those rows.
 */
@ApplicationScoped
class FallbackCatchUp {
  private final WriteBackFences fences;
  private final CutoverValidation validation;
  private final OrchestratorConfig config;

  FallbackCatchUp(WriteBackFences fences, CutoverValidation validation, OrchestratorConfig config) {
    this.fences = fences;
    this.validation = validation;
    this.config = config;
  }

  /**
   * Runs the rounds.
   *
   * @param lastMs how long the verification before them took
   * @param cancelled whether the run was cancelled or its time is up
   * @return what the rounds did, each after "; ", for the step's detail
   */
  String run(FallbackRun run, long lastMs, BooleanSupplier cancelled) {
    return CatchUpRounds.run(
        config.cutover(),
        WriteBackFences.PER_FALLBACK - 2,
        lastMs,
        round ->
            "catch-up "
                + round
                + ": "
                + fences.pass(
                    run.migration(),
                    WriteBackFences.catchUp(run.id(), round),
                    run.plan().timeout(CutoverStep.DRAIN),
                    cancelled)
                + ", "
                + validation.fallbackVerify(run.migration(), run.by(), cancelled));
  }
}
