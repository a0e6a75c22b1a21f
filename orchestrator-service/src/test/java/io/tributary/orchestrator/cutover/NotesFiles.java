package io.tributary.orchestrator.cutover;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;

/**
 * A SQLite file of notes ({@code id INTEGER PRIMARY KEY, body TEXT}) as the pipeline ITs' source,
 * and its rows on both sides: id to body.
 */
final class NotesFiles {
  static {
    try {
      Class.forName("org.sqlite.JDBC");
    } catch (ClassNotFoundException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private NotesFiles() {}

  /** A new file (WAL) holding notes 1..{@code rows}, "note i". */
  static void create(Path file, int rows) throws SQLException {
    execute(
        file,
        "PRAGMA journal_mode=WAL",
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)",
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < "
            + rows
            + ") INSERT INTO notes SELECT i, 'note ' || i FROM n");
  }

  /** Runs statements on the file, as its application would. */
  static void execute(Path file, String... statements) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      for (String sql : statements) {
        st.execute(sql);
      }
    }
  }

  static Map<Long, String> sourceRows(Path file) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      return read(c, "SELECT id, body FROM notes");
    }
  }

  /** The target's rows; none while the table does not exist yet. */
  static Map<Long, String> targetRows(String jdbcUrl, String user, String password, String schema)
      throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, password)) {
      return read(c, "SELECT id, body FROM \"" + schema + "\".notes");
    } catch (SQLException e) {
      if ("42P01".equals(e.getSQLState())) {
        return Map.of();
      }
      throw e;
    }
  }

  private static Map<Long, String> read(Connection c, String sql) throws SQLException {
    Map<Long, String> rows = new TreeMap<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        rows.put(rs.getLong(1), rs.getString(2));
      }
    }
    return rows;
  }
}
