package io.tributary.orchestrator.step;

import io.quarkus.runtime.ShutdownEvent;
import io.tributary.common.fault.FaultPoints;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Runs one step of a sequence (a cutover, a fallback) and writes it down in the sequence's {@link
 * StepJournal}: records it as the step under way, reaches the fault points {@code
 * <sequence>.before-<step>} and {@code <sequence>.after-<step>}, and records its outcome and
 * duration. A step that may be stopped runs on a thread of its own with its timeout, and is
 * cancelled on a timeout or a request to stop (then awaited, up to the run's grace, so that a
 * half-done freeze is not undone before it ends).
 */
@ApplicationScoped
public class StepRunner {
  private static final Logger LOG = Logger.getLogger(StepRunner.class);

  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "tributary-cutover-step");
            t.setDaemon(true);
            return t;
          });

  public void onStop(@Observes ShutdownEvent event) {
    threads.shutdownNow();
  }

  /**
   * Runs a step that may be stopped (a cutover's prepare through finalize): refused once the run
   * was asked to stop.
   *
   * @return what it did
   * @throws StepException when it failed, timed out or was cancelled, with the reason
   */
  public <R extends StoppableRun> String run(StepAction<R> action, R run, StepJournal<R> journal) {
    String step = action.name();
    if (run.cancelled()) {
      throw new StepException(run.rollbackReason());
    }
    journal.started(run, step);
    FaultPoints.reach(run.sequence() + ".before-" + step);
    long started = System.nanoTime();
    Duration limit = run.timeout(step);
    CountDownLatch ended = new CountDownLatch(1);
    Future<String> future =
        threads.submit(
            () -> {
              try {
                return action.run(run);
              } finally {
                ended.countDown();
              }
            });
    run.step(future);
    if (run.cancelled()) {
      future.cancel(true); // a stop asked for between the check above and now
    }
    StepFailure failure = null;
    String detail = null;
    try {
      detail = future.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      failure = StepFailure.timedOut(step, limit);
    } catch (CancellationException e) {
      failure = StepFailure.of(step, run.rollbackReason());
    } catch (ExecutionException e) {
      failure =
          StepFailure.of(
              step,
              run.cancelled() ? run.rollbackReason() : String.valueOf(e.getCause().getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      future.cancel(true);
      failure = StepFailure.of(step, "the orchestrator is stopping");
    } finally {
      run.step(null);
    }
    if (failure != null) {
      awaitStopped(run, step, ended);
    }
    long ms = since(started);
    if (failure == null) {
      journal.ended(run, step, detail, ms);
    } else {
      journal.failed(run, step, failure, ms);
    }
    FaultPoints.reach(run.sequence() + ".after-" + step);
    if (failure != null) {
      LOG.warnf("%s: %s", title(run), failure.message());
      throw new StepException(failure.message());
    }
    LOG.infof("%s: %s done in %d ms: %s", title(run), step, ms, detail);
    return detail;
  }

  /**
   * Runs a step that is not stopped once begun (a cutover's switch and rollback: each bounds its
   * own actions; a fallback's steps), on the caller's thread, and records it.
   *
   * @throws StepException when it failed as the step foresees (recorded as such), the step's name
   *     first
   * @throws RuntimeException any other failure, recorded and rethrown as it is
   */
  public <R extends StepRun> String runToEnd(StepAction<R> action, R run, StepJournal<R> journal) {
    String step = action.name();
    journal.started(run, step);
    FaultPoints.reach(run.sequence() + ".before-" + step);
    long started = System.nanoTime();
    try {
      String detail = action.run(run);
      journal.ended(run, step, detail, since(started));
      FaultPoints.reach(run.sequence() + ".after-" + step);
      // the step in capitals, as the cutover's log has always named its switch and rollback
      LOG.infof("%s: %s: %s", title(run), step.toUpperCase(Locale.ROOT), detail);
      return detail;
    } catch (StepException e) {
      StepFailure failure = StepFailure.of(step, e.getMessage());
      journal.failed(run, step, failure, since(started));
      LOG.warnf("%s: %s", title(run), failure.message());
      throw new StepException(failure.message(), e);
    } catch (RuntimeException e) {
      journal.failed(run, step, StepFailure.of(step, "unexpected error: " + e), since(started));
      throw e;
    }
  }

  /** A cancelled step may still be acting: let it end before anything undoes what it did. */
  private static void awaitStopped(StoppableRun run, String step, CountDownLatch ended) {
    Duration grace = run.stopGrace();
    try {
      if (!ended.await(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warnf(
            "%s %d: step %s did not stop within %s after it was cancelled",
            capitalised(run.sequence()), run.id(), step, format(grace));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** {@code Cutover 7 of 'm'}. */
  private static String title(StepRun run) {
    return capitalised(run.sequence()) + " " + run.id() + " of '" + run.migration() + "'";
  }

  private static String capitalised(String sequence) {
    return sequence.isEmpty()
        ? sequence
        : sequence.substring(0, 1).toUpperCase(Locale.ROOT) + sequence.substring(1);
  }

  private static long since(long started) {
    return (System.nanoTime() - started) / 1_000_000;
  }

  /** A duration as the steps' messages write it: {@code 10 s}, {@code 200 ms}. */
  public static String format(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }
}
