package io.tributary.validator.continuous;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.tributary.controlgate.ControlSchemaGate;
import io.tributary.validator.ValidatorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Runs the continuous validation every {@code tributary.validator.interval}, on a worker thread; a
 * run still going when the next is due makes that one skipped. Between runs, a table whose apply
 * has just caught up is validated at once.
 */
@ApplicationScoped
class ContinuousScheduler {
  private static final Logger LOG = Logger.getLogger(ContinuousScheduler.class);

  private final ContinuousRunner runner;
  private final ControlSchemaGate controlSchema;
  private final ValidatorConfig config;
  private volatile boolean stopping;

  public ContinuousScheduler(
      ContinuousRunner runner, ControlSchemaGate controlSchema, ValidatorConfig config) {
    this.runner = runner;
    this.controlSchema = controlSchema;
    this.config = config;
  }

  void onStop(@Observes ShutdownEvent event) {
    stopping = true; // the database pool closes now: a run starting after this would only fail
  }

  @Scheduled(
      identity = "tributary-validation",
      every = "${tributary.validator.interval:5s}",
      concurrentExecution = ConcurrentExecution.SKIP)
  void validate() {
    runGuarded(runner::runScheduled, "Validation run failed");
  }

  /**
   * Between runs, every {@code tributary.validator.caught-up-poll}: validates at once a table whose
   * apply has just caught up with its topic (see {@link ContinuousRunner#runCaughtUp}).
   */
  @Scheduled(
      identity = "tributary-validation-caught-up",
      every = "${tributary.validator.caught-up-poll:1s}",
      concurrentExecution = ConcurrentExecution.SKIP)
  void validateCaughtUp() {
    runGuarded(runner::runCaughtUp, "Validation of caught-up tables failed");
  }

  /**
   * Runs unless stopping, disabled or without a control schema; never lets a run take the scheduler
   * down.
   */
  private void runGuarded(Runnable run, String failure) {
    if (stopping || !config.enabled() || !controlSchema.ready()) {
      return;
    }
    try {
      run.run();
    } catch (RuntimeException e) {
      LOG.errorf(e, failure);
    }
  }
}
