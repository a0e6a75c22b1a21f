package io.tributary.tools;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The application of {@code bench/cutover.sh --source sqlite}: one INSERT per transaction into the
 * table {@code cutover_events} of a SQLite file, at a fixed rate (open loop: a late transaction
 * does not lower the rate), through a cutover, as an application that follows an env-file switch
 * would. The key is left to the database ({@code INTEGER PRIMARY KEY}), so writes on the target
 * also check that its identity was set past the highest key.
 *
 * <p>When the source refuses a write (the freeze's triggers) or holds it (the freeze's write lock),
 * the writer keeps trying that write and reads the env file the cutover's {@code env-file} action
 * writes; once the file names the target, it connects there (as the schema's role, with {@code
 * PGPASSWORD}) and goes on. The pause it reports is the one the application saw: from the time the
 * first write that never committed on the source was due, to the commit of the first write on the
 * target.
 *
 * <p>Usage: {@code CutoverWriter <sqlite-file> <env-file> <transactions per second> <seconds>}.
 * {@code CutoverWriter <sqlite-file> --seed <rows> [--journal wal|delete]} creates the table with
 * that many rows first, in WAL mode or SQLite's default rollback-journal mode ({@code delete},
 * where a reader's read transaction holds every writer's commit back). Prints {@code source=<n>
 * target=<n> refused=<n> last_seq=<n> pause_ms=<ms>} and the latency of the transactions (from when
 * each was due to its commit).
 */
public final class CutoverWriter {
  private static final String REFUSAL = "has moved to PostgreSQL";
  private static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(10);

  /** A commit on the source held longer than this is printed with when it began (issue 48). */
  private static final long HELD_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final Path envFile;
  private Connection connection;
  private PreparedStatement insert;
  private boolean onTarget;

  private CutoverWriter(Connection source, Path envFile) throws SQLException {
    this.envFile = envFile;
    use(source);
  }

  /**
   * The environment variable naming a file for each transaction's due time and latency ({@code
   * bench/cutover.sh} sets it), one line each: {@code <due epoch ms> <latency ms>}.
   */
  static final String TX_LOG = "TRIBUTARY_WRITER_TX_LOG";

  public static void main(String[] args) throws Exception {
    if ((args.length == 3 || args.length == 5) && args[1].equals("--seed")) {
      String journal = "wal";
      if (args.length == 5) {
        if (!args[3].equals("--journal") || !Set.of("wal", "delete").contains(args[4])) {
          throw new IllegalArgumentException("--journal takes wal or delete, not " + args[4]);
        }
        journal = args[4];
      }
      seed(args[0], Long.parseLong(args[2]), journal);
      return;
    }
    if (args.length != 4) {
      throw new IllegalArgumentException(
          "usage: CutoverWriter <sqlite-file> <env-file> <transactions per second> <seconds>"
              + " | CutoverWriter <sqlite-file> --seed <rows> [--journal wal|delete]");
    }
    int rate = Integer.parseInt(args[2]);
    int seconds = Integer.parseInt(args[3]);
    if (rate < 1 || seconds < 1) {
      throw new IllegalArgumentException("rate and seconds must be positive");
    }
    // an application has its drivers loaded: the pause measured is the switch's, not class loading
    Class.forName("org.postgresql.Driver");
    Connection source = DriverManager.getConnection("jdbc:sqlite:" + args[0]);
    try (Statement st = source.createStatement()) {
      st.execute("PRAGMA busy_timeout = 10000");
      st.execute("PRAGMA synchronous = NORMAL");
    }
    new CutoverWriter(source, Path.of(args[1])).run(rate, seconds);
  }

