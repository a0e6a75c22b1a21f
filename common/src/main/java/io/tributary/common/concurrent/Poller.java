package io.tributary.common.concurrent;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A task run again and again on a daemon thread of its own, with a fixed delay between the end of a
 * run and the start of the next: the services' pollers of the control schema (fence and capture
 * resume requests, validation requests, validation in reverse). A run that throws is handed to
 * {@code onFailure} and the next runs as planned (an executor's scheduled task that throws would
 * never run again). Runs never overlap.
 */
public final class Poller {
  private final ScheduledExecutorService executor;

  private Poller(ScheduledExecutorService executor) {
    this.executor = executor;
  }

  /**
   * Starts polling.
   *
   * @param thread the thread's name
   * @param first the delay before the first run
   * @param every the delay between a run's end and the next run (at least 1 ms)
   * @param task one run
   * @param onFailure what to do with a run's failure (log it)
   */
  public static Poller start(
      String thread,
      Duration first,
      Duration every,
      Runnable task,
      Consumer<RuntimeException> onFailure) {
    ScheduledExecutorService executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, thread);
              t.setDaemon(true);
              return t;
            });
    executor.scheduleWithFixedDelay(
        () -> {
          try {
            task.run();
          } catch (RuntimeException e) {
            onFailure.accept(e);
          }
        },
        Math.max(0, first.toMillis()),
        Math.max(1, every.toMillis()),
        TimeUnit.MILLISECONDS);
    return new Poller(executor);
  }

  /** No run after the current one, which ends by itself. */
  public void stop() {
    executor.shutdown();
  }

  /** No run after the current one, which is interrupted. */
  public void stopNow() {
    executor.shutdownNow();
  }
}
