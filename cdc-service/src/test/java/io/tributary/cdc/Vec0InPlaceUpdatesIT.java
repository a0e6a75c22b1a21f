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
import java.sql.Array;
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
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A sqlite-vec table written by the real extension (0.1.9), as an application writes it, captured
 * by a packaged cdc-service into PostgreSQL: an {@code UPDATE} of a vector and of an integer
 * metadata value, which sqlite-vec writes into its chunks in place where no trigger sees them,
 * reach the target rows; made while cdc-service is killed, they reach them after its restart; and
 * made just before a fence, with no periodic scan running, they are applied before the fence counts
 * as applied — the cutover's drain waits for exactly that.
 */
@ExtendWith(TributaryInfraExtension.class)
class Vec0InPlaceUpdatesIT {
  private static final Duration LONG = Duration.ofMinutes(3);
  private static final int ROWS = 500;
  private static final int DIMS = 16;
  private static final String MIGRATION = "vec0-inplace";

  @Test
  @DisplayName(
      "In-place vector and integer-metadata UPDATEs reach the target, also across a SIGKILL of"
          + " cdc-service, and one made just before a fence is applied before the fence is")
  void inPlaceUpdatesReachTheTarget(TestInfrastructure infra) throws Exception {
    String database = infra.createTargetDatabase("vec0inplace");
    String jdbcUrl = infra.jdbcUrl(database);
    Path file = Files.createTempDirectory("tributary-vec0").resolve("vectors.db");
    createItems(file);
    List<TableDef> tables =
        ControlFixtures.recordSqliteMigration(jdbcUrl, MIGRATION, "app", "vec0_inplace", file);
    TableDef items = tables.get(0);
    assertThat(items.sourceTable()).isEqualTo("items");
    Path log = Path.of("target", "vec0-inplace-cdc.log").toAbsolutePath();
    Files.deleteIfExists(log);
    Map<String, String> scanning =
        Map.of(
            "TRIBUTARY_APPLY_GROUP_ID",
            "tributary-apply-" + database,
            "TRIBUTARY_CAPTURE_SQLITE_VEC0_SCAN_INTERVAL",
            "500ms");

    try (CdcProcess cdc = new CdcProcess(infra, database, log, scanning)) {
      cdc.start();
      await()
          .atMost(LONG)
          .pollInterval(Duration.ofMillis(500))
          .until(() -> ControlFixtures.targetCount(jdbcUrl, items) == ROWS);

      // 1. in place while capture runs: found by the periodic scan
      update(file, "UPDATE items SET embedding = ? WHERE rowid = 10", vector(1010));
      update(file, "UPDATE items SET category = 424242 WHERE rowid = 20");
      awaitRow(jdbcUrl, items, 10, vector(1010), 10 * 3);
      awaitRow(jdbcUrl, items, 20, vector(20), 424242);

      // 2. cdc-service killed; in place while it is down: found once it runs again
      cdc.kill();
      update(file, "UPDATE items SET embedding = ? WHERE rowid = 30", vector(3030));
      update(file, "UPDATE items SET category = -30 WHERE rowid = 40");
      update(file, "UPDATE items SET embedding = ?, category = 4545 WHERE rowid = 45", vector(45));
      cdc.start();
      awaitRow(jdbcUrl, items, 30, vector(3030), 30 * 3);
      awaitRow(jdbcUrl, items, 40, vector(40), -30);
      awaitRow(jdbcUrl, items, 45, vector(45), 4545);
      cdc.kill();
    }

    // 3. no periodic scan (an hour apart): only a fence's own scan can find these
    Map<String, String> fencesOnly =
        Map.of(
            "TRIBUTARY_APPLY_GROUP_ID",
            "tributary-apply-" + database,
            "TRIBUTARY_CAPTURE_SQLITE_VEC0_SCAN_INTERVAL",
            "1h");
    try (CdcProcess cdc = new CdcProcess(infra, database, log, fencesOnly)) {
      cdc.start();
      await().atMost(LONG).until(() -> cdc.cdcStatus().contains("\"" + MIGRATION + "/app\""));
      // a change through the triggers, applied: capture streams (and scanned once, at its start)
      update(file, "UPDATE items SET note = 'streaming' WHERE rowid = 1");
      await()
          .atMost(LONG)
          .pollInterval(Duration.ofMillis(200))
          .until(() -> "streaming".equals(targetNote(jdbcUrl, items, 1)));

      update(file, "UPDATE items SET embedding = ? WHERE rowid = 50", vector(5050));
      update(file, "UPDATE items SET category = 6060 WHERE rowid = 60");
      long fence = ControlFixtures.requestFence(jdbcUrl, MIGRATION, "app");
      await()
          .atMost(LONG)
          .pollInterval(Duration.ofMillis(50))
          .until(() -> cdc.get("/cdc/fences/" + fence).contains("\"applied\":true"));
      // applied: the target holds them now, without waiting any longer
      assertThat(targetRow(jdbcUrl, items, 50)).isEqualTo(row(vector(5050), 50 * 3));
      assertThat(targetRow(jdbcUrl, items, 60)).isEqualTo(row(vector(60), 6060));
      assertThat(Files.readString(log)).contains(": 2 vec0 rows changed in place logged before it");
    }
    assertThat(ControlFixtures.targetCount(jdbcUrl, items)).isEqualTo(ROWS);
    try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
        ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM tributary.rejects")) {
      rs.next();
      assertThat(rs.getLong(1)).isZero();
    }
  }

  /** 500 rows in chunks of 64: a vector, an integer and a boolean metadata, an auxiliary text. */
  private static void createItems(Path file) throws SQLException {
    SqliteVec.createAndFill(
        file,
        "CREATE VIRTUAL TABLE items USING vec0(embedding float["
            + DIMS
            + "], category integer, flag boolean, +note text, chunk_size=64)",
        "INSERT INTO items (rowid, embedding, category, flag, note) VALUES (?, ?, ?, ?, ?)",
        ROWS,
        i -> new Object[] {(long) i, vector(i), i * 3L, (long) (i % 2), "note " + i});
  }

  private static void update(Path file, String sql, byte[]... vectors) throws SQLException {
    try (Connection c = SqliteVec.open(file);
        PreparedStatement st = c.prepareStatement(sql)) {
      try (Statement pragma = c.createStatement()) {
        pragma.execute("PRAGMA busy_timeout = 5000");
      }
      for (int i = 0; i < vectors.length; i++) {
        st.setBytes(i + 1, vectors[i]);
      }
      assertThat(st.executeUpdate()).as(sql).isEqualTo(1);
    }
  }

  private static byte[] vector(int seed) {
    ByteBuffer b = ByteBuffer.allocate(DIMS * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < DIMS; i++) {
      b.putFloat((float) Math.sin(seed * 13 + i));
    }
    return b.array();
  }

  /** A row as the target should hold it: its vector's floats and its category. */
  private static String row(byte[] vector, long category) {
    ByteBuffer b = ByteBuffer.wrap(vector).order(ByteOrder.LITTLE_ENDIAN);
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < DIMS; i++) {
      out.append(i == 0 ? "" : ",").append(b.getFloat());
    }
    return out.append("] ").append(category).toString();
  }

  private static void awaitRow(
      String jdbcUrl, TableDef items, long rowid, byte[] vector, long category) {
    String want = row(vector, category);
    await()
        .atMost(LONG)
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> assertThat(targetRow(jdbcUrl, items, rowid)).as("row %d", rowid).isEqualTo(want));
  }

  /** A target row as text: its vector's floats and its category; null when it is not there. */
  private static String targetRow(String jdbcUrl, TableDef items, long rowid) throws SQLException {
    Object[] row = targetValues(jdbcUrl, items, rowid, "embedding", "category");
    if (row == null) {
      return null;
    }
    Object[] floats = (Object[]) ((Array) row[0]).getArray();
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < floats.length; i++) {
      out.append(i == 0 ? "" : ",").append(((Number) floats[i]).floatValue());
    }
    return out.append("] ").append(row[1]).toString();
  }

  private static String targetNote(String jdbcUrl, TableDef items, long rowid) throws SQLException {
    Object[] row = targetValues(jdbcUrl, items, rowid, "note");
    return row == null ? null : (String) row[0];
  }

  /** Columns of one target row (a vector as {@code real[]}); null when it is not there. */
  private static Object[] targetValues(
      String jdbcUrl, TableDef items, long rowid, String... sourceColumns) throws SQLException {
    List<String> selected = new ArrayList<>();
    for (String column : sourceColumns) {
      selected.add(
          ControlFixtures.targetColumn(items, column)
              + (column.equals("embedding") ? "::real[]" : ""));
    }
    try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
        PreparedStatement st =
            c.prepareStatement(
                "SELECT "
                    + String.join(", ", selected)
                    + " FROM "
                    + Identifiers.qualified(items.targetSchema(), items.targetTable())
                    + " WHERE "
                    + ControlFixtures.targetColumn(items, "rowid")
                    + " = ?")) {
      st.setLong(1, rowid);
      try (ResultSet rs = st.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        Object[] out = new Object[sourceColumns.length];
        for (int i = 0; i < out.length; i++) {
          out[i] = rs.getObject(i + 1);
        }
        return out;
      }
    }
  }
}
