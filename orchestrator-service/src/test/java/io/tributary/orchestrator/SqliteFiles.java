package io.tributary.orchestrator;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** Makes small SQLite databases for tests. */
public final class SqliteFiles {
  private SqliteFiles() {}

  /** Creates (or extends) the database at {@code file} by running the statements in order. */
  public static Path create(Path file, String... statements) throws SQLException {
    try (Connection connection =
            DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
    return file;
  }
}
