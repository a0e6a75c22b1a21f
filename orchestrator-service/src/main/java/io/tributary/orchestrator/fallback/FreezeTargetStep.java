package io.tributary.orchestrator.fallback;

import io.tributary.common.plan.CutoverStep;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The target schemas frozen ({@link TargetFreeze}): what the freeze will do is recorded first (the
 * write pause starts here, and a successor undoes it), then each part acts.
 */
@ApplicationScoped
class FreezeTargetStep extends FallbackStep {
  private final TargetFreeze targetFreeze;
  private final FallbackJournal journal;

  FreezeTargetStep(TargetFreeze targetFreeze, FallbackJournal journal) {
    this.targetFreeze = targetFreeze;
    this.journal = journal;
  }

  @Override
  public String name() {
    return "freeze-target";
  }

  @Override
  String act(FallbackRun run) {
    List<TargetFreeze.Frozen> intents =
        targetFreeze.intents(
            run.plan(),
            run.sourceNames(),
            run.targetUrl(),
            run.targetTables(),
            run.plan().timeout(CutoverStep.FREEZE));
    // recorded first: the write pause starts here, and a successor undoes it
    journal.frozen(run, intents);
    for (TargetFreeze.Frozen part : intents) {
      run.freezing(part); // a part that fails half-way is undone too (idempotent)
      targetFreeze.freeze(
          run.plan(), part, run.targetUrl(), run.plan().timeout(CutoverStep.FREEZE));
    }
    List<TargetFreeze.Frozen> frozen = run.frozen();
    return frozen.isEmpty()
        ? "nothing to freeze"
        : "target frozen: " + frozen.stream().map(f -> f.how() + " " + f.items()).toList();
  }
}
