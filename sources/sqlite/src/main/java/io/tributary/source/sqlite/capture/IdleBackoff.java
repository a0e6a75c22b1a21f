package io.tributary.source.sqlite.capture;

/**
 * How long a capture waits before it looks at an empty change log again. Right after it found
 * changes, only briefly: an application writing steadily commits again within milliseconds, and
 * waiting the full interval there would add up to that interval to every change's latency. Each
 * further empty look doubles the wait, up to the configured poll interval, so an idle source is
 * looked at no more often than before. Not thread-safe (the engine's poll thread only).
 */
final class IdleBackoff {
  /** The first wait after a look that found something. */
  static final long FIRST_WAIT_MS = 2;

  private final long maxWaitMs;
  private long nextWaitMs;

  /**
   * @param maxWaitMs the longest wait (the connector's {@code poll.interval.ms})
   */
  IdleBackoff(long maxWaitMs) {
    if (maxWaitMs < 1) {
      throw new IllegalArgumentException(
          "the longest wait must be at least 1 ms, not " + maxWaitMs);
    }
    this.maxWaitMs = maxWaitMs;
    this.nextWaitMs = maxWaitMs;
  }

  /** The last look found something. */
  void found() {
    nextWaitMs = Math.min(FIRST_WAIT_MS, maxWaitMs);
  }

  /** The last look found nothing: how long to wait before the next. */
  long nothingFound() {
    long wait = nextWaitMs;
    nextWaitMs = Math.min(maxWaitMs, wait * 2);
    return wait;
  }
}
