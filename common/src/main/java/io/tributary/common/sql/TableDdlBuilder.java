package io.tributary.common.sql;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Builds the DDL that provisions target schemas and tables. Builds strings only; runs nothing. */
public final class TableDdlBuilder {
  private TableDdlBuilder() {}

  /** {@code CREATE SCHEMA IF NOT EXISTS "schema"} */
  public static String createSchema(String schema) {
    return "CREATE SCHEMA IF NOT EXISTS " + Identifiers.quote(schema);
  }

  /**
   * {@code CREATE TABLE IF NOT EXISTS} with every column, NOT NULL where the source declares it,
   * and the primary key. Secondary indexes and foreign keys are created after the load.
   */
  public static String createTable(TableDef table) {
    List<String> parts = new ArrayList<>();
    for (ColumnDef column : table.columns()) {
      String def = Identifiers.quote(column.targetName()) + " " + column.targetType().sql();
      if (!column.nullable() || column.keyPosition() > 0) {
        def += " NOT NULL";
      }
      parts.add(def);
    }
    List<ColumnDef> key = table.keyColumns();
    if (!key.isEmpty()) {
      parts.add(
          "PRIMARY KEY ("
              + key.stream()
                  .map(c -> Identifiers.quote(c.targetName()))
                  .collect(Collectors.joining(", "))
              + ")");
    }
    return "CREATE TABLE IF NOT EXISTS "
        + Identifiers.qualified(table.targetSchema(), table.targetTable())
        + " (\n  "
        + String.join(",\n  ", parts)
        + "\n)";
  }

  /** All statements for one schema and its tables, in order. */
  public static List<String> provision(String schema, List<TableDef> tables) {
    List<String> statements = new ArrayList<>();
    statements.add(createSchema(schema));
    for (TableDef table : tables) {
      statements.add(createTable(table));
    }
    return statements;
  }
}
