package io.tributary.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.IntFunction;
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

  /**
   * Runs one statement on {@code file} with vec0 loaded, in its own connection, as an application
   * writes; the rows it changed.
   *
   * @param args the statement's parameters, in order
   */
  public static int execute(Path file, String sql, Object... args) throws SQLException {
    try (Connection c = open(file);
        PreparedStatement st = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        st.setObject(i + 1, args[i]);
      }
      return st.executeUpdate();
    }
  }

  /**
   * Creates a file in WAL mode holding one table ({@code create}, a vec0 table say) and fills it
   * with {@code rows} rows through {@code insert}, committed every 10,000, as an application loads
   * it.
   *
   * @param row the parameters of row {@code i} (from 1) for {@code insert}
   */
  public static void createAndFill(
      Path file, String create, String insert, int rows, IntFunction<Object[]> row)
      throws SQLException {
    try (Connection c = open(file);
        Statement st = c.createStatement()) {
      st.execute("PRAGMA journal_mode=WAL");
      st.execute(create);
      c.setAutoCommit(false);
      try (PreparedStatement statement = c.prepareStatement(insert)) {
        for (int i = 1; i <= rows; i++) {
          Object[] values = row.apply(i);
          for (int p = 0; p < values.length; p++) {
            statement.setObject(p + 1, values[p]);
          }
          statement.executeUpdate();
          if (i % 10_000 == 0) {
            c.commit();
          }
        }
      }
      c.commit();
      st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    }
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
