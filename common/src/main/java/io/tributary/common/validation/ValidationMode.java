package io.tributary.common.validation;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.tributary.common.control.WireName;

/**
 * How a table was validated (column {@code mode} of {@code tributary.validations} and {@code
 * tributary.validation_requests}, field {@code mode} on topic {@code tributary.validation}).
 */
public enum ValidationMode implements WireName {
  /** The validator's scheduled counts and checksums, while replication runs. */
  CONTINUOUS("continuous"),
  /** A row-by-row comparison asked for by an operator, on live sources. */
  DEEP("deep"),
  /**
   * The cutover's verification before the freeze: a deep comparison of every table after apply
   * passed an aligned position P (a fence); differences in rows changed after P are left to the
   * final gate, any other stops the cutover before anything is frozen.
   */
  PRECUTOVER("precutover"),
  /**
   * The cutover's gate on frozen, drained sources: exact counts and a row-by-row comparison of the
   * rows changed after P (of every row with {@code --full}): exact or an error.
   */
  FINAL("final"),
  /**
   * During a fallback window, in reverse: the rows the window wrote back into the sources since the
   * last such comparison, looked up by key on both sides (validator-service's schedule, and a
   * fallback's verification before its freeze).
   */
  REVERSE("reverse"),
  /**
   * After the switch, within the fallback window: every row of the frozen sources compared with the
   * target as of the switch, the rows the window wrote back left out (they are validation in
   * reverse's), in the background — the independent check that the change stream missed nothing
   * after P ({@code DESIGN.md}, cutover step 7). A difference recommends a fallback.
   */
  POSTSWITCH("postswitch");

  private final String wire;

  ValidationMode(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }

  /**
   * True for the modes of a request ({@code deep}, {@code precutover}, {@code final}, {@code
   * postswitch}).
   */
  public boolean isRequested() {
    return this != CONTINUOUS && this != REVERSE;
  }

  /**
   * Reads a stored, requested or published mode.
   *
   * @throws IllegalArgumentException naming the bad value and the ones expected
   */
  @JsonCreator
  public static ValidationMode parse(String text) {
    return WireName.parse(ValidationMode.class, "validation mode", text);
  }

  @Override
  public String toString() {
    return wire;
  }
}
