package io.tributary.auth;

/** A call without a valid operator credential; the message says exactly what is wrong. */
public class OperatorAuthException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public OperatorAuthException(String message) {
    super(message);
  }
}
