package io.tributary.validator.deep;

import io.tributary.common.validation.ValidationMode;
import io.tributary.source.spi.validate.ValidatedTable;
import java.util.List;

/**
 * A deep or final validation asked for in {@code tributary.validation_requests}.
 *
 * @param id the request id
 * @param migration the migration
 * @param mode {@code deep} or {@code final}
 * @param source the plan's source name, null for every source
 * @param table the source table, null for every table
 * @param requestedBy who asked (the operator API, the cutover)
 * @param sinceFences the fences marking the position P of a cutover's {@code precutover} and {@code
 *     final} requests (rows changed after them are left to, or compared by, the final gate); empty
 *     for the others, and for a final request that compares every row ({@code --full})
 * @param untilFences where the changes compared end: a final request's fences written under the
 *     freeze; a precutover catch-up round's new position (it compares the rows changed between
 *     {@code sinceFences}, the position verified before, and these, and leaves the rows changed
 *     after these to the next round or the gate); empty for the others
 */
record ValidationRequest(
    long id,
    String migration,
    ValidationMode mode,
    String source,
    String table,
    String requestedBy,
    List<Long> sinceFences,
    List<Long> untilFences) {

  ValidationRequest {
    sinceFences = sinceFences == null ? List.of() : List.copyOf(sinceFences);
    untilFences = untilFences == null ? List.of() : List.copyOf(untilFences);
  }

  /**
   * True when only the rows changed after P are compared row by row: a final gate, or a precutover
   * catch-up round.
   */
  boolean changedRowsOnly() {
    return !sinceFences.isEmpty() && (mode == ValidationMode.FINAL || catchUp());
  }

  /** A precutover catch-up round: the rows changed between two positions. */
  boolean catchUp() {
    return mode == ValidationMode.PRECUTOVER && !sinceFences.isEmpty() && !untilFences.isEmpty();
  }

  /**
   * The position a precutover request verifies at: its new position for a catch-up round, else P.
   * Differences in rows changed after it are left to a later comparison.
   */
  List<Long> position() {
    return catchUp() ? untilFences : sinceFences;
  }

  /** True when the request covers this table. */
  public boolean covers(ValidatedTable t) {
    return (source == null || source.equals(t.source()))
        && (table == null || table.equals(t.sourceTable()));
  }
}
