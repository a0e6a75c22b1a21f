package io.tributary.cdc.apply;

import io.tributary.common.catalog.TableDef;
import io.tributary.common.sql.UpsertStatementBuilder;

/**
 * A table apply writes to, with its statements built once.
 *
 * @param migration the migration it belongs to
 * @param definition its catalog entry
 * @param upsertSql the set-based upsert
 * @param deleteSql the set-based delete
 * @param truncateSql empties the table (a restarted snapshot replaces it)
 */
public record AppliedTable(
    String migration, TableDef definition, String upsertSql, String deleteSql, String truncateSql) {
  public static AppliedTable of(String migration, TableDef definition) {
    return new AppliedTable(
        migration,
        definition,
        UpsertStatementBuilder.upsert(definition),
        UpsertStatementBuilder.delete(definition),
        UpsertStatementBuilder.truncate(definition));
  }
}
