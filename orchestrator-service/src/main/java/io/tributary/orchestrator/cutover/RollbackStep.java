package io.tributary.orchestrator.cutover;

import io.tributary.common.plan.CutoverStep;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * After a failure before the switch: every source the freeze touched (or was about to) is made
 * writable again, each tried {@value #ATTEMPTS} times. A source that stays frozen is named in
 * {@link CutoverRun#stillFrozen()}: the cutover then ends FAILED, not ROLLED_BACK.
 */
@ApplicationScoped
class RollbackStep implements CutoverStepAction {
  private static final Logger LOG = Logger.getLogger(RollbackStep.class);
  static final int ATTEMPTS = 3;

  private final SourceFreezer freezer;

  RollbackStep(SourceFreezer freezer) {
    this.freezer = freezer;
  }

  @Override
  public CutoverStep step() {
    return CutoverStep.ROLLBACK;
  }

  @Override
  public String run(CutoverRun run) {
    List<String> undone = new ArrayList<>();
    List<String> stuck = new ArrayList<>();
    for (FrozenSource f : run.frozen()) {
      RuntimeException last = null;
      for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
        try {
          undone.add(
              freezer.unfreeze(
                  run.source(f.source()), f, run.plan(), run.plan().timeout(CutoverStep.ROLLBACK)));
          last = null;
          break;
        } catch (RuntimeException e) {
          last = e;
          LOG.warnf(
              "Cutover %d: unfreezing %s failed (attempt %d of %d): %s",
              run.cutover().id(), f.source(), attempt, ATTEMPTS, e.getMessage());
        }
      }
      if (last != null) {
        String line = f.source() + " (" + f.how() + "): " + last.getMessage();
        stuck.add(line);
        run.stillFrozen(line);
      }
    }
    return (undone.isEmpty() ? "nothing was frozen" : String.join("; ", undone))
        + (stuck.isEmpty() ? "" : "; STILL FROZEN: " + String.join("; ", stuck));
  }
}
