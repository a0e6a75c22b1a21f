package io.tributary.source.sqlite.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.common.control.CaptureNames;
import io.tributary.common.event.Op;
import io.tributary.common.event.SourcePosition;
import io.tributary.common.event.Topics;
import io.tributary.source.sqlite.catalog.SqliteCatalogReader;
import io.tributary.testing.SqliteVec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sqlite-vec writes an UPDATE of a vector or of a metadata value into its chunk in place, with blob
 * I/O that no trigger sees. Written here by the real extension, as an application writes them:
 * capture finds them by the chunks' hashes, logs them as updates and emits the rows whole; only the
 * rows that changed produce events; a capture stopped meanwhile finds them when it starts again; a
 * fence logs them before itself.
 */
class Vec0InPlaceCaptureTest {
  static final String TOPIC = "tributary.demo.app.main.items";
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  private Path file;

  private void write(String sql, Object... args) throws SQLException {
    SqliteVec.execute(file, sql, args);
  }

  private static byte[] floats(int seed, int dims) {
    ByteBuffer b = ByteBuffer.allocate(dims * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < dims; i++) {
      b.putFloat((float) Math.cos(seed * 17 + i));
    }
    return b.array();
  }

  /** 30 rows over 4 chunks of 8: a vector, an int8 vector, every metadata type, an auxiliary. */
  private void createItems() throws SQLException {
    file = dir.resolve("items.db");
    try (Connection c = SqliteVec.open(file);
        Statement st = c.createStatement()) {
      st.execute("PRAGMA journal_mode=WAL");
      st.execute(
          "CREATE VIRTUAL TABLE items USING vec0(embedding float[8], small int8[4],"
              + " category integer, flag boolean, score float, label text, +note text,"
              + " chunk_size=8)");
    }
    for (int i = 1; i <= 30; i++) {
      write(
          "INSERT INTO items (rowid, embedding, small, category, flag, score, label, note)"
              + " VALUES (?, ?, vec_int8(?), ?, ?, ?, ?, ?)",
          i,
          floats(i, 8),
          "[" + i + ", -" + i + ", 3, 4]",
          i * 10,
          i % 2,
          i * 0.25,
          i % 3 == 0 ? "a label longer than twelve bytes " + i : "l" + i,
          "n" + i);
    }
  }

  private static Map<String, String> interval(String ms) {
    return Map.of(SqliteConnectorConfig.VEC0_SCAN_INTERVAL_MS, ms);
  }

  /** Polls (the scan runs when due, inside a poll) until the replica equals the source. */
  private static void awaitEqual(TaskHarness harness) {
    awaitPolled(harness, () -> assertThat(harness.differencesFromSource()).isEmpty());
  }

