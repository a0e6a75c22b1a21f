package io.tributary.validator;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.sql.Identifiers;
import java.util.stream.Collectors;

/**
 * Builds the statements that read a SQLite source table. Names go through {@link Identifiers};
 * builds strings only, runs nothing.
 */
public final class SourceStatementBuilder {
  private SourceStatementBuilder() {}

  /** {@code SELECT count(*) FROM "main"."t"} */
  public static String count(TableDef table) {
    return "SELECT count(*) FROM " + from(table);
  }

  /** {@code SELECT "a", "b" FROM "main"."t"}: every column, in catalog order. */
  public static String selectAll(TableDef table) {
    return "SELECT "
        + table.columns().stream()
            .map(ColumnDef::name)
            .map(Identifiers::quote)
            .collect(Collectors.joining(", "))
        + " FROM "
        + from(table);
  }

  private static String from(TableDef table) {
    String schema =
        table.sourceSchema() == null || table.sourceSchema().isEmpty()
            ? "main"
            : table.sourceSchema();
    return Identifiers.qualified(schema, table.sourceTable());
  }
}
