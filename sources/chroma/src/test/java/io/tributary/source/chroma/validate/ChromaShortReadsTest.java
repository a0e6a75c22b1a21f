package io.tributary.source.chroma.validate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.plan.SourceKind;
import io.tributary.source.chroma.catalog.ChromaTables;
import io.tributary.source.chroma.store.ChromaStore;
import io.tributary.source.spi.validate.RejectedKeys;
import io.tributary.source.spi.validate.RowScanner;
import io.tributary.source.spi.validate.SourceSide;
import io.tributary.source.spi.validate.ValidatedTable;
import io.tributary.testing.ChromaStoreFixture;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Chroma store's database is in SQLite's rollback-journal mode (Chroma sets no journal mode),
 * where a reader holds Chroma's writes back: validation reads a collection one chunk per read
 * transaction there (issue 48).
 */
class ChromaShortReadsTest {
  @TempDir Path dir;

  @Test
  @DisplayName(
      "A collection larger than a chunk is read in short transactions of a rollback-journal store:"
          + " every record once, the same checksum as a WAL store's one-transaction read, the"
          + " longest hold recorded and taken once")
  void rollbackJournalStoresAreReadInShortTransactions() throws Exception {
    int records = ChromaSourceReader.CHUNK * 2 + 500;
    Path journal = store("journal", records);
    Path wal = store("wal", records);
    try (Connection c =
            DriverManager.getConnection("jdbc:sqlite:" + wal.resolve("chroma.sqlite3"));
        Statement st = c.createStatement()) {
      st.execute("PRAGMA journal_mode=WAL");
    }
    try (Connection c =
            DriverManager.getConnection("jdbc:sqlite:" + journal.resolve("chroma.sqlite3"));
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
      assertThat(rs.next() && rs.getString(1).equals("delete")).isTrue();
    }
    ChromaSourceReader reader = new ChromaSourceReader();
    ValidatedTable inJournal = table(journal);
    ValidatedTable inWal = table(wal);

    List<String> ids = new ArrayList<>();
    reader
        .rowScanner(inJournal, RejectedKeys.none())
        .scan(
            new RowScanner.RowSink() {
              @Override
              public void row(List<Object> values) {
                ids.add((String) values.get(0));
              }

              @Override
              public void undecodable(ObjectNode sourceKey, String reason) {
                ids.add(sourceKey.get("id").textValue());
              }

              @Override
              public void rejected() {}
            });
    Set<String> distinct = new HashSet<>(ids);
    assertThat(ids).hasSize(records);
    assertThat(distinct).hasSize(records);
    assertThat(reader.takeLongestReadLock(inJournal)).as("held by the scan").isNotNull();
    assertThat(reader.takeLongestReadLock(inJournal)).as("taken").isNull();

    SourceSide short1 = reader.checksum(inJournal);
    assertThat(reader.takeLongestReadLock(inJournal)).isNotNull();
    SourceSide whole = reader.checksum(inWal);
    assertThat(reader.takeLongestReadLock(inWal))
        .as("a WAL store's reads block no writer")
        .isNull();
    assertThat(short1.rows()).isEqualTo(records);
    assertThat(short1.checksum()).isEqualTo(whole.checksum());
    // no change log in these stores (capture not installed): no position either way
    assertThat(short1.position().known()).isEqualTo(whole.position().known());
  }

  private Path store(String name, int records) {
    Path store = dir.resolve(name);
    try (ChromaStoreFixture fixture =
        ChromaStoreFixture.create(store, ChromaStoreFixture.Format.V1_5)) {
      ChromaStoreFixture.Collection notes = fixture.createCollection("notes", "cosine", Map.of());
      List<ChromaStoreFixture.Rec> batch = new ArrayList<>();
      for (int i = 0; i < records; i++) {
        batch.add(
            new ChromaStoreFixture.Rec(
                String.format("note-%05d", i),
                new float[] {i, i + 0.5f, -i},
                "document " + i,
                Map.of("n", (long) i)));
      }
      fixture.addBatch(notes, batch);
      fixture.persist(notes);
    }
    return store;
  }

  private static ValidatedTable table(Path store) throws Exception {
    TableDef definition =
        ChromaTables.table(
            ChromaStore.read(store).collection("notes").orElseThrow(), "m", "memories", "mem");
    return new ValidatedTable(
        "m",
        "memories",
        SourceKind.CHROMA,
        store.toString(),
        "notes",
        definition.topic(),
        definition,
        null,
        true);
  }
}
