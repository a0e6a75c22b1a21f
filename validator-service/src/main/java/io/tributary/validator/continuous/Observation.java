package io.tributary.validator.continuous;

/**
 * What one validation of one table saw; {@link ContinuousDecider} turns it into a status.
 *
 * @param sourceRows rows in the source table
 * @param targetRows rows in the target table
 * @param rejectedRows rows of the table apply rejected
 * @param expectedRejects source rows that cannot be decoded, null when not computed
 * @param sourceChecksum null when not computed
 * @param targetChecksum null when not computed
 * @param snapshotDone whether capture has finished the table's snapshot
 * @param applyLag messages not yet applied, null when Kafka could not tell
 * @param kafkaProblem why the lag is unknown, null when it is known
 * @param sourceSettled false when the source was written shortly before or during the validation
 *     (changes may still be on their way through capture)
 * @param alignment whether the source and target reads hold the same changes
 */
record Observation(
    long sourceRows,
    long targetRows,
    long rejectedRows,
    Long expectedRejects,
    String sourceChecksum,
    String targetChecksum,
    boolean snapshotDone,
    Long applyLag,
    String kafkaProblem,
    boolean sourceSettled,
    Alignment alignment) {

  /** True when the source has as many rows as the target plus the rejected ones. */
  public boolean countsAgree() {
    return sourceRows == targetRows + rejectedRows;
  }
}
