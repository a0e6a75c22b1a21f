package io.tributary.common.sql;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.naming.Identifiers;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Builds the set-based statements of apply: one upsert and one delete per table, each taking one
 * array parameter per column ({@code unnest}), so a batch of any size is one statement. Parameter
 * order is the order of {@link TableDef#columns()} for the upsert and of {@link
 * TableDef#keyColumns()} for the delete.
 *
 * <p>How each type is bound ({@link ColumnBinding}):
 *
 * <ul>
 *   <li><b>native arrays</b> for {@code bigint}, {@code integer}, {@code smallint}, {@code double
 *       precision}, {@code real}, {@code text} (also {@code character varying(n)}, {@code
 *       character(n)}), {@code bytea}, {@code boolean}, {@code uuid}, {@code date}, {@code time},
 *       {@code timestamp} and {@code timestamptz}: {@code unnest($1::uuid[])}, which the Vert.x
 *       client sends in binary. The array is of the base type; the column's modifiers ({@code
 *       varchar(20)}, {@code timestamp(3)}) apply on assignment, so PostgreSQL refuses an over-long
 *       value instead of truncating it as an explicit {@code ::varchar(20)} cast would.
 *   <li><b>{@code text[]} cast per element</b>, {@code unnest($1::text[])::jsonb}, for the rest:
 *       <ul>
 *         <li>arrays ({@code integer[]}, {@code "app"."mood"[]}, ...): {@code unnest} of a
 *             two-dimensional array parameter yields its elements, not its rows, so an array column
 *             cannot be bound as an array of arrays; each value goes as its array literal;
 *         <li>{@code vector}, {@code halfvec}, {@code sparsevec} and enums: types the client does
 *             not know, which it can only send as text anyway;
 *         <li>{@code json}/{@code jsonb}: as text the document is written exactly as given (a
 *             {@code json} column keeps its key order and spacing) and a JSON string needs no
 *             special handling;
 *         <li>{@code numeric}: the client sends numeric arrays as text anyway, and its Numeric type
 *             cannot carry {@code Infinity}/{@code -Infinity}, which PostgreSQL's numeric can.
 *       </ul>
 *       The cast is to the type without modifiers ({@code ::numeric}, {@code ::vector}), which
 *       neither rounds nor truncates; PostgreSQL parses every element and refuses a bad one itself
 *       (an unknown enum label, a vector of the wrong length for {@code vector(3)}), and apply
 *       isolates that row.
 * </ul>
 *
 * The snapshot of a table made for a bulk load ({@link BulkLoad}) goes in by {@link #copy} instead;
 * these statements are for batches of changes.
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
    return sql.append(onConflict(table)).toString();
  }

  /**
   * {@code ON CONFLICT (a) DO UPDATE SET b = EXCLUDED.b} (or {@code DO NOTHING} when every column
   * is in the key): what makes an insert of a keyed table's rows an upsert.
   */
  static String onConflict(TableDef table) {
    List<ColumnDef> key = table.keyColumns();
    if (key.isEmpty()) {
      throw new IllegalArgumentException("table " + table.qualifiedSourceName() + " has no key");
    }
    StringBuilder sql = new StringBuilder(" ON CONFLICT (").append(columnList(key)).append(")");
    List<ColumnDef> rest = table.columns().stream().filter(c -> c.keyPosition() == 0).toList();
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

  /**
   * {@code DELETE FROM t WHERE (a, b) IN (SELECT unnest($1::bigint[]), unnest($2::text[]))}; a
   * {@code character(n)} key is compared as {@code bpchar} (as text, PostgreSQL would compare the
   * stored value without its padding to the padded one, and find nothing).
   */
  public static String delete(TableDef table) {
    List<ColumnDef> key = table.keyColumns();
    if (key.isEmpty()) {
      throw new IllegalArgumentException("table " + table.qualifiedSourceName() + " has no key");
    }
    List<String> expressions = unnestExpressions(key, 1);
    for (int i = 0; i < key.size(); i++) {
      expressions.set(i, expressions.get(i) + ColumnBinding.comparableCast(key.get(i)));
    }
    return "DELETE FROM "
        + readFrom(table)
        + " WHERE ("
        + columnList(key)
        + ") IN (SELECT "
        + String.join(", ", expressions)
        + ")";
  }

  /**
   * {@code INSERT INTO t (a, b) SELECT unnest($1::bigint[]), unnest($2::text[])}: the rows of a
   * table identified by its whole rows ({@link io.tributary.common.catalog.RowIdentity#WHOLE_ROW}),
   * each row once per copy; no conflict is possible, since nothing is unique.
   */
  public static String insert(TableDef table) {
    List<ColumnDef> columns = table.columns();
    return "INSERT INTO "
        + Identifiers.qualified(table.targetSchema(), table.targetTable())
        + " ("
        + columnList(columns)
        + ") SELECT "
        + unnestList(columns, 1);
  }

  /**
   * Deletes given numbers of copies of rows of a table identified by its whole rows: one parameter
   * per column as for {@link #insert} (each distinct row once), then an {@code int[]} of how many
   * copies of each to delete. Each row is matched by every column ({@code =} for NOT NULL columns,
   * so PostgreSQL can hash the join, {@code IS NOT DISTINCT FROM} for the others), with the
   * equality apply counts copies by ({@link io.tributary.common.value.RowCanonicalizer}): json as
   * {@code jsonb} (json has no equality; key order and spacing do not count), arrays of json as
   * {@code jsonb[]}, {@code character(n)} against a blank-padded value; of its matches, the wanted
   * number, by {@code ctid}, are deleted. Deleting more copies than the table holds deletes those
   * it holds.
   */
  public static String deleteRows(TableDef table) {
    List<ColumnDef> columns = table.columns();
    String target = readFrom(table); // ctids are unique in one table only
    int countParameter =
        columns.size()
            + 1
            + 2 * (int) columns.stream().filter(ColumnBinding::bindsAsFloats).count();
    StringBuilder wanted = new StringBuilder();
    StringBuilder match = new StringBuilder();
    List<String> expressions = unnestExpressions(columns, 1);
    for (int i = 0; i < columns.size(); i++) {
      ColumnDef column = columns.get(i);
      wanted.append(expressions.get(i)).append(" AS c").append(i + 1).append(", ");
      String left = "x." + Identifiers.quote(column.targetName());
      String right = "d.c" + (i + 1) + ColumnBinding.comparableCast(column);
      String cast = ColumnBinding.jsonComparison(column);
      left += cast;
      right += cast;
      match
          .append(i == 0 ? "" : " AND ")
          .append(left)
          .append(column.nullable() ? " IS NOT DISTINCT FROM " : " = ")
          .append(right);
    }
    return "DELETE FROM "
        + target
        + " WHERE ctid = ANY (ARRAY(SELECT m.ctid FROM (SELECT x.ctid, d.tributary_n,"
        + " row_number() OVER (PARTITION BY d.tributary_ord ORDER BY x.ctid) AS tributary_rn"
        + " FROM (SELECT row_number() OVER () AS tributary_ord, u.* FROM (SELECT "
        + wanted
        + "unnest($"
        + countParameter
        + "::int[]) AS tributary_n) AS u) AS d JOIN "
        + target
        + " AS x ON "
        + (match.isEmpty() ? "true" : match)
        + ") AS m WHERE m.tributary_rn <= m.tributary_n))";
  }

  /**
   * {@code TRUNCATE ONLY t}: empties the target table when a restarted snapshot replaces what an
   * earlier one wrote. It fails, rather than cascading, when another table's foreign key references
   * the table.
   */
  public static String truncate(TableDef table) {
    return "TRUNCATE ONLY " + Identifiers.qualified(table.targetSchema(), table.targetTable());
  }

  /**
   * {@code COPY t (a, b, "_tributary_partition", "_tributary_offset", "_tributary_key") FROM STDIN
   * (FORMAT binary)}: a bulk-loaded table's snapshot rows ({@link BulkLoad}), every column in
   * catalog order, then the provenance of each row ({@link BulkLoad#PROVENANCE}).
   */
  public static String copy(TableDef table) {
    return copy(table, true);
  }

  /**
   * As {@link #copy(TableDef)}; without {@code provenance}, only the table's own columns (a table
   * provisioned before the provenance columns existed).
   */
  public static String copy(TableDef table, boolean provenance) {
    return "COPY "
        + Identifiers.qualified(table.targetSchema(), table.targetTable())
        + " ("
        + columnList(table.columns())
        + (provenance
            ? BulkLoad.PROVENANCE.stream()
                .map(Identifiers::quote)
                .collect(Collectors.joining(", ", ", ", ""))
            : "")
        + ") FROM STDIN (FORMAT binary)";
  }

  /** {@code SELECT count(*) FROM t} */
  public static String count(TableDef table) {
    return "SELECT count(*) FROM " + readFrom(table);
  }

  /**
   * The table a read, an update or a delete takes its rows from: {@code "s"."t"}, or {@code ONLY
   * "s"."t"} when its inheritance children's rows are not its own ({@link TableDef#ownRowsOnly}):
   * without it, PostgreSQL would reach their rows too.
   */
  public static String readFrom(TableDef table) {
    return (table.ownRowsOnly() ? "ONLY " : "")
        + Identifiers.qualified(table.targetSchema(), table.targetTable());
  }

  /**
   * Every column of the target table in catalog order (for checksums); columns bound as text are
   * read as text ({@link ColumnBinding#selectExpression}), to be parsed with {@link
   * io.tributary.common.value.PostgresText#parse}.
   */
  public static String selectAll(TableDef table) {
    return "SELECT "
        + table.columns().stream()
            .map(ColumnBinding::selectExpression)
            .collect(Collectors.joining(", "))
        + " FROM "
        + readFrom(table);
  }

  static String columnList(List<ColumnDef> columns) {
    return columns.stream()
        .map(c -> Identifiers.quote(c.targetName()))
        .collect(Collectors.joining(", "));
  }

  /**
   * One parameter per column, in order; a column {@link ColumnBinding#bindsAsFloats bound as
   * floats} takes two more after all the columns' (its lengths, then its floats), in column order.
   */
  private static String unnestList(List<ColumnDef> columns, int firstParameter) {
    return String.join(", ", unnestExpressions(columns, firstParameter));
  }

  /** The expressions of {@link #unnestList}, one per column. */
  private static List<String> unnestExpressions(List<ColumnDef> columns, int firstParameter) {
    List<String> out = new ArrayList<>(columns.size());
    int extra = firstParameter + columns.size();
    for (int i = 0; i < columns.size(); i++) {
      ColumnDef column = columns.get(i);
      if (ColumnBinding.bindsAsFloats(column)) {
        out.add(ColumnBinding.unnestFloats(column, firstParameter + i, extra, extra + 1));
        extra += 2;
      } else {
        out.add(ColumnBinding.unnest(column, firstParameter + i));
      }
    }
    return out;
  }
}
