package io.tributary.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;

/**
 * Opens SQLite files with sqlite-vec's {@code vec0} extension loaded, as applications do, so tests
 * can write vec0 tables the real way. The extension comes from {@code TRIBUTARY_SQLITE_VEC} (set by
 * {@code deploy/local/test.sh}) or {@code deploy/local/.run/sqlite-vec/vec0.so} (installed by
 * {@code deploy/local/setup.sh}); Tributary itself never loads it.
 */
public final class SqliteVec {
  private SqliteVec() {}

  /** The extension's file. */
  public static Path extension() {
    String configured = System.getenv("TRIBUTARY_SQLITE_VEC");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      Path candidate = dir.resolve("deploy/local/.run/sqlite-vec/vec0.so");
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException(
        "sqlite-vec's vec0.so is not installed: run deploy/local/setup.sh (or set"
            + " TRIBUTARY_SQLITE_VEC to its path)");
  }

  /** A read-write connection to {@code file} (created if missing) with vec0 loaded. */
  public static Connection open(Path file) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.enableLoadExtension(true);
    Connection connection = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
    try (Statement st = connection.createStatement()) {
      String path = extension().toString();
      st.execute("SELECT load_extension('" + path.replace("'", "''") + "')");
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
    return connection;
  }
}
