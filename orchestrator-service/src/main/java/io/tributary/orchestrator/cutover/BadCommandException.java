package io.tributary.orchestrator.cutover;

/** An operator's command that cannot be taken as given (the message names the field and why). */
public class BadCommandException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public BadCommandException(String message) {
    super(message);
  }
}
