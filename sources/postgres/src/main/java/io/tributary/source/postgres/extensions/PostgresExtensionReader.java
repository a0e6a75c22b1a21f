package io.tributary.source.postgres.extensions;

import io.tributary.common.catalog.TableDef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads which extensions a PostgreSQL source's migrated objects need ({@link
 * PostgresExtensionQueries#NEEDED}: a column of {@code citext}, a {@code gin_trgm_ops} index, an
 * exclusion constraint on {@code btree_gist}'s operators, a function taking {@code hstore}), with
 * what needs each. A function's body is not parsed: a PL/pgSQL function that calls an extension's
 * function in its code alone is not seen. Reads only.
 */
public final class PostgresExtensionReader {
  private PostgresExtensionReader() {}

  /**
   * @param schemas the source schemas migrated
   * @param migrated the tables migrated
   */
  public static List<RequiredExtension> read(
      Connection connection, List<String> schemas, List<TableDef> migrated) throws SQLException {
    Map<String, String> where = new LinkedHashMap<>();
    Map<String, List<String>> needs = new LinkedHashMap<>();
    Map<String, List<String>> byObjects = new LinkedHashMap<>();
    try (PreparedStatement st = connection.prepareStatement(PostgresExtensionQueries.NEEDED)) {
      st.setArray(
          1,
          connection.createArrayOf(
              "text", migrated.stream().map(TableDef::sourceSchema).toArray()));
      st.setArray(
          2,
          connection.createArrayOf("text", migrated.stream().map(TableDef::sourceTable).toArray()));
      for (int i = 3; i <= 5; i++) {
        st.setArray(i, connection.createArrayOf("text", schemas.toArray()));
      }
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          where.put(rs.getString(1), rs.getString(2));
          String need = rs.getString(3) + " uses " + rs.getString(4);
          needs.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(need);
          if (!rs.getBoolean(5)) {
            byObjects.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(need);
          }
        }
      }
    }
    List<RequiredExtension> out = new ArrayList<>();
    needs.forEach(
        (name, by) ->
            out.add(
                new RequiredExtension(
                    name, where.get(name), by, byObjects.getOrDefault(name, List.of()))));
    return out;
  }
}
