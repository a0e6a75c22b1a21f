package io.tributary.cdc.apply;

import io.tributary.common.catalog.TableDef;
import io.tributary.common.sql.UpsertStatementBuilder;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.List;

/**
 * A table apply writes to, with its statements built once.
 *
 * @param migration the migration it belongs to
 * @param definition its catalog entry
 * @param upsertSql the set-based upsert
 * @param deleteSql the set-based delete
 * @param truncateSql empties the table (a restarted snapshot replaces it)
 * @param bulkLoad whether provisioning made it without its key, for its snapshot to be copied
 *     ({@link io.tributary.common.sql.BulkLoad}; {@code tributary.tables.bulk_load})
 * @param copySql the {@code COPY} of its snapshot rows (set only for a bulk-loaded table)
 * @param provenance whether its rows are copied with their record's partition, offset and key
 *     ({@link io.tributary.common.sql.BulkLoad#PROVENANCE}): every bulk-loaded table provisioned
 *     since they exist; the key build needs them to reject the rows that keep the key from being
 *     built
 * @param chunked whether its snapshot arrives as chunks on its source's snapshot topic ({@code
 *     tributary.sources.snapshot_chunks}): its changes wait until it is loaded
 */
public record AppliedTable(
    String migration,
    TableDef definition,
    String upsertSql,
    String deleteSql,
    String truncateSql,
    boolean bulkLoad,
    String copySql,
    boolean provenance,
    boolean chunked) {
  /**
   * The table's statements: upsert and delete by key, or, for a table identified by its whole rows,
   * insert and delete of copies of rows ({@link WholeRowReducer}).
   */
  public static AppliedTable of(String migration, TableDef definition) {
    return of(migration, definition, false);
  }

  /** As {@link #of(String, TableDef)}, for a table provisioned for a bulk load or not. */
  public static AppliedTable of(String migration, TableDef definition, boolean bulkLoad) {
    return of(migration, definition, bulkLoad, bulkLoad);
  }

  /**
   * As {@link #of(String, TableDef, boolean)}; {@code provenance} false for a bulk-loaded table
   * provisioned before the provenance columns existed.
   */
  public static AppliedTable of(
      String migration, TableDef definition, boolean bulkLoad, boolean provenance) {
    return of(migration, definition, bulkLoad, provenance, false);
  }

  /**
   * As {@link #of(String, TableDef, boolean, boolean)}, of a table whose snapshot is chunked or
   * not.
   */
  public static AppliedTable of(
      String migration,
      TableDef definition,
      boolean bulkLoad,
      boolean provenance,
      boolean chunked) {
    boolean wholeRow = definition.wholeRow();
    return new AppliedTable(
        migration,
        definition,
        wholeRow
            ? UpsertStatementBuilder.insert(definition)
            : UpsertStatementBuilder.upsert(definition),
        wholeRow
            ? UpsertStatementBuilder.deleteRows(definition)
            : UpsertStatementBuilder.delete(definition),
        UpsertStatementBuilder.truncate(definition),
        bulkLoad,
        bulkLoad ? UpsertStatementBuilder.copy(definition, provenance) : null,
        bulkLoad && provenance,
        chunked);
  }

  /**
   * The parameters of the delete of some of a work's rows: their key values, and for a table
   * identified by its whole rows every value and how many copies to delete.
   */
  Tuple deleteParameters(List<Object[]> rows, List<Integer> counts) {
    if (!definition.wholeRow()) {
      return ColumnArrays.of(definition.keyColumns(), rows);
    }
    return ColumnArrays.of(definition.columns(), rows).addValue(counts.toArray(Integer[]::new));
  }
}
