package io.tributary.validator.deep;

import io.tributary.common.validation.ValidationMode;
import io.tributary.validator.ValidatedTable;
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
 * @param untilFences a final request's fences written under the freeze, where its changes end
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

  /** True when only the rows changed after P are compared row by row (a final gate). */
  boolean changedRowsOnly() {
    return mode == ValidationMode.FINAL && !sinceFences.isEmpty();
  }

  /** True when the request covers this table. */
  public boolean covers(ValidatedTable t) {
    return (source == null || source.equals(t.source()))
        && (table == null || table.equals(t.sourceTable()));
  }
}
