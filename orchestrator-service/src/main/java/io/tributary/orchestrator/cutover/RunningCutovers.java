package io.tributary.orchestrator.cutover;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The cutovers this process runs, at most one per migration, each on a thread of its own (a cutover
 * blocks on databases and waits for fences; it never runs on an event loop).
 */
@ApplicationScoped
class RunningCutovers {
  private final Map<String, Slot> running = new ConcurrentHashMap<>();
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "tributary-cutover");
            t.setDaemon(true);
            return t;
          });

  void onStop(@Observes ShutdownEvent event) {
    threads.shutdownNow();
  }

  /**
   * Claims the migration for a cutover about to start here.
   *
   * @return false when another cutover of the migration runs here
   */
  boolean claim(String migration) {
    return running.putIfAbsent(migration, new Slot()) == null;
  }

  /** The run of the migration's claimed cutover, once it has one. */
  void attach(String migration, CutoverRun run) {
    Slot slot = running.get(migration);
    if (slot == null) {
      throw new IllegalStateException("no cutover of '" + migration + "' was claimed");
    }
    slot.run = run;
  }

  /**
   * Frees the migration's claim (by the cutover that holds it, once it ended or failed to start).
   */
  void release(String migration) {
    running.remove(migration);
  }

  /** The cutover of the migration this process runs, if any and once started. */
  Optional<CutoverRun> get(String migration) {
    Slot slot = running.get(migration);
    return slot == null ? Optional.empty() : Optional.ofNullable(slot.run);
  }

  /** Runs {@code body} (a cutover, from its first step to its end) on a thread of its own. */
  void submit(Runnable body) {
    var unused = threads.submit(body);
  }

  /** A claimed migration, and its cutover's run once the cutover is recorded. */
  private static final class Slot {
    volatile CutoverRun run;
  }
}
