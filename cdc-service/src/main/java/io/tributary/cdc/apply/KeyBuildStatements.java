package io.tributary.cdc.apply;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.RowIdentity;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.naming.Identifiers;
import io.tributary.common.sql.BulkLoad;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The SQL {@link KeyBuilder} runs on a bulk-loaded table whose key does not build ({@link
 * io.tributary.common.sql.TableDdlBuilder#addKey}): finding the rows that keep it from being built
 * by their provenance ({@link BulkLoad#PROVENANCE}) and removing them. Builds strings only; runs
 * nothing.
 *
 * <p>The rows it reads ({@link #duplicates}, {@link #oversized}, {@link #rowAt}) come as {@link
 * KeyRefusals.LoadedRow} reads them: {@code ctid} as text, the record's partition, offset and key,
 * the row as JSON (its own columns), its key's values as text, then what the query adds.
 */
final class KeyBuildStatements {
  private KeyBuildStatements() {}

  /**
   * Removes the copies of one source row that at-least-once delivery brought more than once (a
   * capture restarted mid-snapshot reads rows again): among the rows sharing a target key, those of
   * the same record key — and, for a key the plan names ({@link RowIdentity#DECLARED}), which the
   * source does not hold unique, the same values too — are one source row, and all but the copy
   * delivered last (the highest Kafka offset: a record key's copies share its partition) are
   * deleted. What stays of a target key held more than once is then rows of different source rows.
   */
  static String removeCopies(TableDef table) {
    String target = target(table);
    String sameRow = keyList(table, "t.") + ", t." + quote(BulkLoad.KEY_COLUMN);
    if (table.rowIdentity() == RowIdentity.DECLARED) {
      sameRow += ", " + rowJson("t");
    }
    return "DELETE FROM "
        + target
        + " WHERE ctid = ANY (ARRAY(SELECT c FROM (SELECT t.ctid AS c, row_number() OVER"
        + " (PARTITION BY "
        + sameRow
        + " ORDER BY t."
        + quote(BulkLoad.OFFSET_COLUMN)
        + " DESC, t.ctid DESC) AS n FROM "
        + target
        + " t "
        + joinDuplicated(table)
        + ") r WHERE n > 1))";
  }

  /**
   * The rows whose target key other rows hold too, each with the number of its key's group (the
   * same number for rows whose keys are equal as the key's index compares them), by group and in
   * the order they were written ({@code ctid}).
   */
  static String duplicates(TableDef table) {
    return "SELECT "
        + projection(table)
        + ", dense_rank() OVER (ORDER BY "
        + keyList(table, "t.")
        + ") FROM "
        + target(table)
        + " t "
        + joinDuplicated(table)
        + " ORDER BY "
        + (KeyRefusals.LoadedRow.WIDTH + 1)
        + ", t.ctid";
  }

  /**
   * The rows whose key takes more than an index row may hold ($1, the limit PostgreSQL named, in
   * bytes): the index row's 8-byte header and the key's values as the table stores them (after
   * compression, as an index stores them) already exceed it. Each with the size of each key column,
   * in key order.
   */
  static String oversized(TableDef table) {
    String sum =
        table.keyColumns().stream()
            .map(c -> "pg_column_size(t." + quote(c.targetName()) + ")")
            .collect(Collectors.joining(" + "));
    return withKeySizes(table, "8 + " + sum + " > $1 ORDER BY t.ctid");
  }

  /**
   * The row at a {@code ctid} ($1, as text), with the size of each key column, as {@link
   * #oversized}.
   */
  static String rowAt(TableDef table) {
    return withKeySizes(table, "t.ctid = $1::tid");
  }

  /** The rows matching {@code where}, each with the size of each key column. */
  private static String withKeySizes(TableDef table, String where) {
    String sizes =
        table.keyColumns().stream()
            .map(c -> "pg_column_size(t." + quote(c.targetName()) + ")")
            .collect(Collectors.joining(", "));
    return "SELECT "
        + projection(table)
        + ", "
        + sizes
        + " FROM "
        + target(table)
        + " t WHERE "
        + where;
  }

  /** Deletes rows by {@code ctid} ($1, as text). */
  static String deleteRows(TableDef table) {
    return "DELETE FROM " + target(table) + " WHERE ctid = ANY ($1::text[]::tid[])";
  }

  /**
   * Removes the older copies of keys held more than once, by the order rows were written (the
   * highest {@code ctid} stays): the key build of a table provisioned before the provenance columns
   * existed, which cannot tell copies from colliding rows.
   */
  static String removeOlderByPosition(TableDef table) {
    String target = target(table);
    String match =
        table.keyColumns().stream()
            .map(c -> "t." + quote(c.targetName()) + " = d." + quote(c.targetName()))
            .collect(Collectors.joining(" AND "));
    return "DELETE FROM "
        + target
        + " t USING (SELECT "
        + keyList(table, "")
        + ", max(ctid) AS keep FROM "
        + target
        + " GROUP BY "
        + keyList(table, "")
        + " HAVING count(*) > 1) d WHERE "
        + match
        + " AND t.ctid <> d.keep";
  }

  /**
   * What each read row starts with: {@code ctid}, partition, offset, record key, the row's own
   * columns as JSON, its key's values, its place in its snapshot chunk (null for a row that came in
   * a record of its own, or a table made before chunks).
   */
  private static String projection(TableDef table) {
    return "t.ctid::text, t."
        + quote(BulkLoad.PARTITION_COLUMN)
        + ", t."
        + quote(BulkLoad.OFFSET_COLUMN)
        + ", t."
        + quote(BulkLoad.KEY_COLUMN)
        + ", "
        + rowJson("t")
        + "::text, ROW("
        + keyList(table, "t.")
        + ")::text, (to_jsonb(t) ->> "
        + Identifiers.literal(BulkLoad.ROW_COLUMN)
        + ")::integer";
  }

  /** The row's own columns as {@code jsonb}: every column but the load ones. */
  private static String rowJson(String alias) {
    return "(to_jsonb("
        + alias
        + ")"
        + BulkLoad.LOAD_COLUMNS.stream()
            .map(c -> " - " + Identifiers.literal(c))
            .collect(Collectors.joining())
        + ")";
  }

  /** Joins the table ({@code t}) to the keys it holds more than once. */
  private static String joinDuplicated(TableDef table) {
    String match =
        table.keyColumns().stream()
            .map(c -> "t." + quote(c.targetName()) + " = d." + quote(c.targetName()))
            .collect(Collectors.joining(" AND "));
    return "JOIN (SELECT "
        + keyList(table, "")
        + " FROM "
        + target(table)
        + " GROUP BY "
        + keyList(table, "")
        + " HAVING count(*) > 1) d ON "
        + match;
  }

  private static String keyList(TableDef table, String prefix) {
    List<ColumnDef> key = table.keyColumns();
    if (key.isEmpty()) {
      throw new IllegalArgumentException("table " + table.qualifiedSourceName() + " has no key");
    }
    return key.stream().map(c -> prefix + quote(c.targetName())).collect(Collectors.joining(", "));
  }

  private static String target(TableDef table) {
    return Identifiers.qualified(table.targetSchema(), table.targetTable());
  }

  private static String quote(String name) {
    return Identifiers.quote(name);
  }
}
