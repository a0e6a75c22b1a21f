package io.tributary.source.sqlite.validate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.source.spi.validate.ChangesAfter;
import io.tributary.source.spi.validate.KeyRanges;
import io.tributary.source.spi.validate.RejectedKeys;
import io.tributary.source.spi.validate.RowScanner;
import io.tributary.source.sqlite.capture.SqliteCaptureInstaller;
import io.tributary.source.sqlite.catalog.SqliteCatalogReader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A SQLite table read as of a cutover's position P ({@link SqliteRowScanner#scanAsOf}): the rows
 * changed after P are left out, as far as the change log read in each short transaction — and the
 * keys capture delivered to the topic once it trimmed the log — tell; the others are read as they
 * are, which is as they were at P.
 */
class SqliteScanAsOfTest {
  private static final int ROWS = 2_000;

  @TempDir Path dir;

  /** The topic's side, in memory: what capture delivered after P, handed over on readOn. */
  private static final class Topic implements ChangesAfter {
    final long position;
    final List<ObjectNode> delivered = new ArrayList<>();
    final List<ObjectNode> known = new ArrayList<>();
    int reads;

    Topic(long position) {
      this.position = position;
    }

    @Override
    public long position() {
      return position;
    }

    @Override
    public List<ObjectNode> known() {
      return known;
    }

    @Override
    public void readOn() {
      reads++;
      for (ObjectNode key : delivered) {
        if (!known.contains(key)) {
          known.add(key);
        }
      }
    }
  }

  /** What a scan handed on: rows by key, and the keys left out. */
  private static final class Seen implements RowScanner.RowSink {
    final Map<String, List<Object>> rows = new HashMap<>();
    final List<String> leftOut = new ArrayList<>();

    @Override
    public void row(List<Object> values) {
      rows.put((String) values.get(0), new ArrayList<>(values));
    }

    @Override
    public void undecodable(ObjectNode sourceKey, String reason) {
      throw new AssertionError("undecodable " + sourceKey + ": " + reason);
    }

    @Override
    public void rejected() {
      throw new AssertionError("nothing is rejected");
    }

    @Override
    public void changedAfter(ObjectNode sourceKey, List<Object> values) {
      leftOut.add(sourceKey.get("id").asText());
      assertThat(values.get(0)).isEqualTo(sourceKey.get("id").asText());
    }
  }

  @ParameterizedTest(name = "journal mode {0}")
  @ValueSource(strings = {"DELETE", "WAL"})
  @DisplayName(
      "Read as of P, a table leaves out exactly the rows changed after P — updated, inserted, moved"
          + " to a new rowid by INSERT OR REPLACE — including one whose log entry capture trimmed"
          + " (known from the topic); rows changed before P are read as they are")
  void leavesOutTheRowsChangedAfterP(String journalMode) throws Exception {
    Path file = dir.resolve("app-" + journalMode + ".db");
    TableDef items = source(file, journalMode);
    exec(file, "UPDATE items SET name = 'before P' WHERE id = 'k5'");
    long p = logSequence(file);
    exec(file, "UPDATE items SET name = 'after P' WHERE id = 'k10'");
    long trimmedUpTo = logSequence(file);
    exec(file, "UPDATE items SET name = 'after P' WHERE id = 'k20'");
    exec(file, "INSERT INTO items VALUES ('new1', 'inserted after P')");
    exec(file, "DELETE FROM items WHERE id = 'k30'");
    exec(file, "INSERT OR REPLACE INTO items VALUES ('k40', 'replaced after P')");
    // capture delivered k10's change and trimmed the log up to it
    exec(file, "DELETE FROM _tributary_changes WHERE seq <= " + trimmedUpTo);
    Topic topic = new Topic(p);
    topic.delivered.add(key("k10"));

    Seen seen = new Seen();
    boolean asOf =
        new SqliteRowScanner(file, items, RejectedKeys.none())
            .scanAsOf(KeyRanges.uniform(0), topic, seen);

    assertThat(asOf).isTrue();
    assertThat(seen.leftOut).containsExactlyInAnyOrder("k10", "k20", "new1", "k40");
    assertThat(seen.rows).hasSize(ROWS - 4).doesNotContainKeys("k10", "k20", "k30", "k40");
    assertThat(seen.rows.get("k5")).containsExactly("k5", "before P");
    assertThat(seen.rows.get("k11")).containsExactly("k11", "v11");
    assertThat(topic.reads).as("the log was trimmed past P: the topic was read on").isPositive();
  }

  @ParameterizedTest(name = "journal mode {0}")
  @ValueSource(strings = {"DELETE", "WAL"})
  @DisplayName(
      "A table too small to read in ranges is read as of P in one transaction too (in a"
          + " rollback-journal file the topic is read after it ended)")
  void aSmallTable(String journalMode) throws Exception {
    Path file = dir.resolve("small-" + journalMode + ".db");
    TableDef items = source(file, journalMode, 100);
    long p = logSequence(file);
    exec(file, "UPDATE items SET name = 'after P' WHERE id = 'k1'");
    exec(file, "UPDATE items SET name = 'after P' WHERE id = 'k2'");
    exec(file, "DELETE FROM _tributary_changes WHERE seq <= " + (p + 1)); // k1's, delivered
    Topic topic = new Topic(p);
    topic.delivered.add(key("k1"));
    Seen seen = new Seen();

    assertThat(
            new SqliteRowScanner(file, items, RejectedKeys.none())
                .scanAsOf(KeyRanges.uniform(0), topic, seen))
        .isTrue();

    assertThat(seen.leftOut).containsExactlyInAnyOrder("k1", "k2");
    assertThat(seen.rows).hasSize(98);
  }

