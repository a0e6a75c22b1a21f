package io.tributary.validator;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.sql.Identifiers;
import io.tributary.common.sql.UpsertStatementBuilder;
import java.util.stream.Collectors;

/**
 * Builds the statements that read a source table: for SQLite the statements here, for PostgreSQL
 * the target's own ({@link UpsertStatementBuilder#count}, {@link UpsertStatementBuilder#selectAll})
 * on a {@link #postgresView view} of the definition that names the source's schema, table and
 * columns. Names go through {@link Identifiers}; builds strings only, runs nothing.
 */
public final class SourceStatementBuilder {
  private SourceStatementBuilder() {}

  /** {@code SELECT count(*) FROM "t"} */
  public static String count(TableDef table) {
    return "SELECT count(*) FROM " + from(table);
  }

  /** {@code SELECT "a", "b" FROM "t"}: every column, in catalog order. */
  public static String selectAll(TableDef table) {
    return "SELECT "
        + table.columns().stream()
            .map(ColumnDef::name)
            .map(Identifiers::quote)
            .collect(Collectors.joining(", "))
        + " FROM "
        + from(table);
  }

  /**
   * A PostgreSQL source table as the target-side reading code reads it: the recorded definition
   * with the source's schema, table and column names in place of the target's. Column types stay as
   * recorded: a PostgreSQL source's columns have their target's types, so its rows read to the same
   * values (and checksums) as the target's.
   */
  public static TableDef postgresView(TableDef table) {
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

  /**
   * The source table's quoted name, {@code "t"}: unqualified, so that a sqlite-vec table is read
   * through the TEMP view its connection has of it ({@link
   * io.tributary.source.sqlite.catalog.SqliteVirtualTables#prepare}), which {@code "main"."t"}
   * would bypass; a connection reads one file, so the name is not ambiguous.
   */
  public static String quotedTable(TableDef table) {
    return from(table);
  }

  private static String from(TableDef table) {
    return Identifiers.quote(table.sourceTable());
  }
}
