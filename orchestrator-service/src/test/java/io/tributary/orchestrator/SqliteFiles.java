package io.tributary.orchestrator;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.sqlite.JDBC;

/** Makes small SQLite databases for tests. */
public final class SqliteFiles {
  private SqliteFiles() {}

  /** Creates (or extends) the database at {@code file} by running the statements in order. */
  public static Path create(Path file, String... statements) throws SQLException {
    // The driver itself, not DriverManager: after a restart of Quarkus (another test profile) in
    // the same JVM, DriverManager hides the driver the first class loader registered.
    try (Connection connection =
            new JDBC().connect("jdbc:sqlite:" + file.toAbsolutePath(), new Properties());
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
    return file;
  }
}