  @ParameterizedTest(name = "journal mode {0}")
  @ValueSource(strings = {"DELETE"})
  @DisplayName(
      "While an application writes all along, each short read leaves out what its own transaction"
          + " shows changed after P: every row handed on has its value from before P")
  void anApplicationWritingAllAlong(String journalMode) throws Exception {
    Path file = dir.resolve("busy.db");
    TableDef items = source(file, journalMode);
    long p = logSequence(file);
    Thread writer =
        new Thread(
            () -> {
              try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                  Statement st = c.createStatement()) {
                st.execute("PRAGMA busy_timeout=30000");
                for (int i = 0; i < 600; i++) {
                  int id = 1 + (i * 7919) % ROWS;
                  st.execute("UPDATE items SET name = 'after P' WHERE id = 'k" + id + "'");
                }
              } catch (SQLException e) {
                throw new IllegalStateException(e);
              }
            });
    writer.start();
    Seen seen = new Seen();
    try {
      new SqliteRowScanner(file, items, RejectedKeys.none())
          .scanAsOf(KeyRanges.uniform(0), new Topic(p), seen);
    } finally {
      writer.join();
    }
    assertThat(seen.rows.values())
        .as("no row handed on was written after P")
        .allSatisfy(row -> assertThat(row.get(1)).isNotEqualTo("after P"));
    assertThat(seen.rows.size() + seen.leftOut.size()).isEqualTo(ROWS);
  }

  @ParameterizedTest(name = "journal mode {0}")
  @ValueSource(strings = {"DELETE", "WAL"})
  @DisplayName(
      "Rows looked up by key (a catch-up round's, the final gate's) come back whole and once each,"
          + " a rollback-journal file's in reads of at most 250 keys each")
  void looksRowsUpByKeyInShortReads(String journalMode) throws Exception {
    Path file = dir.resolve("keys-" + journalMode + ".db");
    TableDef items = source(file, journalMode);
    List<ObjectNode> keys = new ArrayList<>();
    for (int i = 1; i <= 1_000; i++) {
      keys.add(key("k" + (i * 2)));
    }
    keys.add(key("gone"));
    Seen seen = new Seen();

    boolean found = new SqliteRowScanner(file, items, RejectedKeys.none()).scanKeys(keys, seen);

    assertThat(found).isTrue();
    assertThat(seen.rows).hasSize(1_000);
    assertThat(seen.rows.get("k2000")).containsExactly("k2000", "v2000");
    assertThat(SqliteRowScanner.KEYS_PER_READ).isLessThan(1_000);
  }

  @ParameterizedTest(name = "journal mode {0}")
  @ValueSource(strings = {"DELETE"})
  @DisplayName(
      "Rows inserted while a rollback-journal file is read are read in ranges of the same size,"
          + " not in one long read at the end; only the last read is open above")
  void rowsInsertedDuringTheReadAreReadInSteps(String journalMode) throws Exception {
    Path file = dir.resolve("growing.db");
    TableDef items = source(file, journalMode, 1_000);
    List<String> read = new ArrayList<>();
    try (Connection c = SqliteSourceReader.open(file)) {
      ShortReads reads = ShortReads.ofRows(file, c, items, ReadHolds.begin(c));
      assertThat(reads.ranges()).hasSize(4);
      boolean inserted = false;
      for (ReadRange range : reads.reads()) {
        read.add(String.valueOf(range.parameters()));
        reads.release();
        if (!inserted) {
          exec(
              file,
              "WITH RECURSIVE n(i) AS (SELECT 1001 UNION ALL SELECT i + 1 FROM n"
                  + " WHERE i < 3000) INSERT INTO items SELECT 'k' || i, 'v' || i FROM n");
          inserted = true;
        }
      }
    }
    // 3 ranges of the span, then the last one's 250 rowids at a time up to rowid 3,000
    assertThat(read).hasSize(3 + 9);
    assertThat(read.get(read.size() - 1)).isEqualTo("[2750, " + Long.MAX_VALUE + "]");
    Seen seen = new Seen();
    new SqliteRowScanner(file, items, RejectedKeys.none()).scan(seen);
    assertThat(seen.rows).hasSize(3_000);
  }

  /** The file's change-log sequence now: a position. */
  private static long logSequence(Path file) throws SQLException {
    try (Connection c = SqliteSourceReader.open(file)) {
      long seq = ChangeLogSide.logSequence(c);
      c.rollback();
      return seq;
    }
  }

  private static ObjectNode key(String id) {
    return ChangeEventCodec.MAPPER.createObjectNode().put("id", id);
  }

  /** {@value #ROWS} rows keyed by text, capture installed. */
  private static TableDef source(Path file, String journalMode) throws Exception {
    return source(file, journalMode, ROWS);
  }

  /** {@code rows} rows keyed by text, capture installed. */
  private static TableDef source(Path file, String journalMode, int rows) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      st.execute("PRAGMA journal_mode=" + journalMode);
      st.execute("CREATE TABLE items (id TEXT PRIMARY KEY, name TEXT)");
      c.setAutoCommit(false);
      for (int i = 1; i <= rows; i++) {
        st.execute("INSERT INTO items VALUES ('k" + i + "', 'v" + i + "')");
      }
      c.commit();
    }
    TableDef items = SqliteCatalogReader.read(file, "m", "app", "app").get(0);
    new SqliteCaptureInstaller(file, Duration.ofSeconds(5)).install("m/app", List.of(items));
    return items;
  }

  private static void exec(Path file, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }
}
