package io.tributary.source.postgres.objects;

import io.tributary.source.spi.intake.SchemaObject;
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

  /**
   * Runs each made object's statement as provisioning runs it (in a transaction of its own, as
   * Tributary's role: here a superuser), in order.
   *
   * @return each made object as {@code kind target}
   * @throws AssertionError naming the object whose statement fails
   */
  static List<String> make(Connection jdbc, List<SchemaObject> objects) throws SQLException {
    List<String> made = new ArrayList<>();
    for (SchemaObject object : objects) {
      if (object.made()) {
        made.add(object.kind() + " " + object.target());
        inTransaction(jdbc, object.note(), object.statements().get(0));
      }
    }
    return made;
  }

  /** Runs {@code sql} in a transaction; an error is an AssertionError naming {@code what}. */
  static void inTransaction(Connection jdbc, String what, String sql) throws SQLException {
    jdbc.setAutoCommit(false);
    try {
      execute(jdbc, sql);
    } catch (SQLException e) {
      throw new AssertionError(what + ": " + sql, e);
    }
    jdbc.commit();
    jdbc.setAutoCommit(true);
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
