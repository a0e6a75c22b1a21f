package io.tributary.source.spi.validate;

import io.tributary.common.catalog.TableDef;
import io.tributary.common.plan.SourceKind;

/**
 * One table of an active migration, as the control schema describes it.
 *
 * @param migration the migration id
 * @param source the plan's source name
 * @param sourceKind the source's kind; null when the recorded one is unknown to this version
 * @param location where the source is (for SQLite the absolute file path)
 * @param sourceTable the source table name
 * @param topic the Kafka topic of its change events
 * @param definition the recorded catalog of the table; null when it could not be read, then {@code
 *     definitionProblem} says why
 * @param definitionProblem why the definition could not be read, else null
 * @param snapshotDone true once capture has finished the table's snapshot and, for a table loaded
 *     by COPY, apply has built its key (V7__bulk_load.sql); until then its snapshot counts as in
 *     flight
 */
public record ValidatedTable(
    String migration,
    String source,
    SourceKind sourceKind,
    String location,
    String sourceTable,
    String topic,
    TableDef definition,
    String definitionProblem,
    boolean snapshotDone) {

  public TableKey key() {
    return new TableKey(migration, source, sourceTable);
  }
}
