package io.tributary.common.control;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * Where a finalize step stands (column {@code state} of {@code tributary.finalize_steps}, field
 * {@code state} of the operator API's finalize steps).
 */
public enum FinalizeStepState implements WireName {
  /** Not run yet (the column's default). */
  PENDING("pending"),
  /** Ran and committed; not run again unless its kind repeats (sequences, ANALYZE). */
  DONE("done"),
  /** Ran and failed; the detail says why. The next finalize runs it again. */
  FAILED("failed"),
  /** Not run, on purpose (e.g. a foreign key left NOT VALID); the detail says why. */
  SKIPPED("skipped"),
  /**
   * An index built without the rows it cannot hold (duplicates of a unique index's values, values
   * too large for an index row), which the detail names; the rows stay in the table. The next
   * finalize tries the whole index again.
   */
  PARTIAL("partial");

  private final String wire;

  FinalizeStepState(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }

  /**
   * Reads a stored state.
   *
   * @throws IllegalArgumentException naming the bad value
   */
  @JsonCreator
  public static FinalizeStepState parse(String text) {
    return WireName.parse(FinalizeStepState.class, "finalize step state", text);
  }

  @Override
  public String toString() {
    return wire;
  }
}
