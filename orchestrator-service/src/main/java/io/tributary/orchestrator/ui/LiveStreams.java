package io.tributary.orchestrator.ui;

import io.tributary.orchestrator.OrchestratorConfig;
import jakarta.inject.Singleton;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The live streams each client holds open ({@link LiveResource}): a client — an operator from one
 * address — may hold {@link OrchestratorConfig#liveStreamsPerClient()} at once, so that one caller
 * cannot make the orchestrator read and send the migration every second for hundreds of streams.
 */
@Singleton
public class LiveStreams {
  private final ConcurrentHashMap<String, AtomicInteger> open = new ConcurrentHashMap<>();
  private final int limit;

  public LiveStreams(OrchestratorConfig config) {
    this.limit = Math.max(1, config.liveStreamsPerClient());
  }

  /** Counts a new stream of {@code client}; false (nothing counted) when it holds the limit. */
  public boolean open(String client) {
    AtomicInteger count = open.computeIfAbsent(client, c -> new AtomicInteger());
    while (true) {
      int now = count.get();
      if (now >= limit) {
        return false;
      }
      if (count.compareAndSet(now, now + 1)) {
        return true;
      }
    }
  }

  /** A stream of {@code client} ended. */
  public void close(String client) {
    open.computeIfPresent(client, (c, count) -> count.decrementAndGet() <= 0 ? null : count);
  }

  /** How many streams a client may hold. */
  public int limit() {
    return limit;
  }
}