  /**
   * Creates {@code cutover_events} in the journal mode ({@code wal} or {@code delete}) with {@code
   * rows} rows (seq 1..rows).
   */
  static void seed(String file, long rows, String journal) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      st.execute("PRAGMA journal_mode = " + (journal.equals("delete") ? "DELETE" : "WAL"));
      st.execute(
          "CREATE TABLE IF NOT EXISTS cutover_events (id INTEGER PRIMARY KEY, seq INTEGER NOT NULL"
              + " UNIQUE, payload TEXT NOT NULL, at TEXT NOT NULL)");
      c.setAutoCommit(false);
      try (PreparedStatement ps =
          c.prepareStatement("INSERT INTO cutover_events (seq, payload, at) VALUES (?, ?, ?)")) {
        String at = Instant.now().toString();
        for (long seq = 1; seq <= rows; seq++) {
          ps.setLong(1, seq);
          ps.setString(2, "seed " + seq);
          ps.setString(3, at);
          ps.addBatch();
          if (seq % 10_000 == 0) {
            ps.executeBatch();
          }
        }
        ps.executeBatch();
      }
      c.commit();
    }
  }

  private void run(int rate, int seconds) throws SQLException, InterruptedException {
    long total = (long) rate * seconds;
    long nextSeq = lastSeq() + 1;
    long[] latencies = new long[(int) total];
    long sourceWrites = 0;
    long targetWrites = 0;
    long refused = 0;
    long firstHeldAt = -1;
    long firstTargetCommitAt = -1;
    long failingSince = -1;
    long switchSeenAt = -1;
    long connectedAt = -1;
    long start = System.nanoTime();
    Instant startedAt = Instant.now();
    for (int i = 0; i < total; i++) {
      long dueAt = start + TimeUnit.SECONDS.toNanos(1) * i / rate;
      long now = System.nanoTime();
      if (now < dueAt) {
        TimeUnit.NANOSECONDS.sleep(dueAt - now);
      }
      long seq = nextSeq++;
      long firstAttemptAt = System.nanoTime();
      while (true) {
        boolean wasOnTarget = onTarget;
        try {
          insert.setLong(1, seq);
          insert.setString(2, "cutover " + seq);
          insert.setString(3, Instant.now().toString());
          insert.executeUpdate();
          failingSince = -1;
          long committed = System.nanoTime();
          latencies[i] = committed - dueAt;
          long held = committed - firstAttemptAt;
          if (!wasOnTarget && held > HELD_NANOS) {
            // a commit the source held back (a reader's lock, the freeze's write lock): when
            System.out.printf(
                Locale.ROOT,
                "held %d ms from %s%n",
                held / 1_000_000,
                Instant.now().minusNanos(held));
          }
          if (wasOnTarget) {
            targetWrites++;
            if (firstTargetCommitAt < 0) {
              firstTargetCommitAt = committed;
            }
          } else {
            sourceWrites++;
          }
          break;
        } catch (SQLException e) {
          if (!wasOnTarget) {
            if (firstHeldAt < 0) {
              firstHeldAt = firstAttemptAt;
            }
            if (String.valueOf(e.getMessage()).contains(REFUSAL)) {
              refused++;
            }
            Optional<String> url = targetUrl();
            if (url.isPresent()) {
              switchSeenAt = System.nanoTime();
              use(DriverManager.getConnection(url.get()));
              connectedAt = System.nanoTime();
              continue;
            }
          }
          if (wasOnTarget) {
            if (failingSince < 0) {
              failingSince = System.nanoTime();
            } else if (System.nanoTime() - failingSince > GIVE_UP_NANOS) {
              throw e; // not a pause: the target refuses this write
            }
          }
          TimeUnit.NANOSECONDS.sleep(RETRY_NANOS);
        }
      }
      if (!onTarget && firstHeldAt >= 0) {
        firstHeldAt = -1; // held, then committed on the source: not the cutover's pause yet
      }
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    String txLog = System.getenv(TX_LOG);
    if (txLog != null && !txLog.isBlank()) {
      // each transaction's due time (epoch ms) and its latency from due to commit (ms), for the
      // bench's stalls by phase of the cutover
      long startEpochMs = startedAt.toEpochMilli();
      try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(txLog)))) {
        for (int i = 0; i < total; i++) {
          out.printf(Locale.ROOT, "%d %.3f%n", startEpochMs + 1000L * i / rate, latencies[i] / 1e6);
        }
      } catch (IOException e) {
        System.err.println("cannot write " + txLog + ": " + e.getMessage());
      }
    }
    Arrays.sort(latencies);
    System.out.printf(
        Locale.ROOT,
        "wrote %,d transactions in %.2f s (%,.0f/s); latency from due to commit p50 %.1f ms, p99"
            + " %.1f ms, max %.1f ms%n",
        total,
        elapsed,
        total / elapsed,
        latencies[latencies.length / 2] / 1e6,
        latencies[(int) Math.min(latencies.length - 1, latencies.length * 0.99)] / 1e6,
        latencies[latencies.length - 1] / 1e6);
    System.out.printf(
        Locale.ROOT,
        "source=%d target=%d refused=%d last_seq=%d pause_ms=%s%n",
        sourceWrites,
        targetWrites,
        refused,
        nextSeq - 1,
        firstTargetCommitAt < 0 || firstHeldAt < 0
            ? "none"
            : String.valueOf((firstTargetCommitAt - firstHeldAt) / 1_000_000));
    if (switchSeenAt >= 0 && firstHeldAt >= 0 && firstTargetCommitAt >= 0) {
      System.out.printf(
          Locale.ROOT,
          "of the pause: %d ms until the env file named the target, %d ms to connect to it, %d ms"
              + " to the first commit there%n",
          (switchSeenAt - firstHeldAt) / 1_000_000,
          (connectedAt - switchSeenAt) / 1_000_000,
          (firstTargetCommitAt - connectedAt) / 1_000_000);
    }
    connection.close();
  }

  private void use(Connection next) throws SQLException {
    if (connection != null) {
      connection.close();
    }
    connection = next;
    onTarget = next.getMetaData().getURL().startsWith("jdbc:postgresql:");
    insert =
        next.prepareStatement("INSERT INTO cutover_events (seq, payload, at) VALUES (?, ?, ?)");
  }

  private long lastSeq() throws SQLException {
    try (Statement st = connection.createStatement();
        var rs = st.executeQuery("SELECT coalesce(max(seq), 0) FROM cutover_events")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * The target's JDBC URL once the env file names it: {@code DATABASE_URL} ({@code
   * postgresql://user@host:port/db?options=...}) with {@code PGPASSWORD} from the environment.
   */
  private Optional<String> targetUrl() {
    String text;
    try {
      text = Files.readString(envFile);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + envFile + ": " + e.getMessage(), e);
    }
    for (String line : text.split("\n")) {
      if (line.startsWith("DATABASE_URL=")) {
        return Optional.of(jdbc(unquote(line.substring("DATABASE_URL=".length()))));
      }
    }
    return Optional.empty();
  }

  /**
   * {@code postgresql://user@host:port/db?options=o} → a JDBC URL with user and password; strings
   * are sent untyped ({@code stringtype=unspecified}), so the text timestamps an application wrote
   * to SQLite go into the target's {@code timestamptz} columns as they are.
   */
  static String jdbc(String url) {
    String rest = url.substring("postgresql://".length());
    int at = rest.indexOf('@');
    String user = URLDecoder.decode(rest.substring(0, at), StandardCharsets.UTF_8);
    String hostAndDb = rest.substring(at + 1);
    String password = System.getenv().getOrDefault("PGPASSWORD", "");
    String separator = hostAndDb.contains("?") ? "&" : "?";
    return "jdbc:postgresql://"
        + hostAndDb
        + separator
        + "user="
        + URLEncoder.encode(user, StandardCharsets.UTF_8)
        + "&password="
        + URLEncoder.encode(password, StandardCharsets.UTF_8)
        + "&stringtype=unspecified";
  }

  private static String unquote(String value) {
    String v = value.strip();
    if (v.length() >= 2 && v.startsWith("'") && v.endsWith("'")) {
      return v.substring(1, v.length() - 1).replace("'\\''", "'");
    }
    return v;
  }
}
