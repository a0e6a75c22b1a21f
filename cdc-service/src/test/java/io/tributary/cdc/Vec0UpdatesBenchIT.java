package io.tributary.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.common.catalog.TableDef;
import io.tributary.common.naming.Identifiers;
import io.tributary.testing.SqliteVec;
import io.tributary.testing.TestInfrastructure;
import io.tributary.testing.TributaryInfraExtension;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The benchmark of in-place sqlite-vec updates ({@code bench/vec0-updates.sh}; excluded from {@code
 * mvn verify}, like the fault suites): a vec0 table of 200,000 vectors of 384 dimensions written by
 * the real extension, migrated by a packaged cdc-service into a throwaway PostgreSQL and Kafka;
 * then 200 in-place {@code UPDATE}s — every other one of a vector, the others of an integer
 * metadata value — of random rows, about one a second, each timed from its commit in SQLite to the
 * first moment the target row shows it (polled every 25 ms). The CPU of the periodic chunk scans is
 * what capture reports (the scanning thread's CPU time, {@code Vec0ScanCost}), over the minutes
 * that lie within the updates; then a fence is requested and timed until capture wrote it (the
 * fence's own scan runs under the file's write lock). Writes {@code target/vec0-updates-bench.md}.
 * Settings: {@code -Dtributary.bench.vec0.rows}, {@code .dims}, {@code .updates}, {@code .interval}
 * (the scan interval, a Quarkus duration), {@code .spacing-ms}.
 */
@ExtendWith(TributaryInfraExtension.class)
class Vec0UpdatesBenchIT {
  private static final int ROWS = Integer.getInteger("tributary.bench.vec0.rows", 200_000);
  private static final int DIMS = Integer.getInteger("tributary.bench.vec0.dims", 384);
  private static final int UPDATES = Integer.getInteger("tributary.bench.vec0.updates", 200);
  private static final String INTERVAL = System.getProperty("tributary.bench.vec0.interval", "3s");
  private static final int SPACING_MS = Integer.getInteger("tributary.bench.vec0.spacing-ms", 1000);
  private static final Duration LONG = Duration.ofMinutes(30);
  private static final String MIGRATION = "vec0-bench";

  /** {@link Vec0ScanCost}'s line. */
  private static final Pattern COST =
      Pattern.compile(
          "^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3}) .*vec0 scans of .*: (\\d+) scans in"
              + " ([0-9.]+) s, CPU (\\d+) ms \\(([0-9.]+) % of one core\\), longest (\\d+) ms;"
              + " (\\d+) chunks read, (\\d+) changed, (\\d+) rows logged");

  private static final DateTimeFormatter LOG_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS", Locale.ROOT);

  @Test
  @DisplayName(
      "200 in-place updates of a 200,000 × 384 vec0 table: latency to the target, scan CPU")
  void inPlaceUpdates(TestInfrastructure infra) throws Exception {
    String database = infra.createTargetDatabase("vec0bench");
    String jdbcUrl = infra.jdbcUrl(database);
    Path dir = Files.createDirectories(Path.of("target", "vec0-bench").toAbsolutePath());
    Path file = dir.resolve("vectors.db");
    Files.deleteIfExists(file);
    Files.deleteIfExists(dir.resolve("vectors.db-wal"));
    Files.deleteIfExists(dir.resolve("vectors.db-shm"));
    long generated = System.nanoTime();
    createItems(file);
    double generateSeconds = (System.nanoTime() - generated) / 1e9;
    long fileMb = Files.size(file) >> 20;
    List<TableDef> tables =
        ControlFixtures.recordSqliteMigration(jdbcUrl, MIGRATION, "app", "vec0_bench", file);
    TableDef items = tables.get(0);
    Path log = Path.of("target", "vec0-bench-cdc.log").toAbsolutePath();
    Files.deleteIfExists(log);
    Map<String, String> env =
        Map.of(
            "TRIBUTARY_APPLY_GROUP_ID",
            "tributary-apply-" + database,
            "TRIBUTARY_CAPTURE_SQLITE_VEC0_SCAN_INTERVAL",
            INTERVAL);

    List<Long> latencies = new ArrayList<>();
    long fenceMs;
    Instant updatesStarted;
    Instant updatesEnded;
    double snapshotSeconds;
    try (CdcProcess cdc = new CdcProcess(infra, database, log, env)) {
      long started = System.nanoTime();
      cdc.start();
      await()
          .atMost(LONG)
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> ControlFixtures.targetCount(jdbcUrl, items) == ROWS);
      snapshotSeconds = (System.nanoTime() - started) / 1e9;
      // the first scans after the snapshot read every chunk's rows once (the snapshot's rows
      // marked them): wait until a scan finds every chunk as emitted
      await()
          .atMost(LONG)
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> keptChunks(file) >= (ROWS + 1023) / 1024);

      Random random = new Random(44);
      List<Long> rowids = new ArrayList<>();
      Set<Long> chosen = new LinkedHashSet<>();
      while (chosen.size() < UPDATES) {
        chosen.add(1L + random.nextInt(ROWS));
      }
      rowids.addAll(chosen);
      Map<Long, Long> committedAt = new ConcurrentHashMap<>();
      Map<Long, Long> seenAt = new ConcurrentHashMap<>();
      Map<Long, Float> markers = new ConcurrentHashMap<>();
      Map<Long, Long> categories = new ConcurrentHashMap<>();
      Thread watcher =
          new Thread(
              () -> watch(jdbcUrl, items, committedAt, seenAt, markers, categories),
              "vec0-bench-watcher");
      watcher.setDaemon(true);
      watcher.start();
      updatesStarted = Instant.now();
      try (Connection c = SqliteVec.open(file);
          PreparedStatement vector =
              c.prepareStatement("UPDATE items SET embedding = ? WHERE rowid = ?");
          PreparedStatement category =
              c.prepareStatement("UPDATE items SET category = ? WHERE rowid = ?")) {
        try (Statement st = c.createStatement()) {
          st.execute("PRAGMA busy_timeout = 5000");
        }
        for (int k = 0; k < UPDATES; k++) {
          long rowid = rowids.get(k);
          if (k % 2 == 0) {
            float marker = 1000f + k;
            vector.setBytes(1, vector(random, marker));
            vector.setLong(2, rowid);
            assertThat(vector.executeUpdate()).isEqualTo(1);
            markers.put(rowid, marker);
          } else {
            long value = 1_000_000L + k;
            category.setLong(1, value);
            category.setLong(2, rowid);
            assertThat(category.executeUpdate()).isEqualTo(1);
            categories.put(rowid, value);
          }
          committedAt.put(rowid, System.nanoTime());
          Thread.sleep(SPACING_MS / 2 + random.nextInt(SPACING_MS));
        }
      }
      await()
          .atMost(Duration.ofMinutes(5))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> seenAt.size() == UPDATES);
      updatesEnded = Instant.now();
      watcher.interrupt();
      for (long rowid : rowids) {
        latencies.add((seenAt.get(rowid) - committedAt.get(rowid)) / 1_000_000);
      }

      // a fence: its own scan reads every chunk under the file's write lock
      long requested = System.nanoTime();
      long fence = ControlFixtures.requestFence(jdbcUrl, MIGRATION, "app");
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(10))
          .until(() -> cdc.get("/cdc/fences/" + fence).contains("\"sourcePosition\":\"change-log"));
      fenceMs = (System.nanoTime() - requested) / 1_000_000;
      // one more window of scans after the updates, for the log
      Thread.sleep(1000);
    }

    List<String[]> windows = costWindows(log, updatesStarted, updatesEnded);
    long cpuMs = 0;
    double windowSeconds = 0;
    long scans = 0;
    long longest = 0;
    for (String[] w : windows) {
      scans += Long.parseLong(w[1]);
      windowSeconds += Double.parseDouble(w[2]);
      cpuMs += Long.parseLong(w[3]);
      longest = Math.max(longest, Long.parseLong(w[5]));
    }
    List<Long> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    long p50 = percentile(sorted, 50);
    long p99 = percentile(sorted, 99);
    double cpuShare = windowSeconds == 0 ? Double.NaN : cpuMs / 10.0 / windowSeconds;
    String report =
        String.format(
            Locale.ROOT,
            """
            # In-place sqlite-vec updates, %s

            vec0 table `items(embedding float[%d], category integer, +note text)`, %,d rows (%d MB file),
            written by sqlite-vec 0.1.9 (`%s`); captured by a packaged cdc-service
            (`tributary.capture.sqlite-vec0-scan-interval=%s`) into a throwaway PostgreSQL 15 and
            Kafka (`Vec0UpdatesBenchIT`, `bench/vec0-updates.sh`); machine: %d cores, load average
            %s at the end.

            | | measured | target |
            |---|---:|---:|
            | in-place updates (every other a vector, the others an integer metadata value) | %d | 200 |
            | latency commit in SQLite → row visible in the target, p50 | %,d ms | |
            | latency, p99 | **%,d ms** | ≤ 5,000 ms |
            | latency, max | %,d ms | |
            | scan CPU (the scanning thread's CPU time, as capture reports it) over %.0f s within the updates | **%.1f %% of one core** (%,d ms in %d scans, longest scan %d ms) | ≤ 10 %% |
            | a fence: requested → written (its scan of every chunk under the write lock) | %,d ms | |

            Generating the file: %.1f s; snapshot into the target: %.1f s.

            Latencies (ms, in update order): %s
            """,
            LocalDateTime.now(ZoneId.of("UTC")).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME),
            DIMS,
            ROWS,
            fileMb,
            SqliteVec.extension(),
            INTERVAL,
            Runtime.getRuntime().availableProcessors(),
            Files.readString(Path.of("/proc/loadavg")).split(" ")[0],
            latencies.size(),
            p50,
            p99,
            sorted.get(sorted.size() - 1),
            windowSeconds,
            cpuShare,
            cpuMs,
            scans,
            longest,
            fenceMs,
            generateSeconds,
            snapshotSeconds,
            latencies);
    Files.writeString(Path.of("target", "vec0-updates-bench.md"), report);
    System.out.println(report);
    assertThat(windows).as("scan cost lines within the updates").isNotEmpty();
  }

  /** Polls the target for the updated rows; the first time each shows its new value. */
  private static void watch(
      String jdbcUrl,
      TableDef items,
      Map<Long, Long> committedAt,
      Map<Long, Long> seenAt,
      Map<Long, Float> markers,
      Map<Long, Long> categories) {
    String sql =
        "SELECT "
            + ControlFixtures.targetColumn(items, "rowid")
            + ", ("
            + ControlFixtures.targetColumn(items, "embedding")
            + "::real[])[1], "
            + ControlFixtures.targetColumn(items, "category")
            + " FROM "
            + Identifiers.qualified(items.targetSchema(), items.targetTable())
            + " WHERE "
            + ControlFixtures.targetColumn(items, "rowid")
            + " = ANY(?)";
    try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
        PreparedStatement st = c.prepareStatement(sql)) {
      while (!Thread.currentThread().isInterrupted()) {
        List<Long> pending = new ArrayList<>();
        for (Long rowid : committedAt.keySet()) {
          if (!seenAt.containsKey(rowid)) {
            pending.add(rowid);
          }
        }
        if (!pending.isEmpty()) {
          st.setArray(1, c.createArrayOf("bigint", pending.toArray()));
          try (ResultSet rs = st.executeQuery()) {
            long now = System.nanoTime();
            while (rs.next()) {
              long rowid = rs.getLong(1);
              Float marker = markers.get(rowid);
              Long category = categories.get(rowid);
              boolean arrived =
                  (marker != null && rs.getFloat(2) == marker)
                      || (category != null && rs.getLong(3) == category);
              if (arrived) {
                seenAt.putIfAbsent(rowid, now);
              }
            }
          }
        }
        Thread.sleep(25);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The scan-cost lines whose whole window lies within the updates: their fields. */
  private static List<String[]> costWindows(Path log, Instant from, Instant to) throws Exception {
    List<String[]> out = new ArrayList<>();
    for (String line : Files.readAllLines(log)) {
      Matcher m = COST.matcher(line);
      if (!m.find()) {
        continue;
      }
      Instant end =
          LocalDateTime.parse(m.group(1), LOG_TIME).atZone(ZoneId.systemDefault()).toInstant();
      Instant start = end.minusMillis((long) (Double.parseDouble(m.group(3)) * 1000));
      if (!start.isBefore(from) && !end.isAfter(to)) {
        out.add(
            new String[] {m.group(1), m.group(2), m.group(3), m.group(4), m.group(5), m.group(6)});
      }
    }
    return out;
  }

  private static long percentile(List<Long> sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  /** Rows in chunks, by the extension, in transactions of 10,000. */
  private static void createItems(Path file) throws SQLException {
    Random random = new Random(1);
    SqliteVec.createAndFill(
        file,
        "CREATE VIRTUAL TABLE items USING vec0(embedding float["
            + DIMS
            + "], category integer,"
            + " +note text)",
        "INSERT INTO items (rowid, embedding, category, note) VALUES (?, ?, ?, ?)",
        ROWS,
        i -> new Object[] {(long) i, vector(random, random.nextFloat()), i % 1000L, "note " + i});
  }

  private static byte[] vector(Random random, float first) {
    ByteBuffer b = ByteBuffer.allocate(DIMS * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.putFloat(first);
    for (int i = 1; i < DIMS; i++) {
      b.putFloat(random.nextFloat() * 2 - 1);
    }
    return b.array();
  }

  /** Chunks whose hash capture keeps (found as emitted). */
  private static long keptChunks(Path file) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT count(*) FROM _tributary_vec0_chunks WHERE hash IS NOT NULL")) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      if (e.getMessage().contains("no such table")) {
        return 0;
      }
      throw e;
    }
  }
}
