package io.tributary.orchestrator.step;

/**
 * One step of a sequence (a cutover's freeze, a fallback's drain), run by {@link StepRunner} and
 * recorded under its name.
 *
 * @param <R> the run whose steps it is
 */
public interface StepAction<R extends StepRun> {
  /** The step's name in the journal, the audit log and the fault points ({@code freeze}). */
  String name();

  /**
   * Runs the step. A step that waits polls {@link StoppableRun#cancelled()} or answers
   * interruption, so that a timeout or a request to stop ends it.
   *
   * @return what it did, in words for the audit log
   * @throws StepException when it fails as it foresees, in words an operator can act on
   */
  String run(R run);
}
