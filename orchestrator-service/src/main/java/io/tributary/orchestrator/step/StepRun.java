package io.tributary.orchestrator.step;

/**
 * One run of a step sequence (a cutover, a fallback) as {@link StepRunner} sees it: which sequence
 * it is, its id in {@code tributary.cutovers} and its migration, for its fault points and log
 * lines.
 */
public interface StepRun {
  /**
   * The sequence's name as its fault points begin ({@code cutover} for {@code
   * cutover.before-freeze}); capitalised, its log lines ({@code Cutover 7 of 'm'}).
   */
  String sequence();

  /** The run's id in {@code tributary.cutovers}. */
  long id();

  String migration();
}
