package io.tributary.orchestrator.step;

/**
 * Where a sequence writes its steps down as {@link StepRunner} runs them (a cutover's journal and
 * audit log, a fallback's report as well).
 *
 * @param <R> the sequence's runs
 */
public interface StepJournal<R extends StepRun> {
  /** The step is under way, recorded before it acts. */
  void started(R run, String step);

  /** The step did {@code detail} in {@code durationMs}. */
  void ended(R run, String step, String detail, long durationMs);

  /** The step failed after {@code durationMs}. */
  void failed(R run, String step, StepFailure failure, long durationMs);
}