  /** Polls until what was delivered passes {@code check}. */
  private static void awaitPolled(TaskHarness harness, ThrowingRunnable check) {
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(50))
        .untilAsserted(
            () -> {
              harness.drain();
              check.run();
            });
  }

  private static List<String> changes(List<SourceRecord> records) {
    return records.stream()
        .filter(r -> r.topic().equals(TOPIC))
        .map(r -> r.key() + " " + TaskHarness.decode(r).op())
        .toList();
  }

  @Test
  @DisplayName(
      "In-place UPDATEs of a vector and of each metadata type arrive as updates of exactly their"
          + " rows; the replica equals the source")
  void inPlaceUpdatesArrive() throws Exception {
    createItems();
    TaskHarness harness = new TaskHarness(file, interval("100"), null);
    assertThat(harness.snapshotRows(harness.drain(), TOPIC)).hasSize(30);
    int delivered = harness.delivered.size();

    write("UPDATE items SET embedding = ? WHERE rowid = 3", floats(300, 8));
    // (sqlite-vec 0.1.9 refuses an UPDATE of an int8 vector: "expected to be of type int8, but a
    // float32 vector was provided"; its slots are hashed all the same, and must never differ)
    write("UPDATE items SET category = 4242 WHERE rowid = 17");
    write("UPDATE items SET flag = 0 WHERE rowid = 21");
    write("UPDATE items SET score = -1.5 WHERE rowid = 22");
    write("UPDATE items SET label = 'short' WHERE rowid = 25");
    awaitEqual(harness);
    harness.stop();

    List<SourceRecord> after = harness.delivered.subList(delivered, harness.delivered.size());
    assertThat(changes(after))
        .containsExactlyInAnyOrder(
            "{\"rowid\":3} " + Op.UPDATE,
            "{\"rowid\":17} " + Op.UPDATE,
            "{\"rowid\":21} " + Op.UPDATE,
            "{\"rowid\":22} " + Op.UPDATE,
            "{\"rowid\":25} " + Op.UPDATE);
    assertThat(harness.replica.get(TOPIC).get("{\"rowid\":17}")).contains("\"category\":4242");
    assertThat(scanRecord(file)).as("hashes of the 30 rows as emitted").isEqualTo(30);
  }

  @Test
  @DisplayName(
      "In-place updates made while capture is stopped, and one made before it stopped that no"
          + " scan saw, arrive when it starts again")
  void updatesWhileStoppedArriveAfterRestart() throws Exception {
    createItems();
    // no scan after the snapshot: the first one due is an hour away
    TaskHarness first = new TaskHarness(file, interval("3600000"), null);
    List<SourceRecord> all = first.drain();
    write("UPDATE items SET embedding = ? WHERE rowid = 5", floats(500, 8));
    assertThat(first.drain()).isEmpty();
    first.stop();

    write("UPDATE items SET category = -7 WHERE rowid = 12");
    write("UPDATE items SET embedding = ?, flag = 1 WHERE rowid = 30", floats(3000, 8));

    TaskHarness second =
        new TaskHarness(file, interval("100"), TaskHarness.offsetOf(all.get(all.size() - 1)));
    second.replica.putAll(first.replica);
    awaitEqual(second);
    second.stop();
    assertThat(changes(second.delivered))
        .containsExactlyInAnyOrder(
            "{\"rowid\":5} " + Op.UPDATE,
            "{\"rowid\":12} " + Op.UPDATE,
            "{\"rowid\":30} " + Op.UPDATE);
  }

  @Test
  @DisplayName(
      "A fence scans the chunks first: an in-place update made just before it is delivered before"
          + " the fence's marker, with no periodic scan")
  void fenceLogsInPlaceUpdatesBeforeItself() throws Exception {
    createItems();
    TaskHarness harness = new TaskHarness(file, interval("3600000"), null);
    harness.drain();
    int delivered = harness.delivered.size();

    write("UPDATE items SET embedding = ? WHERE rowid = 7", floats(700, 8));
    write("UPDATE items SET category = 77 WHERE rowid = 8");
    long fence =
        new SqliteFenceLog(file, Duration.ofSeconds(5))
            .emitFence(
                CaptureNames.sqliteConsumer("demo", "app"),
                "{\"fence\": 1, \"migration\": \"demo\", \"source\": \"app\"}");
    List<SourceRecord> after = harness.drain();
    harness.stop();

    int fenceAt = -1;
    for (int i = 0; i < after.size(); i++) {
      if (after.get(i).topic().equals("tributary.capture")
          && CaptureProgress.FENCE.equals(
              CaptureProgress.parse((byte[]) after.get(i).value()).event())) {
        fenceAt = i;
      }
    }
    assertThat(fenceAt).as("the fence's record").isPositive();
    assertThat(changes(after.subList(0, fenceAt)))
        .containsExactlyInAnyOrder("{\"rowid\":7} " + Op.UPDATE, "{\"rowid\":8} " + Op.UPDATE);
    assertThat(TaskHarness.offsetOf(after.get(fenceAt)).get("log_position")).isEqualTo(fence);
    // and its position, which its markers carry on, names it in the log as changes name theirs
    Object position = after.get(fenceAt).headers().lastWithName(Topics.POSITION_HEADER).value();
    assertThat(SourcePosition.parse(String.valueOf(position).getBytes(StandardCharsets.UTF_8)))
        .extracting(SourcePosition::major, SourcePosition::minor)
        .containsExactly(fence, 0L);
    assertThat(harness.differencesFromSource()).isEmpty();
    assertThat(harness.delivered.size() - delivered).isEqualTo(after.size());
  }

  @Test
  @DisplayName(
      "A capture installed by a fallback (the target holds every row, no snapshot follows) records"
          + " the rows as they are, and an in-place update after it arrives")
  void fallbackInstallRecordsTheRowsAsEmitted() throws Exception {
    createItems();
    new SqliteCaptureInstaller(file, Duration.ofSeconds(5))
        .install(
            CaptureNames.sqliteConsumer("demo", "app"),
            SqliteCatalogReader.read(file, "demo", "app", "app"),
            true);
    assertThat(scanRecord(file)).isEqualTo(30);
    Map<String, String> config = new HashMap<>(interval("100"));
    config.put(SqliteConnectorConfig.STREAM_ONLY, "true");
    TaskHarness harness = new TaskHarness(file, config, null);
    assertThat(changes(harness.drain())).isEmpty();

    write("UPDATE items SET embedding = ?, category = 1313 WHERE rowid = 13", floats(1300, 8));
    awaitPolled(
        harness,
        () ->
            assertThat(changes(harness.delivered)).containsExactly("{\"rowid\":13} " + Op.UPDATE));
    harness.stop();
    assertThat(harness.replica.get(TOPIC).get("{\"rowid\":13}")).contains("\"category\":1313");
  }

  @Test
  @DisplayName("Uninstalling the last capture removes its record of what it emitted")
  void uninstallRemovesTheRecord() throws Exception {
    createItems();
    TaskHarness harness = new TaskHarness(file, interval("100"), null);
    harness.drain();
    harness.stop();
    assertThat(scanRecord(file)).isEqualTo(30);
    new SqliteCaptureInstaller(file, Duration.ofSeconds(5))
        .uninstall(CaptureNames.sqliteConsumer("demo", "app"));
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT count(*) FROM sqlite_schema WHERE name LIKE '\\_tributary\\_%'"
                        + " ESCAPE '\\'")) {
      rs.next();
      assertThat(rs.getLong(1)).isZero();
    }
  }

  /** Rows in capture's record of what it emitted. */
  private static long scanRecord(Path file) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT count(*) FROM \"" + Vec0HashStatementBuilder.ROWS_TABLE + "\"")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
