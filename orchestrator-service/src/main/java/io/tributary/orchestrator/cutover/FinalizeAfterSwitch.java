package io.tributary.orchestrator.cutover;

import io.tributary.common.control.FinalizeStepState;
import io.tributary.orchestrator.behind.BehindApply;
import io.tributary.orchestrator.finalize.FinalizePhase;
import io.tributary.orchestrator.finalize.FinalizeStepRecord;
import io.tributary.orchestrator.finalize.Finalizer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * What the cutover leaves out of the write pause, run once the applications write to the target and
 * before the migration is CUT_OVER: first the behind-apply record removed ({@link BehindApply}: the
 * applications' writes are no longer foreign), then finalize's foreign keys validated against every
 * row, statistics. A foreign key that does not validate stays NOT VALID (still checked for new
 * rows) and is reported in {@code GET /migrations/{id}/finalize}. Never fails the cutover: the
 * switch is done.
 */
@ApplicationScoped
class FinalizeAfterSwitch {
  private static final Logger LOG = Logger.getLogger(FinalizeAfterSwitch.class);

  private final Finalizer finalizer;
  private final BehindApply behindApply;

  FinalizeAfterSwitch(Finalizer finalizer, BehindApply behindApply) {
    this.finalizer = finalizer;
    this.behindApply = behindApply;
  }

  /**
   * @return what it did, for the cutover's outcome
   */
  String run(String migration) {
    String record = removeRecord(migration);
    long started = System.nanoTime();
    try {
      List<FinalizeStepRecord> steps =
          finalizer.finalizeMigration(migration, FinalizePhase.AFTER_SWITCH);
      long failed = steps.stream().filter(s -> s.state() == FinalizeStepState.FAILED).count();
      String done =
          "after the switch, foreign keys validated and statistics gathered in "
              + (System.nanoTime() - started) / 1_000_000
              + " ms"
              + (failed == 0
                  ? ""
                  : " ("
                      + failed
                      + " finalize steps failed: GET /migrations/"
                      + migration
                      + "/finalize)");
      LOG.infof("Migration '%s': %s", migration, done);
      return record + done;
    } catch (RuntimeException e) {
      LOG.warnf("Migration '%s': finalize after the switch failed: %s", migration, e.getMessage());
      return record
          + "finalize after the switch failed ("
          + e.getMessage()
          + "): run POST /migrations/"
          + migration
          + "/finalize?foreignKeys=true";
    }
  }

  /** Drops the behind-apply triggers; what it did, ending with "; " for the outcome. */
  private String removeRecord(String migration) {
    try {
      List<String> left = behindApply.remove(migration);
      return left.isEmpty()
          ? "behind-apply record removed; "
          : "the behind-apply trigger stays on " + left + " (drop it by hand); ";
    } catch (RuntimeException e) {
      LOG.warnf(
          "Migration '%s': the behind-apply record was not removed: %s", migration, e.getMessage());
      return "the behind-apply record was not removed (" + e.getMessage() + "); ";
    }
  }
}
