package io.tributary.validator.diff;

/**
 * How a {@link TableDiffer} bounds its work and memory.
 *
 * @param leafRows a range with at most this many rows on each side is compared row by row; bigger
 *     mismatching ranges are split further (the bisection threshold)
 * @param maxRanges the most ranges checksummed in one pass (24 bytes each per side)
 * @param rowBudget the most rows per side held in memory when comparing row by row; mismatching
 *     ranges are compared in batches of about this many rows, one scan per batch
 * @param maxRowPasses the most row-by-row batches; differences in the ranges beyond are counted
 *     from the ranges' row counts only, and the result says it is incomplete
 * @param maxListed the most differences listed (all are counted)
 * @param maxSplitPasses the most passes that split mismatching ranges further
 */
public record DiffSettings(
    int leafRows,
    int maxRanges,
    int rowBudget,
    int maxRowPasses,
    int maxListed,
    int maxSplitPasses) {

  /** Defaults: leaves of 64 rows, 262,144 ranges, 50,000 rows in memory, 1,000 listed. */
  public static DiffSettings defaults() {
    return new DiffSettings(64, 1 << 18, 50_000, 8, 1_000, 4);
  }

  public DiffSettings {
    if (leafRows < 1 || maxRanges < 1 || rowBudget < 1 || maxRowPasses < 1 || maxListed < 0) {
      throw new IllegalArgumentException("diff settings must be positive: " + this);
    }
  }
}
