package io.tributary.source.postgres.catalog;

import io.tributary.common.catalog.TableInheritance;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads which of a source's ordinary tables inherit from others ({@link
 * PostgresCatalogQueries#INHERITANCE}), for each to be made {@code INHERITS} its parents in the
 * target. One that cannot be — a parent in another schema, a parent that is not an ordinary table —
 * arrives as a table of its own (its inherited columns its own), with a warning saying why.
 */
final class PostgresInheritanceReader {
  private PostgresInheritanceReader() {}

  /**
   * The inheritance of each table kept inheriting, by {@code schema + '\0' + table}; {@code
   * warnings} receives a line per inheriting table.
   */
  static Map<String, TableInheritance> read(
      Connection connection, Array schemas, List<String> warnings) throws SQLException {
    Map<String, TableInheritance> kept = new LinkedHashMap<>();
    try (PreparedStatement st = connection.prepareStatement(PostgresCatalogQueries.INHERITANCE)) {
      st.setArray(1, schemas);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          String schema = rs.getString(1);
          String table = rs.getString(2);
          List<String> parentSchemas = strings(rs.getArray(3));
          List<String> parents = strings(rs.getArray(4));
          List<String> kinds = strings(rs.getArray(5));
          String refused = null;
          for (int i = 0; i < parents.size() && refused == null; i++) {
            String parent = parentSchemas.get(i) + "." + parents.get(i);
            if (!parentSchemas.get(i).equals(schema)) {
              refused = "its parent " + parent + " is in another schema";
            } else if (!kinds.get(i).equals("r")) {
              refused =
                  "its parent "
                      + parent
                      + " is not an ordinary table (relkind "
                      + kinds.get(i)
                      + ")";
            }
          }
          if (refused != null) {
            warnings.add(
                "table "
                    + schema
                    + "."
                    + table
                    + " arrives as a table of its own, not inheriting: "
                    + refused);
            continue;
          }
          kept.put(schema + '\0' + table, new TableInheritance(parents, strings(rs.getArray(6))));
          warnings.add(
              "table "
                  + schema
                  + "."
                  + table
                  + " is made INHERITS ("
                  + String.join(", ", parents)
                  + ") in the target; each table of the hierarchy is captured, loaded and"
                  + " validated with its own rows only");
        }
      }
    }
    return kept;
  }

  private static List<String> strings(Array array) throws SQLException {
    return array == null ? List.of() : new ArrayList<>(Arrays.asList((String[]) array.getArray()));
  }
}
