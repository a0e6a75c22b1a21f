package io.tributary.orchestrator.step;

/** A step failed as it foresees; the message says why, in words an operator can act on. */
public class StepException extends RuntimeException {
  public StepException(String message) {
    super(message);
  }

  public StepException(String message, Throwable cause) {
    super(message, cause);
  }
}
