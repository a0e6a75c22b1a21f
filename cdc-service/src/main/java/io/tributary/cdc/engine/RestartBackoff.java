package io.tributary.cdc.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * When an engine that failed may start again: not before {@code backoff} after its failure. Keyed
 * by what the engine serves (a source's id, a migration's fallback window). Not thread-safe: its
 * supervisor calls it from one thread.
 */
public final class RestartBackoff {
  private final Supplier<Duration> backoff;
  private final Map<String, Instant> failedAt = new HashMap<>();

  /**
   * @param backoff the wait after a failure, read at each look (it is configuration)
   */
  public RestartBackoff(Supplier<Duration> backoff) {
    this.backoff = backoff;
  }

  /** Whether {@code key}'s engine may start now: it never failed, or failed a backoff ago. */
  public boolean due(String key) {
    Instant failed = failedAt.get(key);
    return failed == null || !failed.plus(backoff.get()).isAfter(Instant.now());
  }

  /** Records that {@code key}'s engine failed now. */
  public void failed(String key) {
    failedAt.put(key, Instant.now());
  }

  /**
   * Forgets {@code key}'s failure: its engine may start at the next look.
   *
   * @return whether a failure was recorded
   */
  public boolean forget(String key) {
    return failedAt.remove(key) != null;
  }
}
