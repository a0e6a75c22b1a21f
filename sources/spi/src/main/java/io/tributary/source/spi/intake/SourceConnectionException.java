package io.tributary.source.spi.intake;

/**
 * A source database that cannot be reached or refuses the plan's credentials. The message says
 * which database and what to check, never the password.
 */
public class SourceConnectionException extends RuntimeException {
  public SourceConnectionException(String message, Throwable cause) {
    super(message, cause);
  }
}
