package io.tributary.orchestrator.step;

import java.time.Duration;

/**
 * Why a step failed, as {@link StepRunner} hands it to the {@link StepJournal}.
 *
 * @param message what the sequence reports, the step's name first ({@code drain: fence 3 not
 *     applied}, {@code freeze timed out after 10 s})
 * @param reason the step's own words (its exception's message), or what stopped it ({@code timed
 *     out after 10 s}, {@code rolled back by alice})
 */
public record StepFailure(String message, String reason) {

  /** The step {@code step} failed for {@code reason}. */
  public static StepFailure of(String step, String reason) {
    return new StepFailure(step + ": " + reason, reason);
  }

  /** The step {@code step} took longer than {@code limit} and was stopped. */
  static StepFailure timedOut(String step, Duration limit) {
    String reason = "timed out after " + StepRunner.format(limit);
    return new StepFailure(step + " " + reason, reason);
  }
}
