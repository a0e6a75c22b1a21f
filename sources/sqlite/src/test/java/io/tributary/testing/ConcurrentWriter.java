package io.tributary.testing;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.sqlite.BusyHandler;

/**
 * A legacy application writing to a SQLite file at a steady rate: inserts, updates, deletes and key
 * changes on four tables (a composite key with column names that need quoting, a WITHOUT ROWID
 * table with a text key, a blob key, an INTEGER PRIMARY KEY). Each write is its own transaction, as
 * most applications write. For each write it records how long it took in all (commit and fsync
 * included) and how long it was blocked on a lock held by someone else: its busy handler retries
 * every 0.1 ms and adds up the time (SQLite's default handler backs off in steps of 1, 2, 5, 10,
 * ... ms, so an application using it waits somewhat longer than the lock is held). Bounded in count
 * and in time.
 */
public final class ConcurrentWriter implements AutoCloseable {
  /** The tables the writer uses, created by {@link #createDatabase}. */
  public static final List<String> TABLES = List.of("order items", "tags", "blobs", "people");

  private final Connection connection;
  private final Random random = new Random(42);
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "legacy-writer");
            t.setDaemon(true);
            return t;
          });
  private final CountDownLatch done = new CountDownLatch(1);
  private final List<Long> latenciesNanos = Collections.synchronizedList(new ArrayList<>());
  private final List<Long> blockedNanos = Collections.synchronizedList(new ArrayList<>());
  private long blockedThisWrite;
  private final AtomicInteger failures = new AtomicInteger();
  private final List<String> failureMessages = Collections.synchronizedList(new ArrayList<>());
  private final int maxWrites;
  private final long deadlineNanos;
  private int rows;
  private int nextPerson;
  private int nextOrder;
  private int nextTag;
  private int nextBlob;
  private int writes;

  private ConcurrentWriter(Path file, int initialRows, int maxWrites, Duration maxTime)
      throws SQLException {
    this.connection = DriverManager.getConnection("jdbc:sqlite:" + file);
    BusyHandler.setHandler(
        connection,
        new BusyHandler() {
          @Override
          protected int callback(int previousCalls) {
            if (blockedThisWrite > TimeUnit.SECONDS.toNanos(10)) {
              return 0; // give up: SQLITE_BUSY
            }
            long before = System.nanoTime();
            LockSupport.parkNanos(100_000);
            blockedThisWrite += System.nanoTime() - before;
            return 1;
          }
        });
    this.rows = initialRows;
    this.nextPerson = initialRows + 1;
    this.nextOrder = initialRows + 1;
    this.nextTag = initialRows + 1;
    this.nextBlob = initialRows + 1;
    this.maxWrites = maxWrites;
    this.deadlineNanos = System.nanoTime() + maxTime.toNanos();
  }

  /** Creates the four tables with {@code rows} rows each, in the given journal mode. */
  public static void createDatabase(Path file, String journalMode, int rows) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      st.execute("PRAGMA journal_mode=" + journalMode);
      st.execute(
          "CREATE TABLE \"order items\" (\"order id\" INTEGER NOT NULL, \"line\" INTEGER NOT NULL,"
              + " \"select\" TEXT, \"we\"\"ird col\" REAL, PRIMARY KEY (\"order id\", \"line\"))");
      st.execute("CREATE TABLE tags (name TEXT PRIMARY KEY, weight REAL) WITHOUT ROWID");
      st.execute("CREATE TABLE blobs (k BLOB PRIMARY KEY, v TEXT)");
      st.execute("CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL, born TEXT)");
      c.setAutoCommit(false);
      try (PreparedStatement items =
              c.prepareStatement("INSERT INTO \"order items\" VALUES (?, ?, ?, ?)");
          PreparedStatement tags = c.prepareStatement("INSERT INTO tags VALUES (?, ?)");
          PreparedStatement blobs = c.prepareStatement("INSERT INTO blobs VALUES (?, ?)");
          PreparedStatement people = c.prepareStatement("INSERT INTO people VALUES (?, ?, ?)")) {
        for (int i = 1; i <= rows; i++) {
          items.setInt(1, i);
          items.setInt(2, i % 3);
          items.setString(3, "item " + i);
          items.setDouble(4, i / 7.0);
          items.addBatch();
          tags.setString(1, "tag-" + i);
          tags.setDouble(2, i * 1.5);
          tags.addBatch();
          blobs.setBytes(1, blobKey(i));
          blobs.setString(2, "blob " + i);
          blobs.addBatch();
          people.setInt(1, i);
          people.setString(2, "person " + i + " ünïcödé");
          people.setString(3, "1970-01-" + (1 + i % 28));
          people.addBatch();
          if (i % 5000 == 0 || i == rows) {
            items.executeBatch();
            tags.executeBatch();
            blobs.executeBatch();
            people.executeBatch();
          }
        }
      }
      c.commit();
    }
  }

  private static byte[] blobKey(int i) {
    return ByteBuffer.allocate(8).putLong(i * 2654435761L).array();
  }

  /** Starts writing one change every {@code every}, until {@code maxWrites} or {@code maxTime}. */
  public static ConcurrentWriter start(
      Path file, int initialRows, Duration every, int maxWrites, Duration maxTime)
      throws SQLException {
    ConcurrentWriter writer = new ConcurrentWriter(file, initialRows, maxWrites, maxTime);
    writer.scheduler.scheduleAtFixedRate(
        writer::writeOne, 0, every.toNanos(), TimeUnit.NANOSECONDS);
    return writer;
  }

  private void writeOne() {
    if (writes >= maxWrites || System.nanoTime() > deadlineNanos) {
      stopWriting();
      return;
    }
    writes++;
    String table = TABLES.get(random.nextInt(TABLES.size()));
    int kind = random.nextInt(100);
    int existing = 1 + random.nextInt(rows);
    long started = System.nanoTime();
    blockedThisWrite = 0;
    try {
      switch (table) {
        case "people" -> people(kind, existing);
        case "order items" -> orderItems(kind, existing);
        case "tags" -> tags(kind, existing);
        default -> blobs(kind, existing);
      }
      latenciesNanos.add(System.nanoTime() - started);
      blockedNanos.add(blockedThisWrite);
    } catch (SQLException e) {
      failures.incrementAndGet();
      failureMessages.add(e.getMessage());
    }
  }

  private void people(int kind, int id) throws SQLException {
    if (kind < 40) {
      update("INSERT INTO people VALUES (?, ?, NULL)", nextPerson++, "new person " + writes);
    } else if (kind < 70) {
      update("UPDATE people SET name = ? WHERE id = ?", "renamed " + writes, id);
    } else if (kind < 85) {
      update("DELETE FROM people WHERE id = ?", id);
    } else {
      update("UPDATE people SET id = ? WHERE id = ?", nextPerson++, id);
    }
  }

  private void orderItems(int kind, int order) throws SQLException {
    if (kind < 40) {
      update(
          "INSERT INTO \"order items\" VALUES (?, 0, ?, ?)",
          nextOrder++,
          "new item " + writes,
          random.nextDouble());
    } else if (kind < 70) {
      update(
          "UPDATE \"order items\" SET \"select\" = ?, \"we\"\"ird col\" = ? WHERE \"order id\" = ?",
          "changed " + writes,
          writes % 5 == 0 ? null : random.nextGaussian(),
          order);
    } else if (kind < 85) {
      update("DELETE FROM \"order items\" WHERE \"order id\" = ?", order);
    } else {
      update(
          "UPDATE \"order items\" SET \"line\" = \"line\" + 100 WHERE \"order id\" = ?"
              + " AND \"line\" < 100",
          order);
    }
  }

  private void tags(int kind, int tag) throws SQLException {
    if (kind < 40) {
      update("INSERT INTO tags VALUES (?, ?)", "tag-" + nextTag++, random.nextDouble());
    } else if (kind < 70) {
      update("UPDATE tags SET weight = ? WHERE name = ?", random.nextDouble(), "tag-" + tag);
    } else if (kind < 85) {
      update("DELETE FROM tags WHERE name = ?", "tag-" + tag);
    } else {
      update("UPDATE tags SET name = name || ' (renamed)' WHERE name = ?", "tag-" + tag);
    }
  }

  private void blobs(int kind, int blob) throws SQLException {
    if (kind < 40) {
      update("INSERT INTO blobs VALUES (?, ?)", blobKey(nextBlob++), "new blob " + writes);
    } else if (kind < 70) {
      update("UPDATE blobs SET v = ? WHERE k = ?", "changed " + writes, blobKey(blob));
    } else if (kind < 85) {
      update("DELETE FROM blobs WHERE k = ?", blobKey(blob));
    } else {
      byte[] key = blobKey(blob);
      byte[] changed = Arrays.copyOf(key, key.length + 1);
      changed[key.length] = 1;
      update("UPDATE blobs SET k = ? WHERE k = ?", changed, key);
    }
  }

  private void update(String sql, Object... args) throws SQLException {
    try (PreparedStatement st = connection.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        st.setObject(i + 1, args[i]);
      }
      st.executeUpdate();
    }
  }

  private void stopWriting() {
    scheduler.shutdown();
    done.countDown();
  }

  /** Waits until the writer stopped (count or time reached). */
  public boolean awaitDone(Duration timeout) throws InterruptedException {
    return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public boolean isDone() {
    return done.getCount() == 0;
  }

  /** Writes that committed. */
  public int committed() {
    return latenciesNanos.size();
  }

  /** Writes that failed (SQLITE_BUSY after the busy timeout, ...), with their messages. */
  public List<String> failures() {
    return List.copyOf(failureMessages);
  }

  /** The longest a write took, in milliseconds. */
  public double maxMillis() {
    return percentileMillis(100);
  }

  /** The longest a write was blocked on someone else's lock, in milliseconds. */
  public double maxBlockedMillis() {
    return percentile(blockedNanos, 100);
  }

  /** A percentile of the writes' durations, in milliseconds. */
  public double percentileMillis(double percentile) {
    return percentile(latenciesNanos, percentile);
  }

  private static double percentile(List<Long> values, double percentile) {
    List<Long> sorted;
    synchronized (values) {
      sorted = new ArrayList<>(values);
    }
    if (sorted.isEmpty()) {
      return 0;
    }
    Collections.sort(sorted);
    int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1))) / 1e6;
  }

  /** One line: count, failures, durations and lock waits. */
  public String summary() {
    return String.format(
        "%d writes committed, %d failed; duration p50 %.2f ms, p99 %.2f ms, max %.2f ms;"
            + " blocked on locks: %d writes, p99 %.2f ms, max %.2f ms",
        committed(),
        failures.get(),
        percentileMillis(50),
        percentileMillis(99),
        maxMillis(),
        blockedNanos.stream().filter(n -> n > 0).count(),
        percentile(blockedNanos, 99),
        maxBlockedMillis());
  }

  @Override
  public void close() throws SQLException {
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    done.countDown();
    connection.close();
  }
}
