package io.tributary.source.sqlite.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.catalog.RowIdentity;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.event.Op;
import io.tributary.source.sqlite.catalog.SqliteCatalogReader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SQLite table without a primary key, keyed by its UNIQUE NOT NULL columns as provisioning keys
 * it (an association table, as Letta's agents_tags): snapshot in that key's order, then inserts,
 * deletes and updates that change the key, each under the unique columns' values.
 */
class KeylessCaptureTest {
  static final String TAGS = "tributary.demo.app.main.agents_tags";

  @TempDir Path dir;

  @Test
  @DisplayName(
      "A table keyed by a UNIQUE index over NOT NULL columns is captured under those columns:"
          + " key changes arrive as a delete and an insert, and the replica equals the source")
  void capturesByUniqueColumns() throws Exception {
    Path file = dir.resolve("agents.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      st.execute(
          "CREATE TABLE agents_tags (agent_id TEXT NOT NULL, tag TEXT NOT NULL, note TEXT,"
              + " UNIQUE (agent_id, tag))");
      for (int i = 0; i < 50; i++) {
        st.execute(
            "INSERT INTO agents_tags VALUES ('agent-"
                + i % 7
                + "', 'tag-"
                + i
                + "', 'n"
                + i
                + "')");
      }
    }
    TableDef read = SqliteCatalogReader.read(file, "demo", "app", "app").get(0);
    assertThat(read.keyColumns()).isEmpty();
    TableDef keyed =
        read.withIdentity(RowIdentity.UNIQUE, List.of("agent_id", "tag"), "sqlite_autoindex_1");
    String catalog = ChangeEventCodec.MAPPER.writeValueAsString(List.of(keyed));

    TaskHarness harness =
        new TaskHarness(file, Map.of(SqliteConnectorConfig.TABLES, catalog), null);
    assertThat(harness.snapshotRows(harness.drain(), TAGS))
        .extracting(ChunkRows.Row::key)
        .hasSize(50)
        .contains("{\"agent_id\":\"agent-3\",\"tag\":\"tag-3\"}");

    SqliteStreamingTest.write(
        file,
        "INSERT INTO agents_tags VALUES ('agent-9', 'new', NULL)",
        "DELETE FROM agents_tags WHERE tag = 'tag-3'",
        "UPDATE agents_tags SET tag = 'renamed' WHERE tag = 'tag-4'",
        "UPDATE agents_tags SET note = 'changed' WHERE tag = 'tag-5'");
    List<SourceRecord> changes = harness.drain();
    harness.stop();

    assertThat(changes)
        .extracting(r -> r.key() + " " + TaskHarness.decode(r).op())
        .contains(
            "{\"agent_id\":\"agent-3\",\"tag\":\"tag-3\"} " + Op.DELETE,
            "{\"agent_id\":\"agent-4\",\"tag\":\"tag-4\"} " + Op.DELETE,
            "{\"agent_id\":\"agent-4\",\"tag\":\"renamed\"} " + Op.UPDATE,
            "{\"agent_id\":\"agent-5\",\"tag\":\"tag-5\"} " + Op.UPDATE);
    assertThat(harness.replica.get(TAGS)).hasSize(50);
    assertThat(harness.replica.get(TAGS).get("{\"agent_id\":\"agent-9\",\"tag\":\"new\"}"))
        .isEqualTo("{\"agent_id\":\"agent-9\",\"tag\":\"new\",\"note\":null}");
  }
}
