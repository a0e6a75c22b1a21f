package io.tributary.orchestrator.fallback;

import io.tributary.orchestrator.window.FallbackWindows;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Fences written into the target's WAL and waited for until the write-back put them, and every
 * change before them, into the sources: the catch-up rounds of a fallback's verification (target
 * live) and its drain (target frozen). The write-back records the highest fence it passed, so a
 * fallback's fences grow: its catch-up rounds' first, its drain's last and highest, and every one
 * above those of the fallbacks before it.
 */
@ApplicationScoped
class WriteBackFences {
  /** Fences a fallback may write: catch-up rounds 1 to {@code PER_FALLBACK - 2}, then the drain. */
  static final int PER_FALLBACK = 256;

  private static final long POLL_MS = 10;

  private final FallbackWindows windows;

  WriteBackFences(FallbackWindows windows) {
    this.windows = windows;
  }

  /** The fence of a fallback's catch-up round (from 1). */
  static long catchUp(long fallback, int round) {
    if (round < 1 || round > PER_FALLBACK - 2) {
      throw new IllegalArgumentException(
          "catch-up round " + round + " out of 1.." + (PER_FALLBACK - 2));
    }
    return fallback * PER_FALLBACK + round;
  }

  /** The fence of a fallback's drain, above all of its catch-up rounds'. */
  static long drain(long fallback) {
    return fallback * PER_FALLBACK + PER_FALLBACK - 1;
  }

  /**
   * Writes a fence and waits until the write-back passed it.
   *
   * @param bound the longest wait
   * @param cancelled whether to stop waiting (the run was cancelled)
   * @return what was done, in words
   * @throws IllegalStateException when the write-back did not pass it in time, naming its error
   */
  String pass(String migration, long fence, Duration bound, BooleanSupplier cancelled) {
    String at = windows.writeFence(migration, fence);
    long started = System.nanoTime();
    long deadline = started + bound.toNanos();
    while (true) {
      FallbackWindows.Applied applied = windows.applied(migration);
      if (applied.fence() != null && applied.fence() >= fence) {
        return "fence "
            + fence
            + " (target WAL "
            + at
            + ") written back into the sources after "
            + (System.nanoTime() - started) / 1_000_000
            + " ms";
      }
      if (System.nanoTime() > deadline || cancelled.getAsBoolean()) {
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
