package io.tributary.orchestrator.cutover;

import io.tributary.orchestrator.SqliteSourcesTestResource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A small application database for the end-to-end tests: a SQLite file (WAL) under {@code target/}
 * with a table {@code notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)} of {@code rows} rows
 * ({@code note 1}, {@code note 2}, ...), and reads of it as text rows.
 */
final class NotesFile {
  static {
    try {
      Class.forName("org.sqlite.JDBC");
    } catch (ClassNotFoundException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private NotesFile() {}

  /** A new file in its own directory under {@code target/}, named after {@code prefix}. */
  static Path create(String prefix, int rows) throws Exception {
    Path file = SqliteSourcesTestResource.newDirectory(prefix).resolve("notes.db");
    try (Connection c = open(file);
        Statement st = c.createStatement()) {
      st.execute("PRAGMA journal_mode=WAL");
      st.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
      st.execute(
          "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < "
              + rows
              + ") INSERT INTO notes SELECT i, 'note ' || i FROM n");
    }
    return file;
  }

  /** A connection to the file that waits for the capture's locks as an application would. */
  static Connection open(Path file) throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
    try (Statement st = c.createStatement()) {
      st.execute("PRAGMA busy_timeout = 10000");
    }
    return c;
  }

  /** The first column of every row {@code sql} reads, as text. */
  static List<String> rows(Path file, String sql) throws SQLException {
    try (Connection c = open(file);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      List<String> out = new ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    }
  }
}
