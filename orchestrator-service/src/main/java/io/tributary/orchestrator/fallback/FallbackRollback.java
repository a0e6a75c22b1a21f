package io.tributary.orchestrator.fallback;

import io.tributary.common.control.CutoverOutcome;
import io.tributary.common.control.MigrationState;
import io.tributary.common.plan.CutoverStep;
import io.tributary.orchestrator.OrchestratorConfig;
import io.tributary.orchestrator.window.FallbackWindows;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * A fallback's rollback, after a failure before its switch back: the window writes back again, the
 * capture resume request goes, the target is unfrozen and stays the applications' database
 * (CUT_OVER, the window still open); FAILED when the target stays frozen.
 */
@ApplicationScoped
class FallbackRollback {
  private final FallbackWindows windows;
  private final CaptureResumeRequests resumes;
  private final TargetFreeze targetFreeze;
  private final TargetCredentials target;
  private final FallbackEnd end;
  private final OrchestratorConfig config;

  FallbackRollback(
      FallbackWindows windows,
      CaptureResumeRequests resumes,
      TargetFreeze targetFreeze,
      TargetCredentials target,
      FallbackEnd end,
      OrchestratorConfig config) {
    this.windows = windows;
    this.resumes = resumes;
    this.targetFreeze = targetFreeze;
    this.target = target;
    this.end = end;
    this.config = config;
  }

  /** Rolls {@code run} back for {@code why}. */
  FallbackReport rollBack(FallbackRun run, String why) {
    List<String> undone = new ArrayList<>();
    if (run.windowSuspended()) {
      try {
        windows.reopen(run.migration(), run.title());
      } catch (RuntimeException e) {
        undone.add("the window stays suspended (" + e.getMessage() + "): finish or retry");
      }
    }
    if (run.resumeRequested()) {
      try {
        resumes.cancel(run.migration(), config.databaseTimeout());
      } catch (RuntimeException e) {
        undone.add("the capture resume request stays: " + e.getMessage());
      }
    }
    List<String> stuck =
        targetFreeze.unfreeze(
            run.plan(), run.frozen(), target.url(), run.plan().timeout(CutoverStep.ROLLBACK));
    if (!stuck.isEmpty()) {
      return end.end(
          run,
          MigrationState.FAILED,
          CutoverOutcome.FAILED,
          run.title()
              + " failed ("
              + why
              + ") and the target could not be unfrozen: "
              + String.join("; ", stuck),
          "rollback");
    }
    return end.end(
        run,
        MigrationState.CUT_OVER,
        CutoverOutcome.ROLLED_BACK,
        run.title()
            + " rolled back: "
            + why
            + "; the target is writable again and stays the applications' database; the window"
            + " stays open"
            + (undone.isEmpty() ? "" : "; " + String.join("; ", undone)),
        "rollback");
  }
}
