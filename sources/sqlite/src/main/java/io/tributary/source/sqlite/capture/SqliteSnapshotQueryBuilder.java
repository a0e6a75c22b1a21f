package io.tributary.source.sqlite.capture;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.naming.Identifiers;
import io.tributary.source.sqlite.catalog.SqliteRowid;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Builds the snapshot's range queries: rows in primary-key order, after a given key, a bounded
 * number at a time. Uses SQLite row values ({@code (a, b) > (?, ?)}), which compare exactly as
 * {@code ORDER BY a, b} sorts, collations included. A table identified by its whole rows is read in
 * rowid order.
 */
public final class SqliteSnapshotQueryBuilder {
  private SqliteSnapshotQueryBuilder() {}

  /** The first chunk: {@code SELECT cols FROM t ORDER BY key LIMIT ?}. */
  public static String first(TableDef table) {
    return select(table) + " ORDER BY " + keyList(table) + " LIMIT ?";
  }

  /**
   * The next chunk: {@code SELECT cols FROM t WHERE (k1, k2) > (?, ?) ORDER BY k1, k2 LIMIT ?}; key
   * values are bound first, then the limit.
   */
  public static String after(TableDef table) {
    int keys = table.wholeRow() ? 1 : table.keyColumns().size();
    return select(table)
        + " WHERE ("
        + keyList(table)
        + ") > ("
        + String.join(", ", Collections.nCopies(keys, "?"))
        + ") ORDER BY "
        + keyList(table)
        + " LIMIT ?";
  }

  /**
   * Every column in catalog order; a table identified by its whole rows has its rowid after them
   * (it is read in rowid order, and the rowid places each row in a chunk).
   */
  private static String select(TableDef table) {
    return "SELECT "
        + table.columns().stream()
            .map(c -> Identifiers.quote(c.name()))
            .collect(Collectors.joining(", "))
        + (table.wholeRow() ? ", " + Identifiers.quote(SqliteRowid.of(table)) : "")
        + " FROM "
        + Identifiers.quote(table.sourceTable());
  }

  /** The key columns, or the rowid of a table identified by its whole rows. */
  private static String keyList(TableDef table) {
    if (table.wholeRow()) {
      return Identifiers.quote(SqliteRowid.of(table));
    }
    List<ColumnDef> key = table.keyColumns();
    return key.stream().map(c -> Identifiers.quote(c.name())).collect(Collectors.joining(", "));
  }
}
