package io.tributary.source.chroma.store;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Chroma's typed value columns: four columns (string, int, float, bool) of which one is set. Read
 * in Chroma's own order, string first; a bool is stored as 0 or 1.
 */
final class TypedValues {
  private TypedValues() {}

  /**
   * The value of the four columns starting at {@code first}: String, Long, Double or Boolean; null
   * when none is set.
   */
  static Object read(ResultSet rs, int first) throws SQLException {
    String text = rs.getString(first);
    if (!rs.wasNull()) {
      return text;
    }
    long integer = rs.getLong(first + 1);
    if (!rs.wasNull()) {
      return integer;
    }
    double real = rs.getDouble(first + 2);
    if (!rs.wasNull()) {
      return real;
    }
    long bool = rs.getLong(first + 3);
    if (!rs.wasNull()) {
      return bool != 0;
    }
    return null;
  }
}
