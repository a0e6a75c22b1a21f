package io.tributary.source.sqlite.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.catalog.TableDef;
import io.tributary.common.control.CaptureNames;
import io.tributary.common.event.Op;
import io.tributary.source.sqlite.catalog.SqliteCatalogReader;
import io.tributary.source.sqlite.connect.SqliteConnections;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A streaming read of a rollback-journal file ends once it has read the current rows for {@code
 * stream.max.read.ms}, at the last entry it read: the application's writers wait for it there. The
 * batches that follow deliver the rest, so every change arrives once, in order, with the row as it
 * is. In WAL mode a read is not cut short.
 */
class ChangeLogReaderTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final String CONSUMER = CaptureNames.sqliteConsumer("m", "app");

  @TempDir Path dir;

  @Test
  @DisplayName(
      "In a rollback-journal file a read whose row lookups outlast stream.max.read.ms ends at the"
          + " entry it reached, and the next reads deliver every change once, in order")
  void rollbackJournalReadsEndAtTheirTimeBound() throws Exception {
    Path file = source("journal.db", "DELETE");
    List<ChangeLogReader.Batch> batches = readAll(file);

    // every lookup outlasts the 1 ms bound: one entry a batch (the one always read)
    assertThat(batches).hasSize(13).allSatisfy(b -> assertThat(b.entries()).isEqualTo(1));
    assertDelivered(batches);
  }

  @Test
  @DisplayName("In WAL mode, where writers never wait for readers, a read takes its whole batch")
  void walReadsAreNotCutShort() throws Exception {
    Path file = source("wal.db", "WAL");
    List<ChangeLogReader.Batch> batches = readAll(file);

    assertThat(batches).hasSize(1);
    assertThat(batches.get(0).entries()).isEqualTo(13);
    assertDelivered(batches);
  }

  /** 10 inserts, 2 updates of key 3 and a delete of key 7 logged after capture was installed. */
  private Path source(String name, String journalMode) throws SQLException {
    Path file = dir.resolve(name);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      st.execute("PRAGMA journal_mode = " + journalMode);
      st.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
    }
    TableDef table = SqliteCatalogReader.read(file, "m", "app", "app").get(0);
    new SqliteCaptureInstaller(file, WAIT).install(CONSUMER, List.of(table));
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      for (int i = 1; i <= 10; i++) {
        st.execute("INSERT INTO t VALUES (" + i + ", 'v" + i + "')");
      }
      st.execute("UPDATE t SET v = 'first' WHERE id = 3");
      st.execute("UPDATE t SET v = 'second' WHERE id = 3");
      st.execute("DELETE FROM t WHERE id = 7");
    }
    return file;
  }

  /** Reads batch after batch from the start of the log until it holds nothing new. */
  private static List<ChangeLogReader.Batch> readAll(Path file) throws Exception {
    TableDef table = SqliteCatalogReader.read(file, "m", "app", "app").get(0);
    List<ChangeLogReader.Batch> batches = new ArrayList<>();
    try (SqliteFileStore files = new SqliteFileStore(file, List.of(table), 1, CONSUMER, WAIT);
        Connection read = SqliteConnections.openReadOnly(file)) {
      ChangeLogReader reader = new ChangeLogReader(read, new SlowLookups(files), 500, 1);
      long position = 0;
      for (int i = 0; i < 100; i++) {
        ChangeLogReader.Batch batch = reader.readAfter(position);
        if (batch.entries() == 0) {
          return batches;
        }
        assertThat(batch.lastSeq()).isGreaterThan(position);
        batches.add(batch);
        position = batch.lastSeq();
      }
    }
    throw new AssertionError("the log never ran out: " + batches.size() + " batches");
  }

  /** Each key's last change, in order of delivery: as the rows are now, each once. */
  private static void assertDelivered(List<ChangeLogReader.Batch> batches) {
    Map<Object, String> last = new LinkedHashMap<>();
    long seq = 0;
    for (ChangeLogReader.Batch batch : batches) {
      for (ChangeLogReader.RowChange change : batch.changes()) {
        assertThat(change.seq()).isGreaterThan(seq).isLessThanOrEqualTo(batch.lastSeq());
        seq = change.seq();
        last.put(
            change.key().get(0),
            change.op() == Op.DELETE ? "deleted" : String.valueOf(change.row()[1]));
      }
    }
    assertThat(last).hasSize(10).containsEntry(3L, "second").containsEntry(7L, "deleted");
    assertThat(last.get(1L)).isEqualTo("v1");
    assertThat(last.get(10L)).isEqualTo("v10");
  }

  /** The file's rows, each looked up in 2 ms: longer than the read's 1 ms bound. */
  private record SlowLookups(SqliteFileStore files) implements CapturedStore {
    @Override
    public Object[] currentRow(Connection read, TableDef table, List<Object> key)
        throws SQLException {
      try {
        TimeUnit.MILLISECONDS.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SQLException(e);
      }
      return files.currentRow(read, table, key);
    }

    @Override
    public TableDef table(String logged) {
      return files.table(logged);
    }

    @Override
    public Path databaseFile() {
      return files.databaseFile();
    }

    @Override
    public String connectorName() {
      return files.connectorName();
    }

    @Override
    public List<ChangeLogStatementBuilder.Trigger> triggers(
        Connection connection, List<TableDef> tables) throws SQLException {
      return files.triggers(connection, tables);
    }

    @Override
    public SqliteSnapshotReader.Chunk chunk(
        Connection read, TableDef table, List<Object> afterKey, int limit) throws SQLException {
      return files.chunk(read, table, afterKey, limit);
    }

    @Override
    public void close() {
      files.close();
    }
  }
}
