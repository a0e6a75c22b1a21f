package io.tributary.source.sqlite.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.plan.SourceKind;
import io.tributary.common.value.TableChecksum;
import io.tributary.source.spi.validate.FileFingerprint;
import io.tributary.source.spi.validate.RejectedKeys;
import io.tributary.source.spi.validate.RowScanner;
import io.tributary.source.spi.validate.SourceFingerprint;
import io.tributary.source.spi.validate.SourcePosition;
import io.tributary.source.spi.validate.SourceSide;
import io.tributary.source.spi.validate.ValidatedTable;
import io.tributary.source.spi.validate.ValidationException;
import io.tributary.source.spi.validate.WriteMark;
import io.tributary.source.sqlite.catalog.SqliteCatalogReader;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SqliteSourceReaderTest {
  @TempDir Path dir;
  private Path file;
  private final SqliteSourceReader reader = new SqliteSourceReader();

  @BeforeEach
  void createSource() throws Exception {
    file = dir.resolve("app.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      st.execute(
          "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, price NUMERIC, data BLOB, score REAL)");
      st.execute("INSERT INTO items VALUES (1, 'Zoë', '12.50', x'00ff', 0.5)");
      st.execute("INSERT INTO items VALUES (2, NULL, NULL, NULL, NULL)");
    }
  }

  private TableDef items() {
    return SqliteCatalogReader.read(file, "m", "app", "app").get(0);
  }

  @Test
  void countsAndChecksumsDecodedRows() {
    assertThat(reader.count(file, items())).isEqualTo(2);

    SourceSide side = reader.checksum(file, items());

    TableChecksum expected = new TableChecksum();
    expected.add(
        Arrays.asList(1L, "Zoë", new BigDecimal("12.5"), new byte[] {0, (byte) 0xff}, 0.5d));
    expected.add(Arrays.asList(2L, null, null, null, null));
    assertThat(side.rows()).isEqualTo(2);
    assertThat(side.expectedRejects()).isZero();
    assertThat(side.checksum()).isEqualTo(expected.hex());
  }

  @Test
  void rowsThatCannotBeDecodedAreCountedAsExpectedRejectsNotChecksummed() throws Exception {
    String before = reader.checksum(file, items()).checksum();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      st.execute("INSERT INTO items VALUES (3, 'bad', NULL, NULL, 'n/a')");
    }

    SourceSide side = reader.checksum(file, items());

    assertThat(side.rows()).isEqualTo(3);
    assertThat(side.expectedRejects()).isEqualTo(1);
    assertThat(side.checksum()).isEqualTo(before);
  }

  @Test
  void aMissingFileSaysSo() {
    TableDef table = items();
    Path gone = dir.resolve("gone.db");
    assertThatThrownBy(() -> reader.count(gone, table))
        .isInstanceOf(ValidationException.class)
        .hasMessage("source file " + gone + " does not exist");
  }

  @Test
  void aMissingTableSaysSo() throws Exception {
    TableDef table = items();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      st.execute("DROP TABLE items");
    }
    assertThatThrownBy(() -> reader.checksum(file, table))
        .isInstanceOf(ValidationException.class)
        .hasMessage("source table items does not exist in " + file);
  }

  @Test
  void fingerprintChangesWithEveryCommitAlsoInWalMode() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      st.execute("PRAGMA journal_mode=WAL");
      FileFingerprint before = FileFingerprint.of(file);
      st.execute("INSERT INTO items (id) VALUES (10)");
      FileFingerprint after = FileFingerprint.of(file);
      assertThat(after).isNotEqualTo(before);
      assertThat(after.walSize()).isPositive();
      assertThat(List.of(after.lastWrite())).doesNotContainNull();
    }
  }

  @Test
  void fingerprintIsTheChangeLogSequenceOnceCaptureInstalledIt() throws Exception {
    ValidatedTable table =
        new ValidatedTable(
            "m", "app", SourceKind.SQLITE, file.toString(), "items", "t", items(), null, true);
    assertThat(reader.fingerprint(table))
        .as("no change log: the file's size and times")
        .isEqualTo(new WriteMark("file", FileFingerprint.of(file).toString()));
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      st.execute(CHANGE_LOG);
      st.execute(
          "CREATE TABLE _tributary_consumers (consumer TEXT PRIMARY KEY, registration TEXT NOT NULL,"
              + " pos INTEGER NOT NULL, registered_ms INTEGER NOT NULL)");
      st.execute(
          "CREATE TRIGGER log_u AFTER UPDATE ON items BEGIN INSERT INTO _tributary_changes"
              + " (tbl, op, key, ts_ms) VALUES ('items', 'u', NEW.id, 0); END");
      st.execute("INSERT INTO _tributary_consumers VALUES ('m/app', 'r1', 0, 0)");
    }
    SourceFingerprint installed = reader.fingerprint(table);
    assertThat(installed).isEqualTo(new WriteMark("change-log", "sequence 0"));
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      // capture's own bookkeeping (its delivered position) writes the file, not a captured table
      st.execute("UPDATE _tributary_consumers SET pos = 7");
    }
    assertThat(reader.fingerprint(table)).isEqualTo(installed);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      st.execute("UPDATE items SET name = 'x' WHERE id = 1");
    }
    assertThat(reader.fingerprint(table)).isNotEqualTo(installed);
  }

  @Test
  void readsTellTheirChangeLogPositionAndWhatCaptureHasNotDeliveredOfTheTable() throws Exception {
    TableDef items = items();
    assertThat(reader.counted(file, items, "m/app").position().unknownBecause())
        .isEqualTo("capture has not installed its change log in " + file);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      // the tables capture installs (sources/sqlite's ChangeLogStatementBuilder)
      st.execute(
          "CREATE TABLE _tributary_changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, tbl TEXT NOT NULL,"
              + " op TEXT NOT NULL, key TEXT NOT NULL, ts_ms INTEGER NOT NULL)");
      st.execute(
          "CREATE TABLE _tributary_consumers (consumer TEXT PRIMARY KEY, registration TEXT NOT NULL,"
              + " pos INTEGER NOT NULL, registered_ms INTEGER NOT NULL)");
      st.execute("INSERT INTO _tributary_consumers VALUES ('m/app', 'r1', 2, 0)");
      for (String table : List.of("items", "items", "other", "items", "other")) {
        st.execute(
            "INSERT INTO _tributary_changes (tbl, op, key, ts_ms) VALUES ('"
                + table
                + "', 'u', '[1]', 0)");
      }
    }
    // log positions 1..5; capture delivered up to 2: items' change at 4 is still in flight
    SourcePosition counted = reader.counted(file, items, "m/app").position();
    assertThat(counted.through()).isEqualTo(5);
    assertThat(counted.unseenFrom()).isEqualTo(6);
    assertThat(counted.undelivered()).isEqualTo(1);
    assertThat(reader.checksum(file, items, "m/app").position()).isEqualTo(counted);
    assertThat(reader.counted(file, items, null).position().undelivered())
        .as("without capture's registration the read does not tell")
        .isNull();
    assertThat(reader.counted(file, items, "m/other").position().undelivered()).isNull();

    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      st.execute("UPDATE _tributary_consumers SET pos = 4");
    }
    assertThat(reader.counted(file, items, "m/app").position().undelivered()).isZero();
  }

  private static final String CHANGE_LOG =
      "CREATE TABLE _tributary_changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, tbl TEXT NOT NULL,"
          + " op TEXT NOT NULL, key TEXT NOT NULL, ts_ms INTEGER NOT NULL)";

  /** A table of {@code rows} rows with rowid gaps and one undecodable row near the end. */
  private Path largeSource(String name, int rows, boolean changeLog, String tableOptions)
      throws Exception {
    Path large = dir.resolve(name);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + large);
        Statement st = c.createStatement()) {
      st.execute("PRAGMA journal_mode=WAL");
      st.execute(
          "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, score REAL)" + tableOptions);
      if (changeLog) {
        st.execute(CHANGE_LOG);
        st.execute(
            "CREATE TRIGGER log_u AFTER UPDATE ON items BEGIN INSERT INTO _tributary_changes"
                + " (tbl, op, key, ts_ms) VALUES ('items', 'u', NEW.id, 0); END");
        st.execute(
            "INSERT INTO _tributary_changes (tbl, op, key, ts_ms) VALUES ('items', 'c', 0, 0)");
      }
      c.setAutoCommit(false);
      try (var insert = c.prepareStatement("INSERT INTO items VALUES (?, ?, ?)")) {
        for (int i = 1; i <= rows; i++) {
          insert.setLong(1, i * 3L); // gaps between rowids
          insert.setString(2, "v0");
          insert.setObject(3, i == rows - 2 ? "n/a" : (Object) (i / 4.0));
          insert.addBatch();
        }
        insert.executeBatch();
      }
      c.commit();
    }
    return large;
  }

  /** The checksum of the large table's decodable rows with every name {@code name}. */
  private static String expected(int rows, String name) {
    TableChecksum expected = new TableChecksum();
    for (int i = 1; i <= rows; i++) {
      if (i != rows - 2) {
        expected.add(Arrays.asList(i * 3L, name, i / 4.0));
      }
    }
    return expected.hex();
  }

  @Test
  void aLargeTableReadInRowidRangesOnSeveralConnectionsGivesTheSameChecksumAsOneRead()
      throws Exception {
    int rows = 5_003;
    Path large = largeSource("large.db", rows, true, "");
    TableDef items = SqliteCatalogReader.read(large, "m", "app", "app").get(0);

    SourceSide split = new SqliteSourceReader(4, 100).checksum(large, items, null);
    SourceSide whole = new SqliteSourceReader(1, 100).checksum(large, items, null);

    assertThat(split.rows()).isEqualTo(rows);
    assertThat(split.expectedRejects()).isEqualTo(1);
    assertThat(split.checksum()).isEqualTo(expected(rows, "v0")).isEqualTo(whole.checksum());
    assertThat(split.position()).isEqualTo(whole.position());
  }

  @Test
  void tablesWithoutRowidOrWithoutChangeLogAreReadOnOneConnection() throws Exception {
    int rows = 1_001;
    for (Path large :
        List.of(
            largeSource("without-rowid.db", rows, true, " WITHOUT ROWID"),
            largeSource("without-log.db", rows, false, ""))) {
      TableDef items = SqliteCatalogReader.read(large, "m", "app", "app").get(0);

      SourceSide side = new SqliteSourceReader(4, 10).checksum(large, items, null);

      assertThat(side.rows()).as(large.toString()).isEqualTo(rows);
      assertThat(side.checksum()).as(large.toString()).isEqualTo(expected(rows, "v0"));
    }
  }

  @Test
  void readsOnSeveralConnectionsSeeOneSnapshotWhileTheTableIsWritten() throws Exception {
    int rows = 2_000;
    Path large = largeSource("busy.db", rows, true, "");
    TableDef items = SqliteCatalogReader.read(large, "m", "app", "app").get(0);
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicInteger version = new AtomicInteger();
    // every row gets the next version in one transaction, logged by the trigger
    Thread writer =
        writer(large, writing, version, n -> "UPDATE items SET name = 'v" + (n + 1) + "'");
    try {
      Set<String> seen = new HashSet<>();
      for (int read = 0; read < 20; read++) {
        seen.add(new SqliteSourceReader(4, 10).checksum(large, items, null).checksum());
      }
      writing.set(false);
      writer.join();
      Set<String> consistent = new HashSet<>();
      for (int v = 0; v <= version.get(); v++) {
        consistent.add(expected(rows, "v" + v));
      }
      assertThat(version.get()).as("the writer wrote while the table was read").isPositive();
      assertThat(consistent).as("every read saw one version of every row").containsAll(seen);
    } finally {
      writing.set(false);
      writer.join();
    }
  }

  /** The large source in SQLite's default rollback-journal mode (DELETE). */
  private Path rollbackJournalSource(String name, int rows) throws Exception {
    return rollbackJournalSource(name, rows, "");
  }

  private Path rollbackJournalSource(String name, int rows, String tableOptions) throws Exception {
    Path large = largeSource(name, rows, true, tableOptions);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + large);
        Statement st = c.createStatement()) {
      st.execute("PRAGMA journal_mode=DELETE");
      st.execute("CREATE TABLE other (id INTEGER PRIMARY KEY, at INTEGER)");
    }
    return large;
  }

  @ParameterizedTest(name = "table options ''{0}''")
  @ValueSource(strings = {"", " WITHOUT ROWID"})
  @DisplayName(
      "A rollback-journal file is read in short transactions (issue 48), in rowid ranges or, without"
          + " rowids, in ranges of its key: an application writing all along commits while a scan,"
          + " a count and a checksum of the table go on, and they read what one read would")
  void rollbackJournalFilesAreReadInShortTransactions(String tableOptions) throws Exception {
    int rows = 20_000;
    Path large = rollbackJournalSource("journal.db", rows, tableOptions);
    TableDef items = SqliteCatalogReader.read(large, "m", "app", "app").get(0);
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicInteger commits = new AtomicInteger();
    Thread writer =
        writer(
            large,
            writing,
            commits,
            n -> "INSERT INTO other (at) VALUES (" + System.nanoTime() + ")");
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> commits.get() > 0);
      List<Integer> seen = new ArrayList<>();
      new SqliteRowScanner(large, items, RejectedKeys.none())
          .scan(
              new RowScanner.RowSink() {
                @Override
                public void row(List<Object> values) {
                  seen.add(commits.get());
                }

                @Override
                public void undecodable(ObjectNode sourceKey, String reason) {
                  seen.add(commits.get());
                }

                @Override
                public void rejected() {}
              });
      assertThat(seen).hasSize(rows);
      // one read transaction would have held every commit back from its first row to its last
      assertThat(seen.get(rows - 1))
          .as("the application committed while the scan read")
          .isGreaterThan(seen.get(0) + 2);

      int before = commits.get();
      SourceSide side = new SqliteSourceReader(1, 100).checksum(large, items, null);
      assertThat(side.checksum()).isEqualTo(expected(rows, "v0"));
      assertThat(side.rows()).isEqualTo(rows);
      assertThat(commits.get())
          .as("it also committed while the checksum read")
          .isGreaterThan(before);
      assertThat(new SqliteSourceReader(1, 100).count(large, items)).isEqualTo(rows);
      try (Connection c = SqliteSourceReader.open(large)) {
        assertThat(ShortReads.ofRows(large, c, items, ReadHolds.begin(c)).ranges())
            .as("%d rows in ranges of at most %d", rows, ShortReads.CHUNK_ROWIDS)
            .hasSizeGreaterThanOrEqualTo(rows / (int) ShortReads.CHUNK_ROWIDS);
        c.rollback();
      }
    } finally {
      writing.set(false);
      writer.join();
    }
  }

  @Test
  @DisplayName(
      "The longest time a read held a rollback-journal file's lock is recorded and taken once"
          + " (the cutover's report says it); a count in short transactions is exact; a WAL"
          + " file's reads block no writer and record nothing")
  void readLocksAreMeasured() throws Exception {
    Path large = rollbackJournalSource("holds.db", 250_000);
    TableDef items = SqliteCatalogReader.read(large, "m", "app", "app").get(0);
    ValidatedTable table =
        new ValidatedTable(
            "m", "app", SourceKind.SQLITE, large.toString(), "items", "t", items, null, true);
    SqliteSourceReader reader = new SqliteSourceReader(1, 100);
    assertThat(reader.takeLongestReadLock(table)).as("nothing read yet").isNull();

    assertThat(reader.count(large, items)).isEqualTo(250_000);
    Long counted = reader.takeLongestReadLock(table);
    assertThat(counted).as("counted in %d-rowid reads", ShortReads.COUNT_CHUNK_ROWIDS).isNotNull();
    assertThat(reader.takeLongestReadLock(table)).as("taken").isNull();

    assertThat(reader.checksum(large, items, null).rows()).isEqualTo(250_000);
    Long checksummed = reader.takeLongestReadLock(table);
    assertThat(checksummed).isNotNull().isLessThan(1_000L);

    Path wal = largeSource("holds-wal.db", 5_000, true, "");
    TableDef walItems = SqliteCatalogReader.read(wal, "m", "app", "app").get(0);
    reader.checksum(wal, walItems, null);
    assertThat(
            reader.takeLongestReadLock(
                new ValidatedTable(
                    "m",
                    "app",
                    SourceKind.SQLITE,
                    wal.toString(),
                    "items",
                    "t",
                    walItems,
                    null,
                    true)))
        .isNull();
  }

  @Test
  @DisplayName(
      "A read that waits for an application's commit (a committing writer keeps new readers out;"
          + " on a loaded disk its fsyncs take seconds) holds nothing while it waits: the hold"
          + " recorded is the read's own, not the writer's commit")
  void aWaitForAnApplicationsCommitIsNotAHold() throws Exception {
    // long enough that a read's own time on a loaded 2-core machine (up to ~700 ms seen with
    // builds beside it) stays under half of it, while a hold counting the wait would exceed it
    long commitMs = 2_000;
    Path large = rollbackJournalSource("waits.db", 2_000);
    TableDef items = SqliteCatalogReader.read(large, "m", "app", "app").get(0);
    ReadHolds.take(large);
    // the application holds the file while it commits, once before the count and once between
    // two of the scan's ranges
    Thread before = exclusiveFor(large, commitMs);
    assertThat(new SqliteSourceReader(1, 100).count(large, items)).isEqualTo(2_000);
    before.join();
    assertThat(ReadHolds.take(large))
        .as("the count waited %d ms for the commit before its first read", commitMs)
        .isLessThan(commitMs / 2);

    List<Thread> between = new ArrayList<>();
    AtomicInteger seenBeforeCommit = new AtomicInteger();
    AtomicBoolean committed = new AtomicBoolean();
    new SqliteRowScanner(large, items, RejectedKeys.none())
        .scan(
            new RowScanner.RowSink() {
              @Override
              public void row(List<Object> values) {
                if (between.isEmpty()) {
                  // the first range was read and its transaction ended: the application begins
                  // its commit now
                  between.add(exclusiveFor(large, commitMs, committed));
                }
                if (!committed.get()) {
                  seenBeforeCommit.incrementAndGet();
                }
              }

              @Override
              public void undecodable(ObjectNode sourceKey, String reason) {}

              @Override
              public void rejected() {}
            });
    between.get(0).join();
    assertThat(seenBeforeCommit.get())
        .as("the first range's rows came before the commit ended, the next ranges' after it")
        .isBetween(1, 2_000 - 1);
    assertThat(ReadHolds.take(large))
        .as("the scan waited %d ms for the commit between two ranges", commitMs)
        .isLessThan(commitMs / 2);
  }

  /** An application's write transaction that holds the file exclusively for {@code ms}. */
  private static Thread exclusiveFor(Path file, long ms) {
    return exclusiveFor(file, ms, new AtomicBoolean());
  }

  /**
   * Starts an application's write transaction that holds the file exclusively for {@code ms} (as a
   * commit whose fsyncs are slow does) and returns once it has the lock; {@code committed} is set
   * when it ends.
   */
  private static Thread exclusiveFor(Path file, long ms, AtomicBoolean committed) {
    CountDownLatch locked = new CountDownLatch(1);
    Thread writer =
        new Thread(
            () -> {
              try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                  Statement st = c.createStatement()) {
                st.execute("PRAGMA busy_timeout=30000");
                st.execute("BEGIN EXCLUSIVE");
                st.execute("INSERT INTO other (at) VALUES (1)");
                locked.countDown();
                Thread.sleep(ms);
                st.execute("COMMIT");
                committed.set(true);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    writer.start();
    try {
      locked.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return writer;
  }

  @Test
  @DisplayName(
      "Read in short transactions while the table is written, a checksum holds no one position;"
          + " read while it is not, it holds the position of its first read")
  void shortReadsTellWhetherTheyHoldOnePosition() throws Exception {
    Path large = rollbackJournalSource("positions.db", 6_000);
    TableDef items = SqliteCatalogReader.read(large, "m", "app", "app").get(0);
    SourceSide quiet = new SqliteSourceReader(1, 100).checksum(large, items, null);
    assertThat(quiet.position().known()).isTrue();

    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicInteger updates = new AtomicInteger();
    // logged by the change log's trigger: the position moves
    Thread writer =
        writer(large, writing, updates, n -> "UPDATE items SET name = 'v1' WHERE id = 3");
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> updates.get() > 0);
      SourceSide busy = new SqliteSourceReader(1, 100).checksum(large, items, null);
      assertThat(busy.position().known()).isFalse();
      assertThat(busy.position().unknownBecause()).contains("short transactions");
    } finally {
      writing.set(false);
      writer.join();
    }
  }

  /**
   * Starts a thread that runs {@code statement} of the number of writes done so far on the file,
   * one transaction each, counting them in {@code done}, while {@code writing} holds.
   */
  private static Thread writer(
      Path file, AtomicBoolean writing, AtomicInteger done, IntFunction<String> statement) {
    Thread writer =
        new Thread(
            () -> {
              try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                  Statement st = c.createStatement()) {
                st.execute("PRAGMA busy_timeout=30000");
                while (writing.get()) {
                  st.execute(statement.apply(done.get()));
                  done.incrementAndGet();
                }
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    writer.start();
    return writer;
  }
}
