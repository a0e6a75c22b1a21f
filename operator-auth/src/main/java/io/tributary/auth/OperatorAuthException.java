package io.tributary.auth;

/** A call without a valid operator credential; the message says exactly what is wrong. */
public class OperatorAuthException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final boolean wrongSecret;

  public OperatorAuthException(String message) {
    this(message, false);
  }

  /**
   * @param wrongSecret whether a well-formed credential was given but its secret (token, password)
   *     is wrong: a guess, counted by {@link CredentialThrottle}
   */
  public OperatorAuthException(String message, boolean wrongSecret) {
    super(message);
    this.wrongSecret = wrongSecret;
  }

  /** Whether a well-formed credential had a wrong secret (not a missing or malformed one). */
  public boolean wrongSecret() {
    return wrongSecret;
  }
}
