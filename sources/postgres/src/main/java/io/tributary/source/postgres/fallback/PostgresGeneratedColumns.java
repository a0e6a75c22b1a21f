package io.tributary.source.postgres.fallback;

import io.tributary.common.catalog.TableDef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The generated columns of a PostgreSQL source's tables ({@code GENERATED ALWAYS AS (...) STORED}):
 * the target holds their values as plain columns, but the source computes them and refuses a value
 * for them, so the write-back leaves them out and the source computes them again. Read once, when
 * the write-back opens (the catalog recorded for the migration does not say which they are).
 */
final class PostgresGeneratedColumns {
  private final Set<String> generated;

  private PostgresGeneratedColumns(Set<String> generated) {
    this.generated = generated;
  }

  /** The generated columns of the schemas of {@code tables}. */
  static PostgresGeneratedColumns read(Connection connection, List<TableDef> tables)
      throws SQLException {
    Set<String> generated = new HashSet<>();
    Set<String> schemas = new HashSet<>();
    tables.forEach(t -> schemas.add(t.sourceSchema()));
    try (PreparedStatement st =
        connection.prepareStatement(PostgresWriteBackStatementBuilder.generatedColumns())) {
      for (String schema : schemas) {
        st.setString(1, schema);
        try (ResultSet rs = st.executeQuery()) {
          while (rs.next()) {
            generated.add(key(schema, rs.getString(1), rs.getString(2)));
          }
        }
      }
    }
    connection.commit();
    return new PostgresGeneratedColumns(generated);
  }

  boolean isGenerated(TableDef table, String column) {
    return generated.contains(key(table.sourceSchema(), table.sourceTable(), column));
  }

  private static String key(String schema, String table, String column) {
    return schema + "\0" + table + "\0" + column;
  }
}
