package io.tributary.tools;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The steady writer of bench/run.sh's CDC runs: commits changes to the table {@code cdc_events} of
 * a SQLite file or a PostgreSQL database at a fixed rate (open loop: a late transaction does not
 * lower the rate, the next one carries what is due), and logs when each transaction committed, so
 * that the latency from source commit to target commit can be computed per change.
 *
 * <p>Every change gets the next number in {@code seq}: an insert of a new row, or (a share of
 * {@code updateShare}) an update of a row inserted at least a second earlier (so that apply seldom
 * folds it into the row's insert). The log has one line per transaction: {@code first_seq last_seq
 * commit_epoch_micros} (the wall clock just after the commit returned). At the end it prints {@code
 * rows=<n> seqsum=<sum> last_seq=<seq>} of the whole table, what the target must hold once it has
 * caught up.
 *
 * <p>Usage: {@code SteadyChangeWriter <sqlite-file | jdbc:postgresql:...> <changes per second>
 * <seconds> <log file> [update share, default 0.3]}. The table is created if missing.
 */
public final class SteadyChangeWriter {
  private static final int TICKS_PER_SECOND = 100;

  private final Connection connection;
  private final boolean postgres;
  private final int rate;
  private final double updateShare;
  private final SplittableRandom random = new SplittableRandom(7);

