package io.tributary.source.postgres.validate;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.sql.UpsertStatementBuilder;

/**
 * A PostgreSQL source table as the target-side reading code reads it: the recorded definition with
 * the source's schema, table and column names in place of the target's, so that the target's own
 * statements ({@link UpsertStatementBuilder#count}, {@link UpsertStatementBuilder#selectAll}) read
 * the source. Column types stay as recorded: a PostgreSQL source's columns have their target's
 * types, so its rows read to the same values (and checksums) as the target's.
 */
final class PostgresSourceView {
  private PostgresSourceView() {}

  /** The view of {@code table}'s recorded definition. */
  static TableDef of(TableDef table) {
    return new TableDef(
        table.source(),
        table.sourceSchema(),
        table.sourceTable(),
        table.sourceSchema(),
        table.sourceTable(),
        table.topic(),
        table.columns().stream()
            .map(
                c ->
                    new ColumnDef(
                        c.name(),
                        c.sourceType(),
                        c.name(),
                        c.targetType(),
                        c.keyPosition(),
                        c.nullable(),
                        c.targetSql(),
                        c.elementType(),
                        c.identity()))
            .toList(),
        table.identity(),
        table.identityIndex());
  }
}
