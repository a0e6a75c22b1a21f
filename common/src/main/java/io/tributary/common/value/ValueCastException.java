package io.tributary.common.value;

/** A source value that cannot become a value of its target column's type; says which and why. */
public class ValueCastException extends RuntimeException {
  public ValueCastException(String message) {
    super(message);
  }
}
