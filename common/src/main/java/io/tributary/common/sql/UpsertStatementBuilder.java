package io.tributary.common.sql;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Builds the set-based statements of apply: one upsert and one delete per table, each taking one
 * array parameter per column ({@code unnest}), so a batch of any size is one statement. Parameter
 * order is the order of {@link TableDef#columns()} for the upsert and of {@link
 * TableDef#keyColumns()} for the delete.
 */
public final class UpsertStatementBuilder {
  private UpsertStatementBuilder() {}

  /**
   * {@code INSERT INTO t (a, b) SELECT unnest($1::bigint[]), unnest($2::text[]) ON CONFLICT (a) DO
   * UPDATE SET b = EXCLUDED.b}. One {@code unnest} per column in the select list (zipped by
   * PostgreSQL), which has no limit on the number of columns.
   */
  public static String upsert(TableDef table) {
    List<ColumnDef> columns = table.columns();
    StringBuilder sql =
        new StringBuilder("INSERT INTO ")
            .append(Identifiers.qualified(table.targetSchema(), table.targetTable()))
            .append(" (")
            .append(columnList(columns))
            .append(") SELECT ")
            .append(unnestList(columns, 1));
    List<ColumnDef> key = table.keyColumns();
    if (key.isEmpty()) {
      throw new IllegalArgumentException("table " + table.qualifiedSourceName() + " has no key");
    }
    sql.append(" ON CONFLICT (").append(columnList(key)).append(")");
    List<ColumnDef> rest = columns.stream().filter(c -> c.keyPosition() == 0).toList();
    if (rest.isEmpty()) {
      sql.append(" DO NOTHING");
    } else {
      sql.append(" DO UPDATE SET ")
          .append(
              rest.stream()
                  .map(
                      c ->
                          Identifiers.quote(c.targetName())
                              + " = EXCLUDED."
                              + Identifiers.quote(c.targetName()))
                  .collect(Collectors.joining(", ")));
    }
    return sql.toString();
  }

  /** {@code DELETE FROM t WHERE (a, b) IN (SELECT unnest($1::bigint[]), unnest($2::text[]))} */
  public static String delete(TableDef table) {
    List<ColumnDef> key = table.keyColumns();
    if (key.isEmpty()) {
      throw new IllegalArgumentException("table " + table.qualifiedSourceName() + " has no key");
    }
    return "DELETE FROM "
        + Identifiers.qualified(table.targetSchema(), table.targetTable())
        + " WHERE ("
        + columnList(key)
        + ") IN (SELECT "
        + unnestList(key, 1)
        + ")";
  }

  /** {@code SELECT count(*) FROM t} */
  public static String count(TableDef table) {
    return "SELECT count(*) FROM "
        + Identifiers.qualified(table.targetSchema(), table.targetTable());
  }

  /** Every column of the target table in catalog order (for checksums). */
  public static String selectAll(TableDef table) {
    return "SELECT "
        + columnList(table.columns())
        + " FROM "
        + Identifiers.qualified(table.targetSchema(), table.targetTable());
  }

  private static String columnList(List<ColumnDef> columns) {
    return columns.stream()
        .map(c -> Identifiers.quote(c.targetName()))
        .collect(Collectors.joining(", "));
  }

  private static String unnestList(List<ColumnDef> columns, int firstParameter) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < columns.size(); i++) {
      if (i > 0) {
        out.append(", ");
      }
      out.append("unnest($")
          .append(firstParameter + i)
          .append("::")
          .append(columns.get(i).targetType().arraySql())
          .append(")");
    }
    return out.toString();
  }
}
