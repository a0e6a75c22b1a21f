package io.tributary.common.validation;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.tributary.common.control.WireName;

/**
 * The verdict of one validation of one table (column {@code status} of {@code
 * tributary.validations} and {@code tributary.validation_requests}, field {@code status} on topic
 * {@code tributary.validation}); spelled as its name.
 */
public enum ValidationStatus implements WireName {
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

  @Override
  public String wire() {
    return name();
  }

  /**
   * Reads a stored or published status.
   *
   * @throws IllegalArgumentException naming the bad value
   */
  @JsonCreator
  public static ValidationStatus parse(String text) {
    return WireName.parse(ValidationStatus.class, "validation status", text);
  }

  /** Like {@link #parse}; null for null (a request not done yet). */
  public static ValidationStatus parseNullable(String text) {
    return WireName.parseNullable(ValidationStatus.class, "validation status", text);
  }
}
