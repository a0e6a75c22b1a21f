package io.tributary.validator;

/**
 * The database did not answer within the bound of {@link DatabaseWait}; the message says what was
 * waited for, how long, and the setting that bounds it.
 */
public class DatabaseTimeoutException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DatabaseTimeoutException(String message, Throwable cause) {
    super(message, cause);
  }
}
