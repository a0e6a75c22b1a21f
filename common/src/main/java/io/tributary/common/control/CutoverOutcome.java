package io.tributary.common.control;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * How a cutover ended (column {@code outcome} of {@code tributary.cutovers}, field {@code outcome}
 * of the operator API's cutover report); null while it is under way.
 */
public enum CutoverOutcome implements WireName {
  /** The applications were switched to the target. */
  CUT_OVER("cut_over"),
  /** It ended before the switch with the sources unfrozen; another cutover may be tried. */
  ROLLED_BACK("rolled_back"),
  /** It could not undo its freeze: an operator has to look. */
  FAILED("failed"),
  /** A fallback (a cutover backwards) switched the applications back to the sources. */
  FELL_BACK("fell_back");

  private final String wire;

  CutoverOutcome(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }

  /**
   * Reads a stored outcome; null for null (under way).
   *
   * @throws IllegalArgumentException naming the bad value
   */
  @JsonCreator
  public static CutoverOutcome parse(String text) {
    return WireName.parseNullable(CutoverOutcome.class, "cutover outcome", text);
  }

  @Override
  public String toString() {
    return wire;
  }
}
