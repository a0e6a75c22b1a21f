package io.tributary.common.catalog;

import io.tributary.common.sql.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Profiles the columns of a SQLite table in one pass ({@link ColumnProfile}) and reads its declared
 * foreign keys and indexes, for the automatic casting rules and finalize. Reads only.
 */
public final class SqliteColumnProfiler {
  /** A declared foreign key of one column: {@code column REFERENCES table(refColumn)}. */
  public record ForeignKey(String column, String table, String refColumn) {}

  private static final String HEX = "[0-9a-f]";
  private static final String UUID_GLOB =
      HEX.repeat(8)
          + "-"
          + HEX.repeat(4)
          + "-"
          + HEX.repeat(4)
          + "-"
          + HEX.repeat(4)
          + "-"
          + HEX.repeat(12);
  private static final String DATE_GLOB = "[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]";
  private static final int FIELDS = 12;

  private SqliteColumnProfiler() {}

  /** The profile of every column of {@code table}, by source column name. */
  public static Map<String, ColumnProfile> profile(Connection connection, TableDef table)
      throws SQLException {
    List<ColumnDef> columns = table.columns();
    List<String> parts = new ArrayList<>();
    for (ColumnDef column : columns) {
      String c = Identifiers.quote(column.name());
      String text = "typeof(" + c + ") = 'text'";
      parts.add("count(" + c + ")");
      parts.add("total(" + text + ")");
      parts.add("total(typeof(" + c + ") = 'integer')");
      parts.add("total(typeof(" + c + ") = 'blob')");
      parts.add(
          "total("
              + text
              + " AND length("
              + c
              + ") = 36 AND lower("
              + c
              + ") GLOB '"
              + UUID_GLOB
              + "')");
      parts.add(
          "total("
              + text
              + " AND json_valid("
              + c
              + ") AND substr(ltrim("
              + c
              + "), 1, 1) IN ('{', '['))");
      parts.add(
          "total("
              + text
              + " AND length("
              + c
              + ") BETWEEN 10 AND 40 AND "
              + c
              + " GLOB '"
              + DATE_GLOB
              + "*')");
      parts.add(
          "total(" + text + " AND length(" + c + ") = 10 AND " + c + " GLOB '" + DATE_GLOB + "')");
      parts.add("min(CASE WHEN typeof(" + c + ") = 'blob' THEN length(" + c + ") END)");
      parts.add("max(CASE WHEN typeof(" + c + ") = 'blob' THEN length(" + c + ") END)");
      parts.add("min(CASE WHEN typeof(" + c + ") = 'integer' THEN " + c + " END)");
      parts.add("max(CASE WHEN typeof(" + c + ") = 'integer' THEN " + c + " END)");
    }
    String sql =
        "SELECT " + String.join(", ", parts) + " FROM " + Identifiers.quote(table.sourceTable());
    Map<String, ColumnProfile> profiles = new LinkedHashMap<>();
    try (PreparedStatement st = connection.prepareStatement(sql);
        ResultSet rs = st.executeQuery()) {
      rs.next();
      for (int i = 0; i < columns.size(); i++) {
        int b = i * FIELDS;
        profiles.put(
            columns.get(i).name(),
            new ColumnProfile(
                rs.getLong(b + 1),
                rs.getLong(b + 2),
                rs.getLong(b + 3),
                rs.getLong(b + 4),
                rs.getLong(b + 5),
                rs.getLong(b + 6),
                rs.getLong(b + 7),
                rs.getLong(b + 8),
                rs.getLong(b + 9),
                rs.getLong(b + 10),
                rs.getLong(b + 11),
                rs.getLong(b + 12)));
      }
    }
    return profiles;
  }

  /**
   * The table's secondary indexes and unique constraints on plain columns (the primary key, indexes
   * on expressions and partial indexes are left out: the target has its own primary key, and the
   * others cannot be carried over by name).
   */
  public static List<IndexDef> indexes(Connection connection, String table) throws SQLException {
    List<String[]> listed = new ArrayList<>();
    try (PreparedStatement st =
        connection.prepareStatement(
            "SELECT name, \"unique\", origin, partial FROM pragma_index_list(?) ORDER BY name")) {
      st.setString(1, table);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          if (!"pk".equals(rs.getString(3)) && rs.getInt(4) == 0) {
            listed.add(new String[] {rs.getString(1), rs.getString(2)});
          }
        }
      }
    }
    List<IndexDef> indexes = new ArrayList<>();
    for (String[] index : listed) {
      List<String> columns = new ArrayList<>();
      boolean plain = true;
      try (PreparedStatement st =
          connection.prepareStatement(
              "SELECT cid, name FROM pragma_index_info(?) ORDER BY seqno")) {
        st.setString(1, index[0]);
        try (ResultSet rs = st.executeQuery()) {
          while (rs.next()) {
            if (rs.getInt(1) < 0 || rs.getString(2) == null) {
              plain = false;
            }
            columns.add(rs.getString(2));
          }
        }
      }
      if (plain && !columns.isEmpty()) {
        indexes.add(new IndexDef(table, index[0], "1".equals(index[1]), columns));
      }
    }
    return indexes;
  }

  /** The table's declared single-column foreign keys (composite ones are not remapped). */
  public static List<ForeignKey> foreignKeys(Connection connection, String table)
      throws SQLException {
    Map<Integer, List<String[]>> byId = new LinkedHashMap<>();
    try (PreparedStatement st =
        connection.prepareStatement(
            "SELECT id, \"from\", \"table\", \"to\" FROM pragma_foreign_key_list(?) ORDER BY id, seq")) {
      st.setString(1, table);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          byId.computeIfAbsent(rs.getInt(1), k -> new ArrayList<>())
              .add(new String[] {rs.getString(2), rs.getString(3), rs.getString(4)});
        }
      }
    }
    List<ForeignKey> keys = new ArrayList<>();
    for (List<String[]> parts : byId.values()) {
      if (parts.size() == 1) {
        String[] p = parts.get(0);
        keys.add(new ForeignKey(p[0], p[1], p[2]));
      }
    }
    return keys;
  }
}
