package io.tributary.validator.diff;

import java.util.List;

/**
 * What comparing one table found.
 *
 * @param sourceRows source rows compared (decoded; rejected and undecodable rows not included)
 * @param targetRows target rows compared
 * @param rejectedRows source rows skipped because apply rejected them (open rejects)
 * @param sourceChecksum checksum of the compared source rows (as {@link
 *     io.tributary.common.value.TableChecksum})
 * @param targetChecksum checksum of the target rows
 * @param missingRows rows missing from the target (undecodable source rows without a reject
 *     included)
 * @param extraRows rows only in the target
 * @param differingRows rows on both sides with different values
 * @param differences the differences listed, at most {@link DiffSettings#maxListed()}, ordered by
 *     key-hash range
 * @param complete false when some mismatching ranges were not compared row by row (their missing
 *     and extra rows are counted from row counts, their differing rows not at all)
 * @param passes scans of each side
 * @param rangesCompared range checksums compared over all passes
 * @param mismatchingRanges ranges compared row by row
 */
public record DiffResult(
    long sourceRows,
    long targetRows,
    long rejectedRows,
    String sourceChecksum,
    String targetChecksum,
    long missingRows,
    long extraRows,
    long differingRows,
    List<Difference> differences,
    boolean complete,
    int passes,
    long rangesCompared,
    long mismatchingRanges) {
  public DiffResult {
    differences = List.copyOf(differences);
  }

  /** True when both sides hold the same rows. */
  public boolean same() {
    return missingRows == 0 && extraRows == 0 && differingRows == 0;
  }

  /**
   * The same comparison counting only {@code rejected} of the source rows it left out as rejected
   * by apply (the others were left out for another reason, said by the caller).
   */
  public DiffResult withRejectedRows(long rejected) {
    return new DiffResult(
        sourceRows,
        targetRows,
        rejected,
        sourceChecksum,
        targetChecksum,
        missingRows,
        extraRows,
        differingRows,
        differences,
        complete,
        passes,
        rangesCompared,
        mismatchingRanges);
  }

  /**
   * The same comparison with only these of its listed differences (the others set aside), counted
   * again by kind: for a comparison whose differences were all listed.
   */
  public DiffResult keeping(List<Difference> kept) {
    long missing = 0;
    long extra = 0;
    long differing = 0;
    for (Difference d : kept) {
      if (d.kind() == DifferenceKind.MISSING) {
        missing++;
      } else if (d.kind() == DifferenceKind.EXTRA) {
        extra++;
      } else {
        differing++;
      }
    }
    return new DiffResult(
        sourceRows,
        targetRows,
        rejectedRows,
        sourceChecksum,
        targetChecksum,
        missing,
        extra,
        differing,
        kept,
        complete,
        passes,
        rangesCompared,
        mismatchingRanges);
  }

  /** All differences counted. */
  public long differingTotal() {
    return missingRows + extraRows + differingRows;
  }
}
