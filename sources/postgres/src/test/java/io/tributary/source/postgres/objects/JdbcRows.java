package io.tributary.source.postgres.objects;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Runs SQL on a JDBC connection for the tests of this package, and reads rows back as text. */
final class JdbcRows {
  private JdbcRows() {}

  static void execute(Connection jdbc, String sql) throws SQLException {
    try (Statement st = jdbc.createStatement()) {
      st.execute(sql);
    }
  }

  /** The rows of a query, each as its columns joined by {@code |}. */
  static List<String> query(Connection jdbc, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Statement st = jdbc.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          values.add(rs.getString(i));
        }
        rows.add(String.join("|", values));
      }
    }
    return rows;
  }
}
