package io.tributary.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The workload of the fault suites: a source (a SQLite file, or a PostgreSQL database written by an
 * application role) with one table {@code items (id PRIMARY KEY, v TEXT NOT NULL)}, a writer that
 * inserts, updates and deletes about a hundred times a second while a fault happens (a write a
 * frozen source refuses is counted, not retried; a lost connection is opened again), and the
 * row-for-row comparison of the source with its target table that ends each scenario.
 */
public final class FaultWorkload implements AutoCloseable {
  /** Opens a connection to the source. */
  @FunctionalInterface
  public interface Connector {
    Connection open() throws SQLException;
  }

  private final Connector application;
  private final Connector admin;
  private final Path file;
  private final int rows;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final AtomicLong writes = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private Thread writer;

  private FaultWorkload(Connector application, Connector admin, Path file, int rows)
      throws SQLException {
    this.application = application;
    this.admin = admin;
    this.file = file;
    this.rows = rows;
    try (Connection c = admin.open();
        Statement st = c.createStatement()) {
      if (file != null) {
        st.execute("PRAGMA journal_mode=WAL");
        st.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, v TEXT NOT NULL)");
      } else {
        st.execute("CREATE TABLE items (id bigint PRIMARY KEY, v text NOT NULL)");
      }
      st.execute(
          "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < "
              + rows
              + ") INSERT INTO items SELECT i, 'item ' || i FROM n");
    }
  }

  /** A SQLite file {@code file} (WAL mode) with {@code rows} rows. */
  public static FaultWorkload sqlite(Path file, int rows) throws SQLException {
    Connector connector = () -> DriverManager.getConnection("jdbc:sqlite:" + file);
    return new FaultWorkload(connector, connector, file, rows);
  }

  /**
   * A PostgreSQL database ({@code jdbcUrl}) with {@code rows} rows, created by {@code admin},
   * written by the role {@code appRole} (password {@code appPassword}), created here with the
   * rights to.
   */
  public static FaultWorkload postgres(
      String jdbcUrl,
      String adminUser,
      String adminPassword,
      String appRole,
      String appPassword,
      int rows)
      throws SQLException {
    Connector admin = () -> DriverManager.getConnection(jdbcUrl, adminUser, adminPassword);
    FaultWorkload workload =
        new FaultWorkload(
            () -> DriverManager.getConnection(jdbcUrl, appRole, appPassword), admin, null, rows);
    try (Connection c = admin.open();
        Statement st = c.createStatement()) {
      st.execute("CREATE ROLE " + appRole + " LOGIN PASSWORD '" + appPassword + "'");
      st.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON items TO " + appRole);
    }
    return workload;
  }

  /** The SQLite file; null for a PostgreSQL source. */
  public Path file() {
    return file;
  }

  /** Starts the writer. */
  public void startWriting() {
    writer = new Thread(this::write, "fault-writer");
    writer.start();
  }

  /** Writes committed in the source so far. */
  public long writes() {
    return writes.get();
  }

  /** Writes the source refused (a frozen source's read-only triggers). */
  public long refused() {
    return refused.get();
  }

  /**
   * Stops the writer and waits for it.
   *
   * @throws IllegalStateException when it failed otherwise than by a refused write
   */
  public void stopWriting() throws InterruptedException {
    stop.set(true);
    if (writer != null) {
      writer.join();
    }
    if (failure.get() != null) {
      throw new IllegalStateException("the writer failed: " + failure.get(), failure.get());
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop.set(true);
    if (writer != null) {
      writer.join();
    }
  }

  private void write() {
    Random random = new Random(7);
    long next = rows + 1L;
    Connection c = null;
    try {
      while (!stop.get()) {
        try {
          if (c == null || c.isClosed()) {
            c = application.open();
            if (file != null) {
              try (Statement st = c.createStatement()) {
                st.execute("PRAGMA busy_timeout = 5000");
              }
            }
          }
          try (Statement st = c.createStatement()) {
            switch (random.nextInt(3)) {
              case 0 -> {
                st.executeUpdate("INSERT INTO items VALUES (" + next + ", 'new')");
                next++;
              }
              case 1 ->
                  st.executeUpdate(
                      "UPDATE items SET v = 'changed "
                          + writes.get()
                          + "' WHERE id = "
                          + (1 + random.nextInt(rows)));
              default ->
                  st.executeUpdate("DELETE FROM items WHERE id = " + (1 + random.nextInt(rows)));
            }
          }
          writes.incrementAndGet();
        } catch (SQLException e) {
          if (refusedByFreeze(e)) {
            refused.incrementAndGet(); // frozen: the application would retry on the new target
          } else if (connectionLost(e)) {
            closeQuietly(c); // ended by the freeze, or the server crashed: connect again
            c = null;
            Thread.sleep(200);
          } else {
            throw e;
          }
        }
        Thread.sleep(10);
      }
    } catch (SQLException | RuntimeException e) {
      failure.set(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closeQuietly(c);
    }
  }

  /** SQLite's read-only triggers; a PostgreSQL role made read-only (25006). */
  private static boolean refusedByFreeze(SQLException e) {
    return String.valueOf(e.getMessage()).contains("writes here are refused")
        || "25006".equals(e.getSQLState());
  }

  /** 08: connection exceptions; 57P0x: the session or the server was ended. */
  private static boolean connectionLost(SQLException e) {
    String state = String.valueOf(e.getSQLState());
    return state.startsWith("08") || state.startsWith("57P0");
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException e) {
        // already gone
      }
    }
  }

  /**
   * {rows of the source missing or different in the target, rows of the target not in the source}.
   *
   * @param table the target table, qualified ({@code app.items})
   */
  public long[] difference(String jdbcUrl, String user, String password, String table)
      throws SQLException {
    Map<Long, String> source = rows(admin.open(), "items");
    Map<Long, String> target = rows(DriverManager.getConnection(jdbcUrl, user, password), table);
    long lost = 0;
    for (Map.Entry<Long, String> row : source.entrySet()) {
      if (!row.getValue().equals(target.get(row.getKey()))) {
        lost++;
      }
    }
    long extra = target.keySet().stream().filter(id -> !source.containsKey(id)).count();
    return new long[] {lost, extra};
  }

  /**
   * Whether a freeze is left on the source: read-only triggers in a SQLite file, a role made
   * read-only in a PostgreSQL database.
   */
  public boolean frozen() throws SQLException {
    String sql =
        file != null
            ? "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"
                + " AND name LIKE 'tributary_readonly_%'"
            : "SELECT count(*) FROM pg_db_role_setting s JOIN pg_database d ON d.oid ="
                + " s.setdatabase WHERE d.datname = current_database() AND"
                + " array_to_string(s.setconfig, ',') LIKE '%default_transaction_read_only=on%'";
    try (Connection c = admin.open();
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1) > 0;
    }
  }

  private static Map<Long, String> rows(Connection connection, String table) throws SQLException {
    Map<Long, String> out = new HashMap<>();
    try (connection;
        PreparedStatement st = connection.prepareStatement("SELECT id, v FROM " + table);
        ResultSet rs = st.executeQuery()) {
      while (rs.next()) {
        out.put(rs.getLong(1), rs.getString(2));
      }
    }
    return out;
  }
}
