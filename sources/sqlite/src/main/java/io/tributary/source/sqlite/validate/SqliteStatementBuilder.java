package io.tributary.source.sqlite.validate;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.naming.Identifiers;
import io.tributary.source.sqlite.catalog.SqliteRowidRanges;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Builds the statements that read a SQLite source table. Names go through {@link Identifiers};
 * builds strings only, runs nothing.
 */
final class SqliteStatementBuilder {
  private SqliteStatementBuilder() {}

  /** {@code SELECT count(*) FROM "t"} */
  static String count(TableDef table) {
    return "SELECT count(*) FROM " + from(table);
  }

  /** The rows of one rowid range ({@link SqliteRowidRanges#CONDITION}'s two parameters). */
  static String countInRange(TableDef table) {
    return count(table) + " WHERE " + SqliteRowidRanges.CONDITION;
  }

  /** {@code SELECT "a", "b" FROM "t"}: every column, in catalog order. */
  static String selectAll(TableDef table) {
    return "SELECT "
        + table.columns().stream()
            .map(ColumnDef::name)
            .map(Identifiers::quote)
            .collect(Collectors.joining(", "))
        + " FROM "
        + from(table);
  }

  /**
   * The rows whose keys are in the statement's one parameter ({@code KeyLookup#parameter}): {@code
   * SELECT "a", "b" FROM "t" WHERE ("k1", "k2") IN (SELECT json_extract(value, '$[0]'),
   * json_extract(value, '$[1]') FROM json_each(?))}.
   */
  static String selectByKeys(TableDef table) {
    List<ColumnDef> key = table.keyColumns();
    StringBuilder extract = new StringBuilder();
    for (int i = 0; i < key.size(); i++) {
      extract.append(i == 0 ? "" : ", ").append("json_extract(value, '$[").append(i).append("]')");
    }
    return selectAll(table)
        + " WHERE ("
        + key.stream()
            .map(ColumnDef::name)
            .map(Identifiers::quote)
            .collect(Collectors.joining(", "))
        + ") IN (SELECT "
        + extract
        + " FROM json_each(?))";
  }

  /**
   * The source table's quoted name, {@code "t"}: unqualified, so that a sqlite-vec table is read
   * through the TEMP view its connection has of it ({@link
   * io.tributary.source.sqlite.vtab.SqliteVirtualTables#prepare}), which {@code "main"."t"} would
   * bypass; a connection reads one file, so the name is not ambiguous.
   */
  static String quotedTable(TableDef table) {
    return from(table);
  }

  private static String from(TableDef table) {
    return Identifiers.quote(table.sourceTable());
  }
}
