package io.tributary.source.postgres.catalog;

import io.tributary.common.naming.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The current types of one source table's columns, read from the catalog (with their element and
 * domain base types), for a capture that must know how the source sends each value now rather than
 * how it was when the catalog was recorded.
 */
public final class PostgresColumnTypes {
  private PostgresColumnTypes() {}

  /**
   * A column's type as the source declares it.
   *
   * @param type the type, with its element type (arrays) and base type (domains)
   * @param typmod its modifier ({@code atttypmod}; -1 for none)
   */
  public record ColumnType(PostgresType type, int typmod) {}

  /**
   * The types of a table's columns, by column name, in column order.
   *
   * @param connection an open connection to the source database (left open)
   */
  public static Map<String, ColumnType> read(Connection connection, String schema, String table)
      throws SQLException {
    PostgresTypeReader types = new PostgresTypeReader(connection, Map.of());
    Map<String, Long> oids = new LinkedHashMap<>();
    Map<String, Integer> typmods = new LinkedHashMap<>();
    try (PreparedStatement st =
        connection.prepareStatement(PostgresCatalogQueries.TABLE_COLUMN_TYPES)) {
      st.setString(1, Identifiers.qualified(schema, table));
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          oids.put(rs.getString(1), rs.getLong(2));
          typmods.put(rs.getString(1), rs.getInt(3));
        }
      }
    }
    Map<String, ColumnType> columns = new LinkedHashMap<>();
    for (Map.Entry<String, Long> column : oids.entrySet()) {
      columns.put(
          column.getKey(),
          new ColumnType(types.type(column.getValue()), typmods.get(column.getKey())));
    }
    return columns;
  }
}
