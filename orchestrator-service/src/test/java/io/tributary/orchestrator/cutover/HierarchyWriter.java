package io.tributary.orchestrator.cutover;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * An application writing to the shop's partitioned {@code orders} and its inheritance parent {@code
 * payments} (whose rule routes 2025's rows into {@code payments_2025}) while it is migrated:
 * inserts into both partitions, updates (some moving a row to the other partition, some through the
 * parent reaching the child's rows) and deletes, one transaction each, about fifty a second, until
 * stopped or until a write is refused (the cutover's freeze).
 */
final class HierarchyWriter implements Runnable {
  private final Supplier<Connection> connect;
  private final AtomicInteger writes = new AtomicInteger();
  private volatile boolean stopped;
  private volatile String refused;
  private Thread thread;

  HierarchyWriter(Supplier<Connection> connect) {
    this.connect = connect;
  }

  void start() {
    thread = new Thread(this, "hierarchy-writer");
    thread.setDaemon(true);
    thread.start();
  }

  /** Stops it and waits for its last write to end. */
  void stop() throws InterruptedException {
    stopped = true;
    thread.join(TimeUnit.SECONDS.toMillis(30));
  }

  /** The transactions it committed. */
  int writes() {
    return writes.get();
  }

  /** The error that stopped it, or null. */
  String refused() {
    return refused;
  }

  @Override
  public void run() {
    try (Connection c = connect.get();
        Statement st = c.createStatement()) {
      for (int i = 100; !stopped; i++) {
        String year = i % 2 == 0 ? "2025" : "2026";
        write(
            st,
            "INSERT INTO shop.orders VALUES ("
                + i
                + ", '"
                + year
                + "-04-0"
                + (i % 9 + 1)
                + "', "
                + i
                + ")");
        write(
            st,
            "INSERT INTO shop.payments VALUES ("
                + i
                + ", '"
                + (i % 2 == 0 ? "2024" : "2025")
                + "-08-08', 1)");
        if (i % 3 == 0) {
          write(st, "UPDATE shop.orders SET amount = amount + 1 WHERE id = " + (i - 1));
        }
        if (i % 7 == 0) {
          // the partition key changes: the row moves to the other partition
          write(
              st,
              "UPDATE shop.orders SET placed = placed + 365 WHERE placed < '2026-01-01' AND id = "
                  + (i - 2));
        }
        if (i % 4 == 0) {
          // through the parent: reaches the inheriting table's row as well
          write(st, "UPDATE shop.payments SET amount = amount + 1 WHERE id = " + (i - 1));
        }
        if (i % 5 == 0) {
          write(st, "DELETE FROM shop.orders WHERE id = " + (i - 3));
          write(st, "DELETE FROM shop.payments WHERE id = " + (i - 3));
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // an application's pace
      }
    } catch (SQLException e) {
      refused = e.getMessage();
    }
  }

  private void write(Statement st, String sql) throws SQLException {
    st.executeUpdate(sql);
    writes.incrementAndGet();
  }
}
