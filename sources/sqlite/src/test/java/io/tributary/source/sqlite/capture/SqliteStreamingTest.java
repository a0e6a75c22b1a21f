package io.tributary.source.sqlite.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.common.event.ChangeEvent;
import io.tributary.common.event.Op;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/** Streaming against real SQLite files, in WAL and rollback-journal mode. */
class SqliteStreamingTest {
  @TempDir Path dir;

  static final String ITEMS = "tributary.demo.app.main.order_items";
  static final String TAGS = "tributary.demo.app.main.tags";
  static final String BLOBS = "tributary.demo.app.main.blobs";
  static final String PEOPLE = "tributary.demo.app.main.people";

  /**
   * Five tables: a composite key and column names that need quoting, a WITHOUT ROWID table with a
   * text key, a blob key, a real key, and an INTEGER PRIMARY KEY (rowid alias).
   */
  Path database(String journalMode, int rowsPerTable) throws SQLException {
    Path file = dir.resolve("app-" + journalMode + ".db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      st.execute("PRAGMA journal_mode=" + journalMode);
      st.execute(
          "CREATE TABLE \"order items\" (\"order id\" INTEGER NOT NULL, \"line\" INTEGER NOT NULL,"
              + " \"select\" TEXT, \"we\"\"ird col\" REAL, PRIMARY KEY (\"order id\", \"line\"))");
      st.execute("CREATE TABLE tags (name TEXT PRIMARY KEY, weight REAL) WITHOUT ROWID");
      st.execute("CREATE TABLE blobs (k BLOB PRIMARY KEY, v TEXT)");
      st.execute("CREATE TABLE reals (r REAL PRIMARY KEY, v TEXT)");
      st.execute("CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
      c.setAutoCommit(false);
      for (int i = 1; i <= rowsPerTable; i++) {
        exec(
            c,
            "INSERT INTO \"order items\" VALUES (?, ?, ?, ?)",
            i / 3,
            i % 3,
            "item " + i,
            i / 7.0);
        exec(c, "INSERT INTO tags VALUES (?, ?)", "tag-" + i, i * 1.5);
        exec(
            c,
            "INSERT INTO blobs VALUES (?, ?)",
            new byte[] {(byte) (i >> 8), (byte) i, 0},
            "b" + i);
        exec(c, "INSERT INTO reals VALUES (?, ?)", i + 0.1, "r" + i);
        exec(c, "INSERT INTO people VALUES (?, ?)", i, "person " + i);
      }
      c.commit();
    }
    return file;
  }

  static void exec(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        st.setObject(i + 1, args[i]);
      }
      st.executeUpdate();
    }
  }

  static void write(Path file, String... statements) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      st.execute("PRAGMA busy_timeout = 5000");
      for (String s : statements) {
        st.execute(s);
      }
    }
  }

  static long logSize(Path file) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        ResultSet rs =
            c.createStatement().executeQuery("SELECT count(*) FROM _tributary_changes")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Inserts, updates, deletes and key changes on every table. */
  static final String[] CHANGES = {
    "INSERT INTO \"order items\" VALUES (1000, 1, 'new', 0.5)",
    "UPDATE \"order items\" SET \"select\" = 'changed', \"we\"\"ird col\" = NULL WHERE \"order id\" = 2",
    "DELETE FROM \"order items\" WHERE \"order id\" = 3",
    "UPDATE \"order items\" SET \"line\" = \"line\" + 10 WHERE \"order id\" = 4",
    "INSERT INTO tags VALUES ('Ünïcode \"tag\" ''x''', 1)",
    "UPDATE tags SET name = 'renamed' WHERE name = 'tag-5'",
    "DELETE FROM tags WHERE name = 'tag-6'",
    "UPDATE tags SET weight = -1 WHERE name = 'tag-7'",
    "INSERT INTO blobs VALUES (x'', 'empty blob')",
    "UPDATE blobs SET k = x'ffff' WHERE v = 'b8'",
    "DELETE FROM blobs WHERE v = 'b9'",
    "UPDATE reals SET r = 0.30000000000000004 WHERE v = 'r10'",
    "DELETE FROM reals WHERE v = 'r11'",
    "INSERT INTO people VALUES (9000, 'inserted')",
    "UPDATE people SET id = 9001 WHERE id = 12",
    "UPDATE people SET name = 'updated twice' WHERE id = 13",
    "UPDATE people SET name = 'updated thrice' WHERE id = 13",
    "DELETE FROM people WHERE id = 14",
    "INSERT INTO people VALUES (14, 'deleted and inserted again')",
    "INSERT INTO people VALUES (15000, 'inserted then deleted')",
    "DELETE FROM people WHERE id = 15000",
  };

  @ParameterizedTest(name = "journal mode {0}")
  @ValueSource(strings = {"WAL", "DELETE"})
  @DisplayName(
      "Inserts, updates, deletes and key changes after the snapshot arrive as c/u/d with the current row")
  void streamsChangesAfterSnapshot(String mode) throws Exception {
    Path file = database(mode, 60);
    TaskHarness harness = new TaskHarness(file, Map.of(), null);
    List<SourceRecord> snapshot = harness.drain();
    assertThat(snapshot).isNotEmpty();
    assertThat(harness.differencesFromSource()).isEmpty();

    write(file, CHANGES);
    List<SourceRecord> changes = harness.drain();
    harness.stop();
    assertThat(harness.differencesFromSource()).isEmpty();

    long previous = 0;
    for (SourceRecord r : changes) {
      ChangeEvent event = TaskHarness.decode(r);
      assertThat(event.source().snapshot()).isEqualTo("false");
      assertThat(event.source().pos()).isGreaterThan(previous);
      assertThat(TaskHarness.offsetOf(r).get("log_position")).isEqualTo(event.source().pos());
      previous = event.source().pos();
    }
    assertThat(changes)
        .extracting(r -> TaskHarness.decode(r).op())
        .contains(Op.CREATE, Op.UPDATE, Op.DELETE);
    SourceRecord renamedAway =
        changes.stream()
            .filter(r -> r.topic().equals(PEOPLE) && r.key().equals("{\"id\":12}"))
            .findFirst()
            .orElseThrow();
    ChangeEvent delete = TaskHarness.decode(renamedAway);
    assertThat(delete.op()).isEqualTo(Op.DELETE);
    assertThat(delete.before().toString()).isEqualTo("{\"id\":12}");
    assertThat(delete.after()).isNull();
    // one change per key per batch: the three updates of person 13 arrive once, as the last state
    assertThat(changes).filteredOn(r -> r.key().equals("{\"id\":13}")).hasSize(1);
    assertThat(
            changes.stream()
                .filter(r -> r.topic().equals(ITEMS))
                .map(r -> (String) r.key())
                .toList())
        .contains("{\"order id\":1000,\"line\":1}", "{\"order id\":4,\"line\":12}");
  }

  @ParameterizedTest(name = "journal mode {0}")
  @ValueSource(strings = {"WAL", "DELETE"})
  @DisplayName("Changes made while the snapshot runs are streamed after it: nothing is lost")
  void changesDuringSnapshotAreNotLost(String mode) throws Exception {
    Path file = database(mode, 300);
    TaskHarness harness =
        new TaskHarness(file, Map.of(SqliteConnectorConfig.SNAPSHOT_FETCH_SIZE, "40"), null);
    for (int i = 0; i < 12; i++) {
      harness.pollOnce(); // part of the snapshot: blobs, "order items", some of people
    }
    write(file, CHANGES);
    write(
        file,
        "DELETE FROM people WHERE id <= 5",
        "UPDATE people SET name = 'late' WHERE id > 290",
        "UPDATE \"order items\" SET \"order id\" = -\"order id\" WHERE \"order id\" < 10");
    harness.drain();
    harness.stop();
    assertThat(harness.differencesFromSource()).isEmpty();
  }

  @ParameterizedTest(name = "journal mode {0}")
  @ValueSource(strings = {"WAL", "DELETE"})
  @DisplayName(
      "A task restarted from a stored streaming offset resumes after it, losing and repeating nothing")
  void resumesFromStreamingOffset(String mode) throws Exception {
    Path file = database(mode, 50);
    TaskHarness first =
        new TaskHarness(file, Map.of(SqliteConnectorConfig.STREAM_BATCH_SIZE, "4"), null);
    first.drain();
    write(file, CHANGES);
    List<SourceRecord> batch = first.pollOnce();
    assertThat(batch).isNotEmpty();
    Map<String, Object> stored = TaskHarness.offsetOf(batch.get(batch.size() - 1));
    long storedPosition = (Long) stored.get("log_position");
    first.stop();
    write(file, "UPDATE people SET name = 'while stopped' WHERE id = 20");

    TaskHarness second =
        new TaskHarness(file, Map.of(SqliteConnectorConfig.STREAM_BATCH_SIZE, "4"), stored);
    second.replica.putAll(first.replica);
    List<SourceRecord> rest = second.drain();
    second.stop();
    assertThat(rest).isNotEmpty();
    assertThat(rest).allSatisfy(r -> assertThat(TaskHarness.decode(r).op()).isNotEqualTo(Op.READ));
    assertThat(rest)
        .allSatisfy(
            r -> assertThat(TaskHarness.decode(r).source().pos()).isGreaterThan(storedPosition));
    assertThat(second.differencesFromSource()).isEmpty();
  }

  @ParameterizedTest(name = "journal mode {0}")
  @ValueSource(strings = {"WAL", "DELETE"})
  @DisplayName("The log is trimmed up to what was acknowledged, never further")
  void trimsOnlyAcknowledged(String mode) throws Exception {
    Path file = database(mode, 20);
    TaskHarness harness = new TaskHarness(file, Map.of(), null);
    harness.drain();
    harness.acknowledge = false;
    write(file, CHANGES);
    long written = logSize(file);
    assertThat(written).isGreaterThan(CHANGES.length);
    List<SourceRecord> changes = harness.drain();
    harness.pollOnce();
    assertThat(logSize(file)).as("nothing acknowledged, nothing trimmed").isEqualTo(written);

    SourceRecord half = changes.get(changes.size() / 2);
    harness.task.commitRecord(half, null);
    harness.pollOnce();
    long halfPosition = TaskHarness.decode(half).source().pos();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        ResultSet rs =
            c.createStatement().executeQuery("SELECT min(seq) FROM _tributary_changes")) {
      rs.next();
      assertThat(rs.getLong(1)).isEqualTo(halfPosition + 1);
    }
    changes.forEach(r -> harness.task.commitRecord(r, null));
    harness.pollOnce();
    assertThat(logSize(file)).isZero();
    harness.stop();
  }

  @Test
  @DisplayName(
      "A capture of the same file unseen past stale-consumer-after (an abandoned migration) is"
          + " removed, so the log is trimmed again; when it runs again it starts a new snapshot."
          + " A capture seen recently is kept, and an idle one records that it is alive")
  void staleConsumersAreRemoved() throws Exception {
    Path file = database("WAL", 10);
    TaskHarness abandoned =
        new TaskHarness(file, Map.of(SqliteConnectorConfig.MIGRATION, "abandoned"), null);
    List<SourceRecord> abandonedRecords = abandoned.drain();
    abandoned.stop();
    TaskHarness live =
        new TaskHarness(
            file, Map.of(SqliteConnectorConfig.STALE_CONSUMER_AFTER_MS, "3600000"), null);
    live.drain();
    write(file, CHANGES);
    live.drain();
    live.pollOnce();
    assertThat(logSize(file)).as("held by the other capture, seen recently").isPositive();
    assertThat(consumers(file)).containsExactly("abandoned/app", "demo/app");

    // the other capture was last seen two hours ago: past stale-consumer-after (one hour)
    write(
        file,
        "UPDATE _tributary_consumers SET seen_ms = seen_ms - 7200000, registered_ms ="
            + " registered_ms - 7200000 WHERE consumer = 'abandoned/app'");
    write(file, "UPDATE people SET name = 'after' WHERE id = 2");
    live.drain();
    live.pollOnce();
    assertThat(consumers(file)).containsExactly("demo/app");
    assertThat(logSize(file)).as("trimmed once the stale capture is gone").isZero();
    live.stop();

    // the abandoned capture runs again: its registration is gone, so it snapshots anew
    TaskHarness back =
        new TaskHarness(
            file,
            Map.of(SqliteConnectorConfig.MIGRATION, "abandoned"),
            TaskHarness.offsetOf(abandonedRecords.get(abandonedRecords.size() - 1)));
    List<SourceRecord> again = back.drain();
    back.stop();
    long sourceRows =
        TaskHarness.source(file).values().stream().mapToLong(rows -> rows.size()).sum();
    assertThat(
            again.stream()
                .filter(r -> r.topic().equals("tributary.abandoned.app.snapshot"))
                .filter(ChunkRows::isChunk)
                .mapToLong(ChunkRows::count)
                .sum())
        .as("a new snapshot of every row")
        .isEqualTo(sourceRows);
  }

  @Test
  @DisplayName("A change log installed before seen_ms existed gets the column when capture starts")
  void consumersTableGetsSeenColumn() throws Exception {
    Path file = database("WAL", 3);
    write(
        file,
        "CREATE TABLE _tributary_consumers (consumer TEXT PRIMARY KEY, registration TEXT NOT"
            + " NULL, pos INTEGER NOT NULL, registered_ms INTEGER NOT NULL)");
    TaskHarness harness = new TaskHarness(file, Map.of(), null);
    harness.drain();
    write(file, CHANGES);
    harness.drain();
    harness.pollOnce();
    harness.stop();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT seen_ms FROM _tributary_consumers WHERE consumer = 'demo/app'")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getLong(1)).isPositive();
    }
  }

  private static List<String> consumers(Path file) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        ResultSet rs =
            c.createStatement()
                .executeQuery("SELECT consumer FROM _tributary_consumers ORDER BY consumer")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  @ParameterizedTest(name = "journal mode {0}")
  @ValueSource(strings = {"WAL"})
  @DisplayName(
      "After change capture was removed and installed again, a stored offset is not trusted: the snapshot restarts")
  void reinstallRestartsTheSnapshot(String mode) throws Exception {
    Path file = database(mode, 10);
    TaskHarness first = new TaskHarness(file, Map.of(), null);
    List<SourceRecord> all = first.drain();
    first.stop();
    new SqliteCaptureInstaller(file, Duration.ofMillis(1000)).uninstall("demo/app");
    write(file, "DELETE FROM people WHERE id = 1");

    TaskHarness second =
        new TaskHarness(file, Map.of(), TaskHarness.offsetOf(all.get(all.size() - 1)));
    List<SourceRecord> again = second.drain();
    second.stop();
    // a new snapshot generation: what the first one wrote is replaced, the deleted row with it
    assertThat(CaptureProgress.parse((byte[]) again.get(0).value()).event())
        .isEqualTo(CaptureProgress.SNAPSHOT_STARTED);
    assertThat(again).anySatisfy(r -> assertThat(ChunkRows.isChunk(r)).isTrue());
    assertThat(second.differencesFromSource()).isEmpty();
  }

  @ParameterizedTest(name = "journal mode {0}")
  @ValueSource(strings = {"DELETE"})
  @DisplayName("A task whose capture is removed underneath it fails with the reason")
  void removedUnderneathFails(String mode) throws Exception {
    Path file = database(mode, 10);
    TaskHarness harness = new TaskHarness(file, Map.of(), null);
    harness.drain();
    new SqliteCaptureInstaller(file, Duration.ofMillis(1000)).uninstall("demo/app");
    assertThatThrownBy(harness::drain)
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("Failed to capture");
    harness.stop();
  }

  @ParameterizedTest(name = "journal mode {0}")
  @ValueSource(strings = {"WAL", "DELETE"})
  @DisplayName(
      "A backlog of 60,000 changes streams in batches of at most stream.batch.size, in order, and converges")
  void backlogStreamsInBoundedBatches(String mode) throws Exception {
    Path file = database(mode, 20_000);
    TaskHarness harness =
        new TaskHarness(file, Map.of(SqliteConnectorConfig.STREAM_BATCH_SIZE, "500"), null);
    harness.drain();
    write(
        file,
        "UPDATE people SET name = name || ' (1)'",
        "UPDATE tags SET weight = weight + 1",
        "DELETE FROM blobs WHERE rowid % 2 = 0");
    long entries = logSize(file);
    long started = System.nanoTime();
    int polls = 0;
    int largest = 0;
    long records = 0;
    List<SourceRecord> batch;
    while ((batch = harness.pollOnce()) != null) {
      polls++;
      largest = Math.max(largest, batch.size());
      records += batch.size();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    LoggerFactory.getLogger(SqliteStreamingTest.class)
        .info(
            "Journal mode {}: streamed {} change-log entries as {} records in {} polls, {} s"
                + " ({} entries/s)",
            mode,
            entries,
            records,
            polls,
            String.format("%.2f", seconds),
            String.format("%.0f", entries / seconds));
    harness.stop();
    assertThat(entries).isEqualTo(50_000);
    assertThat(largest).isLessThanOrEqualTo(500);
    assertThat(polls).isGreaterThanOrEqualTo(100);
    assertThat(harness.differencesFromSource()).isEmpty();
  }
}
