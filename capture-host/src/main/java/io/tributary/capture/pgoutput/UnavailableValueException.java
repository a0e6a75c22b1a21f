package io.tributary.capture.pgoutput;

/**
 * A change event of a PostgreSQL source lacks a column's value: an update left a large (TOASTed)
 * value unchanged and the table's replica identity is not {@code FULL}, so the WAL does not hold
 * it.
 */
public final class UnavailableValueException extends RuntimeException {
  public UnavailableValueException(String message) {
    super(message);
  }
}