  SteadyChangeWriter(Connection connection, boolean postgres, int rate, double updateShare) {
    this.connection = connection;
    this.postgres = postgres;
    this.rate = rate;
    this.updateShare = updateShare;
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 4 || args.length > 5) {
      throw new IllegalArgumentException(
          "usage: SteadyChangeWriter <sqlite-file | jdbc:postgresql:...> <changes per second>"
              + " <seconds> <log file> [update share]");
    }
    boolean postgres = args[0].startsWith("jdbc:postgresql:");
    int rate = Integer.parseInt(args[1]);
    int seconds = Integer.parseInt(args[2]);
    double updateShare = args.length == 5 ? Double.parseDouble(args[4]) : 0.3;
    if (rate < 1 || seconds < 1 || updateShare < 0 || updateShare > 0.9) {
      throw new IllegalArgumentException(
          "rate and seconds must be positive, the update share between 0 and 0.9");
    }
    String url = postgres ? args[0] : "jdbc:sqlite:" + args[0];
    try (Connection c = DriverManager.getConnection(url)) {
      SteadyChangeWriter writer = new SteadyChangeWriter(c, postgres, rate, updateShare);
      writer.createTable();
      writer.run(seconds, Path.of(args[3]));
    }
  }

  void createTable() throws SQLException {
    try (Statement st = connection.createStatement()) {
      if (postgres) {
        st.execute(
            "CREATE TABLE IF NOT EXISTS cdc_events (id bigint PRIMARY KEY, seq bigint NOT NULL,"
                + " payload text NOT NULL, amount double precision, updated_at timestamptz)");
      } else {
        st.execute("PRAGMA journal_mode = WAL");
        st.execute(
            "CREATE TABLE IF NOT EXISTS cdc_events (id INTEGER PRIMARY KEY, seq INTEGER NOT NULL,"
                + " payload TEXT NOT NULL, amount REAL, updated_at TEXT)");
      }
    }
  }

  void run(int seconds, Path log) throws SQLException, IOException, InterruptedException {
    long[] last = maxIdAndSeq();
    long nextId = last[0] + 1;
    long nextSeq = last[1] + 1;
    long firstIdOfRun = nextId;
    connection.setAutoCommit(false);
    String insertSql =
        "INSERT INTO cdc_events (id, seq, payload, amount, updated_at) VALUES (?, ?, ?, ?, "
            + (postgres ? "?::timestamptz" : "?")
            + ")";
    String updateSql =
        "UPDATE cdc_events SET seq = ?, payload = ?, amount = ?, updated_at = "
            + (postgres ? "?::timestamptz" : "?")
            + " WHERE id = ?";
    long total = (long) rate * seconds;
    long[] insertedAtTick = new long[seconds * TICKS_PER_SECOND + 2];
    long[] commitNanos = new long[seconds * TICKS_PER_SECOND + 16];
    int transactions = 0;
    long done = 0;
    long maxBehindNanos = 0;
    long start = System.nanoTime();
    try (PreparedStatement insert = connection.prepareStatement(insertSql);
        PreparedStatement update = connection.prepareStatement(updateSql);
        BufferedWriter out = Files.newBufferedWriter(log)) {
      int tick = 0;
      while (done < total) {
        long tickAt = start + TimeUnit.SECONDS.toNanos(1) * tick / TICKS_PER_SECOND;
        long now = System.nanoTime();
        if (now < tickAt) {
          TimeUnit.NANOSECONDS.sleep(tickAt - now);
        } else {
          maxBehindNanos = Math.max(maxBehindNanos, now - tickAt);
        }
        long due = Math.min(total, (long) rate * (tick + 1) / TICKS_PER_SECOND) - done;
        // Rows inserted at least a second ago may be updated.
        long updatable =
            tick >= TICKS_PER_SECOND
                ? insertedAtTick[Math.min(tick - TICKS_PER_SECOND, insertedAtTick.length - 1)]
                : firstIdOfRun - 1;
        long firstSeq = nextSeq;
        String now8601 = Instant.now().toString();
        int inserts = 0;
        int updates = 0;
        for (long i = 0; i < due; i++) {
          String payload = payload(nextSeq);
          double amount = random.nextInt(1_000_000) / 100.0;
          if (updatable >= 1 && random.nextDouble() < updateShare) {
            update.setLong(1, nextSeq);
            update.setString(2, payload);
            update.setDouble(3, amount);
            update.setString(4, now8601);
            update.setLong(5, 1 + random.nextLong(updatable));
            update.addBatch();
            updates++;
          } else {
            insert.setLong(1, nextId++);
            insert.setLong(2, nextSeq);
            insert.setString(3, payload);
            insert.setDouble(4, amount);
            insert.setString(5, now8601);
            insert.addBatch();
            inserts++;
          }
          nextSeq++;
        }
        if (inserts > 0) {
          insert.executeBatch();
        }
        if (updates > 0) {
          update.executeBatch();
        }
        if (due > 0) {
          connection.commit();
          long committed = System.nanoTime();
          Instant wall = Instant.now();
          out.write(
              firstSeq
                  + " "
                  + (nextSeq - 1)
                  + " "
                  + (wall.getEpochSecond() * 1_000_000L + wall.getNano() / 1000)
                  + "\n");
          commitNanos[transactions++] = committed - now;
          done += due;
        }
        insertedAtTick[Math.min(tick, insertedAtTick.length - 1)] = nextId - 1;
        tick++;
      }
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    connection.setAutoCommit(true);
    long[] totals = totals();
    long[] commits = Arrays.copyOf(commitNanos, transactions);
    Arrays.sort(commits);
    System.out.printf(
        "wrote %,d changes in %,d transactions in %.2f s (%,.0f changes/s); transaction time p50"
            + " %.1f ms, p99 %.1f ms; most behind schedule %.1f ms%n",
        done,
        transactions,
        elapsed,
        done / elapsed,
        commits[commits.length / 2] / 1e6,
        commits[(int) Math.min(commits.length - 1, commits.length * 0.99)] / 1e6,
        maxBehindNanos / 1e6);
    System.out.printf("rows=%d seqsum=%d last_seq=%d%n", totals[0], totals[1], nextSeq - 1);
  }

  private long[] maxIdAndSeq() throws SQLException {
    try (Statement st = connection.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT coalesce(max(id), 0), coalesce(max(seq), 0) FROM cdc_events")) {
      rs.next();
      return new long[] {rs.getLong(1), rs.getLong(2)};
    }
  }

  private long[] totals() throws SQLException {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*), coalesce(sum(seq), 0) FROM cdc_events")) {
      rs.next();
      return new long[] {rs.getLong(1), rs.getLong(2)};
    }
  }

  private String payload(long seq) {
    StringBuilder text = new StringBuilder(220).append("change ").append(seq).append(':');
    while (text.length() < 200) {
      text.append(' ').append(Long.toString(random.nextLong() & Long.MAX_VALUE, 36));
    }
    return text.toString();
  }
}
