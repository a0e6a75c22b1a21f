package io.tributary.source.sqlite.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.event.ChangeEvent;
import io.tributary.common.event.Op;
import io.tributary.testing.SqliteVec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Capture of sqlite-vec tables, written by the real extension as an application writes them, read
 * by capture without it: snapshot, then inserts, deletes, Pensieve's delete-and-insert re-index,
 * auxiliary updates and long text metadata, each arriving with the row as the extension holds it.
 */
class Vec0CaptureTest {
  static final String VEC = "tributary.demo.app.main.entities_vec";

  @TempDir Path dir;

  private Path file;

  private void write(String sql, Object... args) throws SQLException {
    SqliteVec.execute(file, sql, args);
  }

  private static byte[] vector(int seed, int dims) {
    ByteBuffer b = ByteBuffer.allocate(dims * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < dims; i++) {
      b.putFloat((float) Math.sin(seed * 31 + i));
    }
    return b.array();
  }

  private static final String INSERT =
      "INSERT INTO entities_vec (rowid, embedding, app_name, created_at_timestamp, day, note)"
          + " VALUES (?, ?, ?, ?, ?, ?)";

  @Test
  @DisplayName(
      "A vec0 table is snapshotted and streamed from its shadow tables: every insert, delete,"
          + " re-index, auxiliary and long-text change arrives, and the replica equals the source")
  void capturesVec0Tables() throws Exception {
    file = dir.resolve("pensieve.db");
    try (Connection c = SqliteVec.open(file);
        Statement st = c.createStatement()) {
      st.execute("PRAGMA journal_mode=WAL");
      st.execute("CREATE TABLE entities (id INTEGER PRIMARY KEY, filepath TEXT NOT NULL)");
      st.execute(
          "CREATE VIRTUAL TABLE entities_vec USING vec0(embedding float[16]"
              + " distance_metric=cosine, app_name text, created_at_timestamp integer,"
              + " day text partition key, +note text, chunk_size=8)");
    }
    for (int i = 1; i <= 30; i++) {
      write("INSERT INTO entities VALUES (?, ?)", i, "/shots/" + i + ".png");
      write(
          INSERT,
          i,
          vector(i, 16),
          i % 2 == 0 ? "Code" : "a rather long application name " + i,
          1_700_000_000L + i,
          "2026-11-" + (10 + i % 3),
          "n" + i);
    }

    TaskHarness harness = new TaskHarness(file, Map.of(), null);
    List<SourceRecord> snapshot = harness.drain();
    assertThat(harness.snapshotRows(snapshot, VEC)).hasSize(30);
    assertThat(harness.differencesFromSource()).isEmpty();

    // an insert, a delete, Pensieve's re-index (delete then insert of the same rowid, new vector)
    write(INSERT, 31, vector(31, 16), "Code", 1_700_000_031L, "2026-11-12", "new");
    write("DELETE FROM entities_vec WHERE rowid = 5");
    try (Connection c = SqliteVec.open(file)) {
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        st.execute("DELETE FROM entities_vec WHERE rowid = 7");
      }
      try (PreparedStatement st = c.prepareStatement(INSERT)) {
        st.setLong(1, 7);
        st.setBytes(2, vector(700, 16));
        st.setString(3, "re-indexed with a long application name");
        st.setLong(4, 1_700_000_700L);
        st.setString(5, "2026-11-20");
        st.setString(6, "again");
        st.executeUpdate();
      }
      c.commit();
    }
    write("UPDATE entities_vec SET note = 'changed note' WHERE rowid = 9");
    write("UPDATE entities_vec SET app_name = 'now also a rather long name' WHERE rowid = 11");
    List<SourceRecord> changes = harness.drain();
    harness.stop();

    assertThat(harness.differencesFromSource()).isEmpty();
    assertThat(changes)
        .filteredOn(r -> r.topic().equals(VEC))
        .extracting(r -> r.key() + " " + TaskHarness.decode(r).op())
        // an insert logs its t_rowids INSERT and the UPDATE that places it: one upsert arrives
        .containsAnyOf("{\"rowid\":31} " + Op.CREATE, "{\"rowid\":31} " + Op.UPDATE)
        .contains(
            "{\"rowid\":5} " + Op.DELETE,
            "{\"rowid\":9} " + Op.UPDATE,
            "{\"rowid\":11} " + Op.UPDATE);
    ChangeEvent reindexed =
        changes.stream()
            .filter(r -> r.topic().equals(VEC) && r.key().equals("{\"rowid\":7}"))
            .map(TaskHarness::decode)
            .reduce((a, b) -> b)
            .orElseThrow();
    assertThat(reindexed.after().get("app_name").asText())
        .isEqualTo("re-indexed with a long application name");
    assertThat(reindexed.after().get("day").asText()).isEqualTo("2026-11-20");
  }
}
