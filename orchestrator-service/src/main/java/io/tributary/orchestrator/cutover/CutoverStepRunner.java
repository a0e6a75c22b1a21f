package io.tributary.orchestrator.cutover;

import io.quarkus.runtime.ShutdownEvent;
import io.tributary.common.fault.FaultPoints;
import io.tributary.common.plan.CutoverStep;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
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
 * Runs one cutover step: refuses to start it once a rollback was asked for, records it as the step
 * under way, runs it on a thread of its own with the plan's timeout, cancels it on a timeout or a
 * rollback request (and waits, up to the rollback's timeout, for a cancelled step to stop acting,
 * so that a half-done freeze is not undone before it ends), and records its outcome and duration.
 */
@ApplicationScoped
class CutoverStepRunner {
  private static final Logger LOG = Logger.getLogger(CutoverStepRunner.class);

  private final CutoverJournal journal;
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "tributary-cutover-step");
            t.setDaemon(true);
            return t;
          });

  CutoverStepRunner(CutoverJournal journal) {
    this.journal = journal;
  }

  void onStop(@Observes ShutdownEvent event) {
    threads.shutdownNow();
  }

  /**
   * Runs a step that may be stopped: prepare through finalize.
   *
   * @return what it did
   * @throws CutoverStepException when it failed, timed out or was cancelled, with the reason
   */
  String run(CutoverStepAction action, CutoverRun run) {
    CutoverStep step = action.step();
    if (run.cancelled()) {
      throw new CutoverStepException(run.rollbackReason());
    }
    journal.started(run.cutover(), step);
    FaultPoints.reach("cutover.before-" + step.planName());
    long started = System.nanoTime();
    Duration limit = run.plan().timeout(step);
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
      future.cancel(true); // a rollback asked for between the check above and now
    }
    String failure = null;
    String detail = null;
    try {
      detail = future.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      failure = step.planName() + " timed out after " + format(limit);
    } catch (CancellationException e) {
      failure = step.planName() + ": " + run.rollbackReason();
    } catch (ExecutionException e) {
      failure =
          step.planName()
              + ": "
              + (run.cancelled()
                  ? run.rollbackReason()
                  : String.valueOf(e.getCause().getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      future.cancel(true);
      failure = step.planName() + ": the orchestrator is stopping";
    } finally {
      run.step(null);
    }
    if (failure != null) {
      awaitStopped(run, step, ended);
    }
    long ms = (System.nanoTime() - started) / 1_000_000;
    journal.ended(run, step, failure == null ? detail : "FAILED: " + failure, ms);
    FaultPoints.reach("cutover.after-" + step.planName());
    if (failure != null) {
      LOG.warnf("Cutover %d of '%s': %s", run.cutover().id(), run.migration(), failure);
      throw new CutoverStepException(failure);
    }
    LOG.infof(
        "Cutover %d of '%s': %s done in %d ms: %s",
        run.cutover().id(), run.migration(), step.planName(), ms, detail);
    return detail;
  }

  /**
   * Runs a step that is not stopped once begun (switch, rollback: each bounds its own actions), on
   * the caller's thread, and records it.
   *
   * @throws CutoverStepException when it failed as the step foresees (recorded as such)
   * @throws RuntimeException any other failure, recorded and rethrown as it is
   */
  String runToEnd(CutoverStepAction action, CutoverRun run) {
    CutoverStep step = action.step();
    journal.started(run.cutover(), step);
    FaultPoints.reach("cutover.before-" + step.planName());
    long started = System.nanoTime();
    try {
      String detail = action.run(run);
      journal.ended(run, step, detail, (System.nanoTime() - started) / 1_000_000);
      FaultPoints.reach("cutover.after-" + step.planName());
      LOG.infof("Cutover %d of '%s': %s: %s", run.cutover().id(), run.migration(), step, detail);
      return detail;
    } catch (CutoverStepException e) {
      String failure = step.planName() + ": " + e.getMessage();
      journal.ended(run, step, "FAILED: " + failure, (System.nanoTime() - started) / 1_000_000);
      LOG.warnf("Cutover %d of '%s': %s", run.cutover().id(), run.migration(), failure);
      throw new CutoverStepException(failure, e);
    } catch (RuntimeException e) {
      journal.ended(
          run,
          step,
          "FAILED: " + step.planName() + ": unexpected error: " + e,
          (System.nanoTime() - started) / 1_000_000);
      throw e;
    }
  }

  /** A cancelled step may still be acting: let it end before anything undoes what it did. */
  private static void awaitStopped(CutoverRun run, CutoverStep step, CountDownLatch ended) {
    Duration grace = run.plan().timeout(CutoverStep.ROLLBACK);
    try {
      if (!ended.await(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warnf(
            "Cutover %d: step %s did not stop within %s after it was cancelled",
            run.cutover().id(), step.planName(), format(grace));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static String format(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }
}
