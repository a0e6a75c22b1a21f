package io.tributary.validator.deep;

import io.tributary.common.validation.ValidationMode;
import io.tributary.validator.ValidatedTable;

/**
 * A deep or final validation asked for in {@code tributary.validation_requests}.
 *
 * @param id the request id
 * @param migration the migration
 * @param mode {@code deep} or {@code final}
 * @param source the plan's source name, null for every source
 * @param table the source table, null for every table
 * @param requestedBy who asked (the operator API, the cutover)
 */
record ValidationRequest(
    long id,
    String migration,
    ValidationMode mode,
    String source,
    String table,
    String requestedBy) {

  /** True when the request covers this table. */
  public boolean covers(ValidatedTable t) {
    return (source == null || source.equals(t.source()))
        && (table == null || table.equals(t.sourceTable()));
  }
}
