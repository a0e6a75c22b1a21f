package io.tributary.validator.target;

import java.util.Map;

/**
 * What was read from a target table and apply's progress, all in one database snapshot.
 *
 * @param rows rows in the target table
 * @param rejectedRows rows of the table that apply rejected
 * @param nextOffsets apply's next offset per partition of the table's topic
 * @param checksum the checksum of the target rows, null when the table was only counted
 * @param appliedPosition the highest source position apply applied on the table's topic, null when
 *     it recorded none
 */
public record TargetSide(
    long rows,
    long rejectedRows,
    Map<Integer, Long> nextOffsets,
    String checksum,
    Long appliedPosition) {
  public TargetSide {
    nextOffsets = Map.copyOf(nextOffsets);
  }
}
