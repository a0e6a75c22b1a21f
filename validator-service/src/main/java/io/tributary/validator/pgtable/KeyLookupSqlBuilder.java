package io.tributary.validator.pgtable;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.naming.Identifiers;
import io.tributary.common.sql.UpsertStatementBuilder;
import java.util.List;

/**
 * Builds the statement that reads the rows of given keys from a PostgreSQL table (the target, or a
 * PostgreSQL source through its view), the keys being its one parameter ({@code
 * KeyLookup#parameter}). Builds strings only.
 */
final class KeyLookupSqlBuilder {
  private KeyLookupSqlBuilder() {}

  /**
   * {@code SELECT ... FROM "s"."t" WHERE ("k1", "k2") IN (SELECT (e->>0)::bigint, (e->>1)::text
   * FROM jsonb_array_elements($1::text::jsonb) e)}: the table's own select list, so rows read as a
   * full scan reads them.
   */
  static String selectByKeys(TableDef table) {
    List<ColumnDef> key = table.keyColumns();
    StringBuilder columns = new StringBuilder();
    StringBuilder values = new StringBuilder();
    for (int i = 0; i < key.size(); i++) {
      ColumnDef c = key.get(i);
      columns.append(i == 0 ? "" : ", ").append(Identifiers.quote(c.targetName()));
      values
          .append(i == 0 ? "" : ", ")
          .append("(e->>")
          .append(i)
          .append(")::")
          .append(c.targetType().sql());
    }
    return UpsertStatementBuilder.selectAll(table)
        + " WHERE ("
        + columns
        + ") IN (SELECT "
        + values
        + " FROM jsonb_array_elements($1::text::jsonb) e)";
  }
}
