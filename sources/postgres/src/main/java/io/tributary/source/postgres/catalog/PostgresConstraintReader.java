package io.tributary.source.postgres.catalog;

import io.tributary.common.catalog.IndexDef;
import io.tributary.common.catalog.PostgresForeignKey;
import io.tributary.common.catalog.TableDef;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what finalize carries over from a PostgreSQL source: the migrated tables' secondary indexes
 * and unique constraints on plain columns ({@link #PLAIN}: not the primary key, not expression or
 * partial indexes, not another access method, operator class, collation or order; {@code NULLS NOT
 * DISTINCT} kept, read so that sources before PostgreSQL 15 answer too), and their foreign keys to
 * other migrated tables (composite ones too, with their actions and deferrability). Reads only.
 */
public final class PostgresConstraintReader {
  /**
   * Whether the index {@code i} ({@code pg_index}) is one {@link IndexDef} represents: a btree on
   * plain columns, each in its default operator class and its column's collation, ascending with
   * NULLs last, without {@code INCLUDE} columns, expressions or a predicate. Any other keeps its
   * full definition ({@code io.tributary.source.postgres.objects.PostgresIndexDefinitions}).
   */
  public static final String PLAIN =
      "(i.indexprs IS NULL AND i.indpred IS NULL AND i.indnkeyatts = i.indnatts"
          + " AND (SELECT m.amname FROM pg_catalog.pg_class x JOIN pg_catalog.pg_am m"
          + " ON m.oid = x.relam WHERE x.oid = i.indexrelid) = 'btree'"
          + " AND NOT EXISTS (SELECT 1 FROM ROWS FROM ("
          + "pg_catalog.unnest(i.indkey::pg_catalog.int2[]),"
          + " pg_catalog.unnest(i.indclass::pg_catalog.oid[]),"
          + " pg_catalog.unnest(i.indcollation::pg_catalog.oid[]),"
          + " pg_catalog.unnest(i.indoption::pg_catalog.int2[])) u(attnum, opc, coll, opt)"
          + " JOIN pg_catalog.pg_opclass o ON o.oid = u.opc"
          + " JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = u.attnum"
          + " WHERE u.opt <> 0 OR NOT o.opcdefault OR u.coll <> a.attcollation))";

  static final String INDEXES =
      """
      SELECT n.nspname, c.relname, ic.relname AS index_name, i.indisunique,
             array(SELECT a.attname FROM unnest(i.indkey) WITH ORDINALITY k(attnum, ord)
                     JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
                    ORDER BY k.ord) AS columns,
             %s AS plain,
             coalesce((to_jsonb(i) ->> 'indnullsnotdistinct')::boolean, false)
               AS nulls_not_distinct
        FROM pg_index i
        JOIN pg_class c ON c.oid = i.indrelid
        JOIN pg_class ic ON ic.oid = i.indexrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE NOT i.indisprimary AND i.indexprs IS NULL AND i.indpred IS NULL
         AND n.nspname = ANY (?)
       ORDER BY 1, 2, 3"""
          .formatted(PLAIN);

  static final String FOREIGN_KEYS =
      """
      SELECT n.nspname, c.relname, k.conname,
             array(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY u(attnum, ord)
                     JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.attnum
                    ORDER BY u.ord) AS columns,
             rn.nspname AS ref_schema, rc.relname AS ref_table,
             array(SELECT a.attname FROM unnest(k.confkey) WITH ORDINALITY u(attnum, ord)
                     JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.attnum
                    ORDER BY u.ord) AS ref_columns,
             k.confupdtype::text AS on_update, k.confdeltype::text AS on_delete,
             k.confmatchtype = 'f' AS match_full, k.condeferrable, k.condeferred
        FROM pg_constraint k
        JOIN pg_class c ON c.oid = k.conrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_class rc ON rc.oid = k.confrelid
        JOIN pg_namespace rn ON rn.oid = rc.relnamespace
       WHERE k.contype = 'f' AND n.nspname = ANY (?)
       ORDER BY 1, 2, 3""";

  private PostgresConstraintReader() {}

  /**
   * The indexes of the migrated tables, by source table name.
   *
   * @param schemas the source schemas migrated
   */
  public static Map<String, List<IndexDef>> indexes(
      Connection connection, List<String> schemas, List<TableDef> tables) throws SQLException {
    Map<String, List<IndexDef>> out = new HashMap<>();
    try (PreparedStatement st = connection.prepareStatement(INDEXES)) {
      st.setArray(1, connection.createArrayOf("text", schemas.toArray()));
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          TableDef table = find(tables, rs.getString(1), rs.getString(2));
          if (table == null || !rs.getBoolean("plain")) {
            continue;
          }
          Array columns = rs.getArray("columns");
          out.computeIfAbsent(table.sourceTable(), k -> new ArrayList<>())
              .add(
                  new IndexDef(
                      table.sourceTable(),
                      rs.getString("index_name"),
                      rs.getBoolean("indisunique"),
                      List.of((String[]) columns.getArray()),
                      rs.getBoolean("nulls_not_distinct"),
                      true));
        }
      }
    }
    return out;
  }

  /**
   * The foreign keys between migrated tables, by source table name: single-column and composite,
   * with their actions, match type and deferrability, in the target's names.
   */
  public static Map<String, List<PostgresForeignKey>> foreignKeys(
      Connection connection, List<String> schemas, List<TableDef> tables) throws SQLException {
    Map<String, List<PostgresForeignKey>> keys = new HashMap<>();
    try (PreparedStatement st = connection.prepareStatement(FOREIGN_KEYS)) {
      st.setArray(1, connection.createArrayOf("text", schemas.toArray()));
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          TableDef table = find(tables, rs.getString(1), rs.getString(2));
          TableDef referenced = find(tables, rs.getString("ref_schema"), rs.getString("ref_table"));
          if (table == null || referenced == null) {
            continue;
          }
          List<String> columns = new ArrayList<>();
          for (String column : (String[]) rs.getArray("columns").getArray()) {
            columns.add(table.column(column).targetName());
          }
          List<String> refColumns = new ArrayList<>();
          for (String column : (String[]) rs.getArray("ref_columns").getArray()) {
            refColumns.add(referenced.column(column).targetName());
          }
          keys.computeIfAbsent(table.sourceTable(), k -> new ArrayList<>())
              .add(
                  new PostgresForeignKey(
                      rs.getString("conname"),
                      columns,
                      referenced.targetSchema(),
                      referenced.targetTable(),
                      refColumns,
                      PostgresForeignKey.action(rs.getString("on_update")),
                      PostgresForeignKey.action(rs.getString("on_delete")),
                      rs.getBoolean("match_full"),
                      rs.getBoolean("condeferrable"),
                      rs.getBoolean("condeferred")));
        }
      }
    }
    return keys;
  }

  private static TableDef find(List<TableDef> tables, String schema, String name) {
    return tables.stream()
        .filter(t -> t.sourceSchema().equals(schema) && t.sourceTable().equals(name))
        .findFirst()
        .orElse(null);
  }
}
