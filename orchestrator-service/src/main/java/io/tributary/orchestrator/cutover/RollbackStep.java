package io.tributary.orchestrator.cutover;

import io.tributary.common.plan.CutoverStep;
import io.tributary.orchestrator.finalize.ForeignKeyWithdrawal;
import io.tributary.orchestrator.window.FallbackWindows;
import io.tributary.source.spi.freeze.FrozenSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * After a failure before the switch: the foreign keys the finalize step added are dropped again
 * ({@link ForeignKeyWithdrawal}), then every source the freeze touched (or was about to) is made
 * writable again, each tried {@value #ATTEMPTS} times. A source that stays frozen is named in
 * {@link CutoverRun#stillFrozen()}: the cutover then ends FAILED, not ROLLED_BACK.
 */
@ApplicationScoped
class RollbackStep implements CutoverStepAction {
  private static final Logger LOG = Logger.getLogger(RollbackStep.class);
  static final int ATTEMPTS = 3;

  private final SourceFreezer freezer;
  private final ForeignKeyWithdrawal foreignKeys;
  private final FallbackWindows windows;

  RollbackStep(SourceFreezer freezer, ForeignKeyWithdrawal foreignKeys, FallbackWindows windows) {
    this.freezer = freezer;
    this.foreignKeys = foreignKeys;
    this.windows = windows;
  }

  @Override
  public CutoverStep step() {
    return CutoverStep.ROLLBACK;
  }

  @Override
  public String run(CutoverRun run) {
    List<String> undone = new ArrayList<>();
    // before the sources take writes again, so apply meets no foreign key the finalize step added
    try {
      String dropped =
          foreignKeys.withdraw(run.migration(), "cutover " + run.cutover().id() + " rolled back");
      if (!dropped.isEmpty()) {
        undone.add(dropped);
      }
    } catch (RuntimeException e) {
      LOG.warnf(
          "Cutover %d: the foreign keys its finalize added could not be dropped: %s",
          run.cutover().id(), e.getMessage());
      undone.add(
          "foreign keys NOT dropped ("
              + e.getMessage()
              + "): they stay on the target, where apply may reject a child row that arrives"
              + " before its parent");
    }
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
    // the slot the prepare step made would hold the target's WAL back for nothing
    try {
      String closed =
          windows.close(run.migration(), "cutover " + run.cutover().id() + " rolled back");
      if (closed != null && !closed.isEmpty()) {
        undone.add(closed);
      }
    } catch (RuntimeException e) {
      LOG.warnf(
          "Cutover %d: the fallback window's slot could not be dropped: %s",
          run.cutover().id(), e.getMessage());
      undone.add("the fallback window's slot was NOT dropped (" + e.getMessage() + ")");
    }
    return (undone.isEmpty() ? "nothing was frozen" : String.join("; ", undone))
        + (stuck.isEmpty() ? "" : "; STILL FROZEN: " + String.join("; ", stuck));
  }
}
