package io.tributary.source.spi.freeze;

/**
 * Why freezing or unfreezing a source, or a PgBouncer command, failed — naming the file, database
 * or role concerned.
 */
public class SourceFreezeException extends RuntimeException {
  public SourceFreezeException(String message) {
    super(message);
  }

  public SourceFreezeException(String message, Throwable cause) {
    super(message, cause);
  }
}
