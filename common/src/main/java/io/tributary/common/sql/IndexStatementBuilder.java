package io.tributary.common.sql;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.IndexDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.naming.Identifiers;
import io.tributary.common.sql.FinalizeStep.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The finalize steps of the source's unique constraints and secondary indexes ({@code CREATE
 * [UNIQUE] INDEX IF NOT EXISTS}), with the query for the rows that keep an index from being built,
 * and the statements that rebuild an index without them. Builds strings only.
 */
public final class IndexStatementBuilder {
  private IndexStatementBuilder() {}

  static Optional<FinalizeStep> step(TableDef table, IndexDef index) {
    List<String> columns = new ArrayList<>();
    for (String source : index.columns()) {
      Optional<ColumnDef> column =
          table.columns().stream().filter(c -> c.name().equals(source)).findFirst();
      if (column.isEmpty()) {
        return Optional.empty();
      }
      columns.add(column.get().targetName());
    }
    List<String> key = table.keyColumns().stream().map(ColumnDef::targetName).toList();
    if (index.unique() && columns.equals(key)) {
      return Optional.empty(); // the primary key already is this index
    }
    String name =
        index.keepsName()
            ? index.name()
            : FinalizeStatementBuilder.name(
                table.targetTable()
                    + "_"
                    + String.join("_", columns)
                    + (index.unique() ? "_key" : "_idx"));
    return Optional.of(
        new FinalizeStep(
            index.unique() ? Kind.UNIQUE : Kind.INDEX,
            Identifiers.qualified(table.targetSchema(), table.targetTable()),
            "CREATE "
                + (index.unique() ? "UNIQUE " : "")
                + "INDEX IF NOT EXISTS "
                + Identifiers.quote(name)
                + " ON "
                + Identifiers.qualified(table.targetSchema(), table.targetTable())
                + " ("
                + String.join(", ", columns.stream().map(Identifiers::quote).toList())
                + ")"
                + (index.unique() && index.nullsNotDistinct() ? " NULLS NOT DISTINCT" : ""),
            table.keyColumns().isEmpty()
                ? null
                : unbuildable(table, columns, index.unique(), index.nullsNotDistinct())));
  }

  /**
   * The rows that keep an index from being built, for {@link #partialIndex}: for a unique index,
   * the rows whose indexed values another row holds (all but the one of lowest key: the index then
   * still covers every value); for any index, the rows whose index row is too large — the 8-byte
   * header and the indexed values as the table stores them over {@code $1} bytes. Each row as the
   * condition that leaves it out of a partial index ({@code ("id") = ('5'::bigint)}), its key
   * ({@code (5)}) and why, text. Run only after the index failed; at most 1,001 rows.
   */
  private static String unbuildable(
      TableDef table, List<String> columns, boolean unique, boolean nullsNotDistinct) {
    List<ColumnDef> key = table.keyColumns();
    String qualified = Identifiers.qualified(table.targetSchema(), table.targetTable());
    String keyNames =
        String.join(", ", key.stream().map(c -> Identifiers.quote(c.targetName())).toList());
    List<String> values = new ArrayList<>();
    for (ColumnDef column : key) {
      values.add(
          "quote_literal(t."
              + Identifiers.quote(column.targetName())
              + ") || "
              + Identifiers.literal("::" + column.targetSql()));
    }
    String condition =
        Identifiers.literal("(" + keyNames + ") = (")
            + " || "
            + String.join(" || ', ' || ", values)
            + " || ')'";
    String keyText =
        "ROW("
            + String.join(
                ", ", key.stream().map(c -> "t." + Identifiers.quote(c.targetName())).toList())
            + ")::text";
    String indexed =
        String.join(", ", columns.stream().map(c -> "t." + Identifiers.quote(c)).toList());
    String size =
        "8 + "
            + String.join(
                " + ",
                columns.stream()
                    .map(c -> "coalesce(pg_column_size(t." + Identifiers.quote(c) + "), 0)")
                    .toList());
    String oversized =
        "SELECT "
            + condition
            + ", "
            + keyText
            + ", 'its index row takes about ' || ("
            + size
            + ") || ' bytes' FROM "
            + qualified
            + " t WHERE "
            + size
            + " > $1";
    if (!unique) {
      return oversized + " LIMIT 1001";
    }
    String notNull =
        nullsNotDistinct
            ? ""
            : " WHERE "
                + String.join(
                    " AND ",
                    columns.stream().map(c -> Identifiers.quote(c) + " IS NOT NULL").toList());
    String duplicates =
        "SELECT "
            + condition
            + ", "
            + keyText
            + ", 'holds ' || ROW("
            + indexed
            + ")::text || ', as ' || (t._tributary_rows - 1) || ' other row(s) do' FROM (SELECT"
            + " *, count(*) OVER w AS _tributary_rows, row_number() OVER (w ORDER BY "
            + keyNames
            + ") AS _tributary_row FROM "
            + qualified
            + notNull
            + " WINDOW w AS (PARTITION BY "
            + String.join(", ", columns.stream().map(Identifiers::quote).toList())
            + ")) t WHERE t._tributary_rows > 1 AND t._tributary_row > 1";
    return "(" + duplicates + ") UNION ALL (" + oversized + ") LIMIT 1001";
  }

  /**
   * An index step's statement built without some rows: {@code CREATE INDEX ... WHERE NOT (c1 OR
   * c2)}, each condition one row ({@link FinalizeStep#violations} of a {@link Kind#UNIQUE} or
   * {@link Kind#INDEX} step reads them).
   */
  public static String partialIndex(String statement, List<String> conditions) {
    if (conditions.isEmpty()) {
      throw new IllegalArgumentException("a partial index leaves out at least one row");
    }
    return statement + " WHERE NOT (" + String.join(" OR ", conditions) + ")";
  }

  /**
   * Drops the index an index step builds ({@code DROP INDEX IF EXISTS "schema"."name"}), so that a
   * step that built it without some rows ({@link #partialIndex}) can build it again.
   *
   * @param qualified the table as the step records it ({@code "schema"."table"})
   * @param statement the step's statement ({@code CREATE [UNIQUE] INDEX IF NOT EXISTS "name" ...})
   */
  public static String dropIndex(String qualified, String statement) {
    String prefix = statement.startsWith("CREATE UNIQUE ") ? "CREATE UNIQUE " : "CREATE ";
    String rest = statement.substring(prefix.length());
    if (!rest.startsWith("INDEX IF NOT EXISTS ")) {
      throw new IllegalArgumentException("not an index step's statement: " + statement);
    }
    return "DROP INDEX IF EXISTS "
        + leadingIdentifier(qualified)
        + "."
        + leadingIdentifier(rest.substring("INDEX IF NOT EXISTS ".length()));
  }

  /** The quoted identifier a text starts with ({@code "a""b"}). */
  private static String leadingIdentifier(String text) {
    if (!text.startsWith("\"")) {
      throw new IllegalArgumentException("no quoted identifier at the start of: " + text);
    }
    int i = 1;
    while (i < text.length()) {
      if (text.charAt(i) == '"') {
        if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
          i += 2;
          continue;
        }
        return text.substring(0, i + 1);
      }
      i++;
    }
    throw new IllegalArgumentException("an unterminated identifier: " + text);
  }
}
