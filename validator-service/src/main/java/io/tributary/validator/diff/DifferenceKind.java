package io.tributary.validator.diff;

import java.util.Locale;

/** How a row differs between source and target. */
public enum DifferenceKind {
  /** In the source (after the plan's transforms, less rejected rows), not in the target. */
  MISSING,
  /** In the target, not in the source. */
  EXTRA,
  /** On both sides under the same key, with different values in some columns. */
  DIFFERING;

  /** {@code missing}, {@code extra}, {@code differing}: as stored and published. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
