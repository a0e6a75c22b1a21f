package io.tributary.common.catalog;

import io.tributary.common.cast.TableExtras;
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
 * and unique constraints on plain columns (not the primary key, not expression or partial indexes),
 * and their single-column foreign keys to other migrated tables. Reads only.
 */
public final class PostgresConstraintReader {
  static final String INDEXES =
      """
      SELECT n.nspname, c.relname, ic.relname AS index_name, i.indisunique,
             array(SELECT a.attname FROM unnest(i.indkey) WITH ORDINALITY k(attnum, ord)
                     JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
                    ORDER BY k.ord) AS columns,
             i.indnkeyatts = array_length(i.indkey, 1) AND 0 <> ALL (i.indkey) AS plain
        FROM pg_index i
        JOIN pg_class c ON c.oid = i.indrelid
        JOIN pg_class ic ON ic.oid = i.indexrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE NOT i.indisprimary AND i.indexprs IS NULL AND i.indpred IS NULL
         AND n.nspname = ANY (?)
       ORDER BY 1, 2, 3""";

  static final String FOREIGN_KEYS =
      """
      SELECT n.nspname, c.relname, a.attname, rn.nspname AS ref_schema, rc.relname AS ref_table,
             ra.attname AS ref_column
        FROM pg_constraint k
        JOIN pg_class c ON c.oid = k.conrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_class rc ON rc.oid = k.confrelid
        JOIN pg_namespace rn ON rn.oid = rc.relnamespace
        JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
        JOIN pg_attribute ra ON ra.attrelid = k.confrelid AND ra.attnum = k.confkey[1]
       WHERE k.contype = 'f' AND array_length(k.conkey, 1) = 1 AND n.nspname = ANY (?)
       ORDER BY 1, 2, k.conname""";

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
                      List.of((String[]) columns.getArray())));
        }
      }
    }
    return out;
  }

  /** Single-column foreign keys between migrated tables, as finalize extras by source table. */
  public static Map<String, TableExtras> foreignKeys(
      Connection connection, List<String> schemas, List<TableDef> tables) throws SQLException {
    Map<String, List<TableExtras.ForeignKeyDef>> keys = new HashMap<>();
    try (PreparedStatement st = connection.prepareStatement(FOREIGN_KEYS)) {
      st.setArray(1, connection.createArrayOf("text", schemas.toArray()));
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          TableDef table = find(tables, rs.getString(1), rs.getString(2));
          TableDef referenced = find(tables, rs.getString("ref_schema"), rs.getString("ref_table"));
          if (table == null || referenced == null) {
            continue;
          }
          keys.computeIfAbsent(table.sourceTable(), k -> new ArrayList<>())
              .add(
                  new TableExtras.ForeignKeyDef(
                      table.column(rs.getString("attname")).targetName(),
                      referenced.targetSchema(),
                      referenced.targetTable(),
                      referenced.column(rs.getString("ref_column")).targetName()));
        }
      }
    }
    Map<String, TableExtras> out = new HashMap<>();
    keys.forEach((t, k) -> out.put(t, new TableExtras(Map.of(), List.of(), List.of(), k)));
    return out;
  }

  private static TableDef find(List<TableDef> tables, String schema, String name) {
    return tables.stream()
        .filter(t -> t.sourceSchema().equals(schema) && t.sourceTable().equals(name))
        .findFirst()
        .orElse(null);
  }
}
