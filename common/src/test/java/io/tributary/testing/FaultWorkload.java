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
 * The workload of the fault suites: a SQLite file with one table {@code items (id INTEGER PRIMARY
 * KEY, v TEXT NOT NULL)}, a writer that inserts, updates and deletes about a hundred times a second
 * while a fault happens, and the row-for-row comparison of the source with its target table that
 * ends each scenario.
 */
public final class FaultWorkload implements AutoCloseable {
  private final Path file;
  private final int rows;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final AtomicLong writes = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private Thread writer;

  /** Creates {@code file} (WAL mode) with {@code rows} rows. */
  public FaultWorkload(Path file, int rows) throws SQLException {
    this.file = file;
    this.rows = rows;
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      st.execute("PRAGMA journal_mode=WAL");
      st.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, v TEXT NOT NULL)");
      st.execute(
          "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < "
              + rows
              + ") INSERT INTO items SELECT i, 'item ' || i FROM n");
    }
  }

  /** The SQLite file. */
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
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      st.execute("PRAGMA busy_timeout = 5000");
      while (!stop.get()) {
        try {
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
          writes.incrementAndGet();
        } catch (SQLException e) {
          if (!String.valueOf(e.getMessage()).contains("writes here are refused")) {
            throw e;
          }
          refused.incrementAndGet(); // frozen: the application would retry on the new target
        }
        Thread.sleep(10);
      }
    } catch (SQLException | RuntimeException e) {
      failure.set(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * {rows of the source missing or different in the target, rows of the target not in the source}.
   *
   * @param table the target table, qualified ({@code app.items})
   */
  public long[] difference(String jdbcUrl, String user, String password, String table)
      throws SQLException {
    Map<Long, String> source = rows(DriverManager.getConnection("jdbc:sqlite:" + file), "items");
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

  /** The read-only triggers a freeze left in the source file. */
  public long readOnlyTriggers() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"
                        + " AND name LIKE 'tributary_readonly_%'")) {
      rs.next();
      return rs.getLong(1);
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
