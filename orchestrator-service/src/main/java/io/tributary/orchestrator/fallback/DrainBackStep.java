package io.tributary.orchestrator.fallback;

import io.tributary.common.plan.CutoverStep;
import io.tributary.orchestrator.window.FallbackWindows;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * A fence written into the target's WAL, waited for (bounded by the plan's drain timeout) until the
 * write-back put it, and every change before it, into the sources.
 */
@ApplicationScoped
class DrainBackStep extends FallbackStep {
  private static final long POLL_MS = 10;

  private final FallbackWindows windows;

  DrainBackStep(FallbackWindows windows) {
    this.windows = windows;
  }

  @Override
  public String name() {
    return "drain";
  }

  @Override
  String act(FallbackRun run) {
    long fence = run.id();
    String at = windows.writeFence(run.migration(), fence);
    Duration bound = run.plan().timeout(CutoverStep.DRAIN);
    long started = System.nanoTime();
    long deadline = started + bound.toNanos();
    while (true) {
      FallbackWindows.Applied applied = windows.applied(run.migration());
      if (applied.fence() != null && applied.fence() >= fence) {
        return "fence "
            + fence
            + " (target WAL "
            + at
            + ") written back into the sources after "
            + (System.nanoTime() - started) / 1_000_000
            + " ms";
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the write-back did not reach fence "
                + fence
                + " within "
                + bound.toMillis()
                + " ms"
                + (applied.error() == null
                    ? " (is cdc-service running?)"
                    : ": " + applied.error()));
      }
      pause();
    }
  }

  private static void pause() {
    try {
      Thread.sleep(POLL_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
