package io.tributary.source.spi.validate;

/** A table that cannot be validated; the message is the {@code detail} of its ERROR result. */
public class ValidationException extends RuntimeException {
  public ValidationException(String message) {
    super(message);
  }

  public ValidationException(String message, Throwable cause) {
    super(message, cause);
  }
}
