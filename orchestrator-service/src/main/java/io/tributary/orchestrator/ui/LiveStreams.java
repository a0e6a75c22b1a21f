package io.tributary.orchestrator.ui;

import io.tributary.orchestrator.OrchestratorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The live streams open per client ({@code tributary.orchestrator.live-streams-per-client}): a
 * client is an operator from one remote address, so that neither one browser nor one leaked
 * credential can hold the service's connections and database with streams.
 */
@ApplicationScoped
public class LiveStreams {
  /** A stream's place, given back once when the stream ends however it ends. */
  public static final class Permit {
    private final Runnable release;
    private final AtomicBoolean released = new AtomicBoolean();

    private Permit(Runnable release) {
      this.release = release;
    }

    /** Gives the place back; later calls do nothing. */
    public void release() {
      if (released.compareAndSet(false, true)) {
        release.run();
      }
    }
  }

  private final Map<String, Integer> open = new ConcurrentHashMap<>();
  private final int perClient;

  public LiveStreams(OrchestratorConfig config) {
    this.perClient = Math.max(1, config.liveStreamsPerClient());
  }

  /** A place for one more stream of this client; empty when it already holds the most. */
  public Optional<Permit> open(String client) {
    boolean[] taken = {false};
    open.compute(
        client,
        (k, n) -> {
          int count = n == null ? 0 : n;
          if (count >= perClient) {
            return n;
          }
          taken[0] = true;
          return count + 1;
        });
    if (!taken[0]) {
      return Optional.empty();
    }
    return Optional.of(
        new Permit(() -> open.computeIfPresent(client, (k, n) -> n <= 1 ? null : n - 1)));
  }

  /** The most streams one client may hold. */
  public int perClient() {
    return perClient;
  }

  /** The streams a client holds now. */
  public int held(String client) {
    return open.getOrDefault(client, 0);
  }
}
