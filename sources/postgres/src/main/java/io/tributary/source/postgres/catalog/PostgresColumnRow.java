package io.tributary.source.postgres.catalog;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * One row of {@link PostgresCatalogQueries#COLUMNS}: a column as the catalog describes it; for a
 * generated column its expression and whether it calls functions that are not built in.
 */
record PostgresColumnRow(
    String schema,
    String table,
    String column,
    boolean notNull,
    String identity,
    String generated,
    long typeOid,
    int typmod,
    String sourceType,
    boolean ownsSequence,
    String defaultSql,
    boolean defaultUsesRelation,
    List<Long> defaultTypes,
    List<String> defaultFunctions,
    Long defaultSequence,
    String generatedSql,
    boolean callsUserFunctions) {

  /** The row the result set is on. */
  static PostgresColumnRow read(ResultSet rs) throws SQLException {
    return new PostgresColumnRow(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getBoolean(4),
        nullToEmpty(rs.getString(5)),
        nullToEmpty(rs.getString(6)),
        rs.getLong(7),
        rs.getInt(8),
        rs.getString(9),
        rs.getBoolean(10),
        rs.getString(12),
        rs.getBoolean(13),
        longs(rs.getArray(15)),
        strings(rs.getArray(16)),
        (Long) rs.getObject(14),
        rs.getString(17),
        rs.getBoolean(18));
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s.trim();
  }

  private static List<Long> longs(Array array) throws SQLException {
    List<Long> out = new ArrayList<>();
    if (array != null) {
      for (Object o : (Object[]) array.getArray()) {
        out.add(((Number) o).longValue());
      }
    }
    return out;
  }

  private static List<String> strings(Array array) throws SQLException {
    List<String> out = new ArrayList<>();
    if (array != null) {
      for (Object o : (Object[]) array.getArray()) {
        out.add(String.valueOf(o));
      }
    }
    return out;
  }
}
