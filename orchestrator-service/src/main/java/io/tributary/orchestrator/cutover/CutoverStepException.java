package io.tributary.orchestrator.cutover;

/** A cutover step failed; the message says why, in words an operator can act on. */
public class CutoverStepException extends RuntimeException {
  public CutoverStepException(String message) {
    super(message);
  }

  public CutoverStepException(String message, Throwable cause) {
    super(message, cause);
  }
}
