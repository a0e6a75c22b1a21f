package io.tributary.source.sqlite.validate;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.naming.Identifiers;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Builds the statements that read a SQLite source table. Names go through {@link Identifiers};
 * builds strings only, runs nothing.
 */
final class SqliteStatementBuilder {
  /**
   * The unique indexes (the primary key's included) of the table named by the one parameter; none
   * for a view, which the unqualified name finds first when it shadows a table.
   */
  static final String UNIQUE_INDEXES = "SELECT name FROM pragma_index_list(?) WHERE \"unique\" = 1";

  /** The key columns of the index named by the one parameter, in order (not its other columns). */
  static final String INDEX_COLUMNS =
      "SELECT name FROM pragma_index_xinfo(?) WHERE key = 1 ORDER BY seqno";

  private SqliteStatementBuilder() {}

  /** {@code SELECT count(*) FROM "t"} */
  static String count(TableDef table) {
    return "SELECT count(*) FROM " + from(table);
  }

  /** The rows of one range: {@code SELECT count(*) FROM "t" WHERE condition}. */
  static String countInRange(TableDef table, String condition) {
    return count(table) + " WHERE " + condition;
  }

  /**
   * The key of the row a given number of rows on in key order ({@link KeyRanges}): {@code SELECT
   * "k1", "k2" FROM "t" [WHERE ("k1", "k2") > (?, ?)] ORDER BY "k1", "k2" LIMIT 1 OFFSET ?}, after
   * the given key when {@code after} (its values bound first), the offset bound last.
   */
  static String keyBound(TableDef table, boolean after) {
    String keys = keyList(table);
    return "SELECT "
        + keys
        + " FROM "
        + from(table)
        + (after ? " WHERE (" + keys + ") > (" + placeholders(table) + ")" : "")
        + " ORDER BY "
        + keys
        + " LIMIT 1 OFFSET ?";
  }

  /**
   * The condition selecting the rows of a key range: {@code ("k1", "k2") > (?, ?) AND ("k1", "k2")
   * <= (?, ?)}, the lower bound's values bound first; either side left out when the range is open
   * there ({@code 1 = 1} when both are).
   */
  static String keyRange(TableDef table, boolean above, boolean upTo) {
    String keys = "(" + keyList(table) + ")";
    String values = "(" + placeholders(table) + ")";
    List<String> parts = new ArrayList<>(2);
    if (above) {
      parts.add(keys + " > " + values);
    }
    if (upTo) {
      parts.add(keys + " <= " + values);
    }
    return parts.isEmpty() ? "1 = 1" : String.join(" AND ", parts);
  }

  private static String keyList(TableDef table) {
    return table.keyColumns().stream()
        .map(ColumnDef::name)
        .map(Identifiers::quote)
        .collect(Collectors.joining(", "));
  }

  private static String placeholders(TableDef table) {
    return String.join(", ", Collections.nCopies(table.keyColumns().size(), "?"));
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
