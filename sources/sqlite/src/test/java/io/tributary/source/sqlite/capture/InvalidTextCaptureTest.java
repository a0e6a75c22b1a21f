package io.tributary.source.sqlite.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.catalog.TableDef;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.event.SnapshotChunk;
import io.tributary.common.event.Topics;
import io.tributary.source.sqlite.catalog.SqliteCatalogReader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQLite text that is not valid UTF-8 (the JDBC driver would read it with U+FFFD in place of the
 * bad bytes) is published with a reject header naming the column and its bytes, in the snapshot and
 * when streamed; text that holds a real U+FFFD, and valid text, are published as they are.
 */
class InvalidTextCaptureTest {
  static final String NOTES = "tributary.demo.app.main.notes";

  @TempDir Path dir;

  @Test
  @DisplayName(
      "Text that is not UTF-8 is a reject naming the column and its bytes; a real U+FFFD is not")
  void invalidTextIsRejectedWithItsBytes() throws Exception {
    Path file = dir.resolve("notes.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT, title TEXT)");
      st.execute(
          "INSERT INTO notes VALUES (1, 'fine', 't'), (2, CAST(x'fffe41' AS TEXT), 't'),"
              + " (3, 'a real \uFFFD', 't')");
    }
    TableDef table = SqliteCatalogReader.read(file, "demo", "app", "app").get(0);
    String catalog = ChangeEventCodec.MAPPER.writeValueAsString(List.of(table));
    TaskHarness harness =
        new TaskHarness(file, Map.of(SqliteConnectorConfig.TABLES, catalog), null);
    Map<String, String> snapshot = rejects(harness.drain(), table);

    SqliteStreamingTest.write(
        file,
        "INSERT INTO notes VALUES (4, 'ok', CAST(x'c3' AS TEXT))",
        "UPDATE notes SET body = CAST(x'80' AS TEXT) WHERE id = 1",
        "UPDATE notes SET body = 'repaired' WHERE id = 2");
    Map<String, String> streamed = rejects(harness.drain(), table);
    harness.stop();

    assertThat(snapshot)
        .isEqualTo(
            Map.of(
                "{\"id\":1}", "-",
                "{\"id\":2}", "column 'body' holds text that is not valid UTF-8 (bytes fffe41)",
                "{\"id\":3}", "-"));
    assertThat(streamed)
        .containsEntry("{\"id\":4}", "column 'title' holds text that is not valid UTF-8 (bytes c3)")
        .containsEntry("{\"id\":1}", "column 'body' holds text that is not valid UTF-8 (bytes 80)")
        .containsEntry("{\"id\":2}", "-");
    assertThat(harness.replica.get(NOTES).get("{\"id\":3}")).contains("a real \uFFFD");
  }

  /**
   * Key -> the reject reason of the last record of the notes table, or "-" for none: of its change
   * records, and of the rows and rejects of its snapshot chunks.
   */
  private static Map<String, String> rejects(List<SourceRecord> records, TableDef table) {
    Map<String, String> out = new TreeMap<>();
    for (SourceRecord r : records) {
      if (ChunkRows.isChunk(r) && NOTES.equals(r.key())) {
        SnapshotChunk chunk = ChunkRows.chunk(r);
        for (ChunkRows.Row row : ChunkRows.rows(r, table)) {
          out.put(row.key(), "-");
        }
        for (SnapshotChunk.Reject reject : chunk.rejects()) {
          out.put(reject.key(), reject.reason());
          // the row is kept with its reject, as its change event would print it
          assertThat(reject.data()).contains("\"op\":\"r\"").contains(reject.key().substring(1, 7));
        }
        continue;
      }
      if (!r.topic().equals(NOTES)) {
        continue;
      }
      Header reject = r.headers().lastWithName(Topics.REJECT_HEADER);
      out.put((String) r.key(), reject == null ? "-" : String.valueOf(reject.value()));
    }
    return out;
  }
}
