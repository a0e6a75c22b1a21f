package io.tributary.validator;

/** The verdict of one validation of one table. */
public enum ValidationStatus {
  /**
   * Source rows equal target rows plus rejected rows, and (without rejects) the checksums agree.
   */
  MATCH,
  /**
   * A difference that replication may still close: the snapshot is running, apply lags, or the
   * source was just written.
   */
  PENDING,
  /** A difference with nothing left in flight that could explain it. */
  MISMATCH,
  /** The table could not be validated (source file or table gone, target unreadable, ...). */
  ERROR;

  /** True for the states an operator must look at. */
  public boolean isProblem() {
    return this == MISMATCH || this == ERROR;
  }
}
