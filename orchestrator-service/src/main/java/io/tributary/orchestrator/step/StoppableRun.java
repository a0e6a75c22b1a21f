package io.tributary.orchestrator.step;

import java.time.Duration;
import java.util.concurrent.Future;

/**
 * A run whose steps {@link StepRunner#run} may stop: each step has a timeout, and an operator may
 * cancel the run (a cutover's rollback request) while a step is under way.
 */
public interface StoppableRun extends StepRun {
  /** True once the run was asked to stop: the step running is cancelled and no later one starts. */
  boolean cancelled();

  /** Why the run was asked to stop (who asked, and why), null while it was not. */
  String rollbackReason();

  /** The step running now, which a request to stop cancels; null between steps. */
  void step(Future<?> running);

  /** How long the step named {@code step} may take. */
  Duration timeout(String step);

  /** How long a cancelled step may take to stop acting, before what it did is undone. */
  Duration stopGrace();
}
