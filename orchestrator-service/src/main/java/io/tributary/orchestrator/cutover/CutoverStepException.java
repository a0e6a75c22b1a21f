package io.tributary.orchestrator.cutover;

import io.tributary.orchestrator.step.StepException;

/** A cutover step failed; the message says why, in words an operator can act on. */
public class CutoverStepException extends StepException {
  public CutoverStepException(String message) {
    super(message);
  }

  public CutoverStepException(String message, Throwable cause) {
    super(message, cause);
  }
}
