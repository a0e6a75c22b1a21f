package io.tributary.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tributary.common.catalog.TableDef;
import io.tributary.testing.TributaryTestResource;
import io.tributary.tools.SampleDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(TributaryTestResource.class)
class SnapshotApplyIT {
  @ConfigProperty(name = "tributary.test.jdbc-url")
  String jdbcUrl;

  @Test
  @DisplayName("A SQLite snapshot goes through Kafka into the target with every value equal")
  void snapshotArrivesWithEqualValues() throws Exception {
    Path dir = Files.createTempDirectory("tributary-it");
    Path file = dir.resolve("shop.db");
    new SampleDatabase(1).create(file);
    List<TableDef> tables =
        ControlFixtures.recordSqliteMigration(jdbcUrl, "snap", "shop", "shop", file);

    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> snapshotDone("snap") == tables.size());
    for (TableDef table : tables) {
      long expected = ControlFixtures.sourceChecksum(file, table).rows();
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> ControlFixtures.targetCount(jdbcUrl, table) == expected);
      assertThat(ControlFixtures.targetChecksum(jdbcUrl, table).hex())
          .as("values of %s", table.sourceTable())
          .isEqualTo(ControlFixtures.sourceChecksum(file, table).hex());
    }
    assertThat(rejects("snap")).isZero();
    // positions are kept with the rows: the snapshot topic's, past every table's chunks and end
    // marker
    try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT count(*), sum(next_offset) FROM tributary.apply_offsets"
                        + " WHERE topic = 'tributary.snap.shop.snapshot'")) {
      rs.next();
      assertThat(rs.getLong(1)).isPositive();
      assertThat(rs.getLong(2)).isGreaterThanOrEqualTo(2L * tables.size());
    }
  }

  @Test
  @DisplayName(
      "Rows the target refuses are kept in tributary.rejects with the reason; the rest commits")
  void badRowsAreRejectedNotLost() throws Exception {
    Path dir = Files.createTempDirectory("tributary-it");
    Path file = dir.resolve("dirty.db");
    // 8,000 random letters: too large for a btree index row, even compressed (54000)
    Random random = new Random(12);
    StringBuilder letters = new StringBuilder();
    for (int i = 0; i < 8000; i++) {
      letters.append((char) ('a' + random.nextInt(26)));
    }
    String unindexable = letters.toString();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      c.createStatement()
          .execute("CREATE TABLE items (id INTEGER PRIMARY KEY, qty INTEGER, label TEXT)");
      try (PreparedStatement st = c.prepareStatement("INSERT INTO items VALUES (?, ?, ?)")) {
        for (int i = 1; i <= 500; i++) {
          st.setInt(1, i);
          if (i == 7) {
            st.setString(2, "seven"); // text in an INTEGER column: does not fit bigint
          } else {
            st.setInt(2, i == 9 ? -5 : i);
          }
          st.setString(3, i == 11 ? "nul\0inside" : i == 12 ? unindexable : "item " + i);
          st.addBatch();
        }
        st.executeBatch();
      }
    }
    List<TableDef> tables =
        ControlFixtures.recordSqliteMigration(jdbcUrl, "dirty", "inv", "inv", file);
    try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres")) {
      c.createStatement()
          .execute(
              // as the schema's owner role, as the application would: apply writes as
              // inv_apply, which gets its rights on what that role makes
              "SET ROLE inv;"
                  + " ALTER TABLE inv.items ADD CONSTRAINT qty_positive CHECK (qty >= 0);"
                  // errors outside classes 22 and 23 that belong to one row: an index row too
                  // large (54000), an exception raised by a CHECK's function (P0001)
                  + " CREATE INDEX items_label ON inv.items (label);"
                  + " CREATE FUNCTION inv.not_thirteen(q bigint) RETURNS boolean LANGUAGE plpgsql"
                  + " AS $$ BEGIN IF q = 13 THEN RAISE EXCEPTION 'thirteen is unlucky'; END IF;"
                  + " RETURN true; END $$;"
                  + " ALTER TABLE inv.items ADD CONSTRAINT lucky CHECK (inv.not_thirteen(qty));"
                  // what apply's transactions run with (tributary.apply.synchronous-commit, and
                  // as a replica: a trigger fires for apply only when it is ENABLE ALWAYS)
                  + " CREATE TABLE inv.commit_probe (setting text);"
                  + " CREATE FUNCTION inv.probe() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                  + " INSERT INTO inv.commit_probe VALUES (current_setting('synchronous_commit')"
                  + " || '/' || current_setting('session_replication_role'));"
                  + " RETURN NULL; END $$;"
                  + " CREATE TRIGGER probe AFTER INSERT ON inv.items"
                  + " FOR EACH STATEMENT EXECUTE FUNCTION inv.probe();"
                  + " ALTER TABLE inv.items ENABLE ALWAYS TRIGGER probe; RESET ROLE");
    }
    await().atMost(Duration.ofMinutes(2)).until(() -> rejects("dirty") == 5);
    await()
        .atMost(Duration.ofMinutes(1))
        .until(() -> ControlFixtures.targetCount(jdbcUrl, tables.get(0)) == 495);
    try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT string_agg(DISTINCT setting, ','), count(*) FROM inv.commit_probe")) {
      rs.next();
      assertThat(rs.getString(1))
          .as("synchronous_commit and session_replication_role of apply's writes")
          .isEqualTo("off/replica");
      assertThat(rs.getLong(2)).isPositive();
    }
    try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT row_key, reason, row_data FROM tributary.rejects WHERE migration_id = 'dirty'"
                        + " ORDER BY kafka_offset, chunk_row")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("{\"id\":7}");
      assertThat(rs.getString(2)).contains("qty").contains("'seven' is not an integer");
      assertThat(rs.getString(3)).contains("\"qty\":\"seven\"");
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("{\"id\":9}");
      assertThat(rs.getString(2)).contains("23514").contains("qty_positive");
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("{\"id\":11}");
      assertThat(rs.getString(2)).contains("NUL");
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("{\"id\":12}");
      assertThat(rs.getString(2)).contains("54000").contains("index row");
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("{\"id\":13}");
      assertThat(rs.getString(2)).contains("P0001").contains("thirteen is unlucky");
      assertThat(rs.next()).isFalse();
    }
  }

  @Test
  @DisplayName(
      "A row too large for a Kafka record (a 12 MB BLOB) is kept as a reject naming its size; the"
          + " other rows and later changes arrive, capture never stops")
  void oversizedRowIsRejectedAndCaptureGoesOn() throws Exception {
    Path dir = Files.createTempDirectory("tributary-it");
    Path file = dir.resolve("big.db");
    byte[] blob = new byte[12 * 1024 * 1024];
    new Random(7).nextBytes(blob);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      c.createStatement()
          .execute("CREATE TABLE files (id INTEGER PRIMARY KEY, name TEXT, data BLOB)");
      try (PreparedStatement st = c.prepareStatement("INSERT INTO files VALUES (?, ?, ?)")) {
        for (int i = 1; i <= 20; i++) {
          st.setInt(1, i);
          st.setString(2, "file " + i);
          st.setBytes(3, i == 5 ? blob : new byte[] {(byte) i});
          st.executeUpdate();
        }
      }
    }
    List<TableDef> tables =
        ControlFixtures.recordSqliteMigration(jdbcUrl, "big", "big", "big", file);
    await().atMost(Duration.ofMinutes(2)).until(() -> rejects("big") == 1);
    await()
        .atMost(Duration.ofMinutes(1))
        .until(() -> ControlFixtures.targetCount(jdbcUrl, tables.get(0)) == 19);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      c.createStatement().execute("INSERT INTO files VALUES (21, 'after', x'01')");
    }
    await()
        .atMost(Duration.ofMinutes(1))
        .until(() -> ControlFixtures.targetCount(jdbcUrl, tables.get(0)) == 20);
    try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT row_key, reason, length(row_data) FROM tributary.rejects"
                        + " WHERE migration_id = 'big'")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("{\"id\":5}");
      assertThat(rs.getString(2))
          .contains("bytes in COPY form, over the 8388608 bytes a snapshot chunk may carry")
          .contains("resync");
      assertThat(rs.getInt(3)).as("the beginning of the event, for context").isLessThan(4096);
    }
  }

  private long snapshotDone(String migration) throws Exception {
    try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
        PreparedStatement st =
            c.prepareStatement(
                "SELECT count(*) FROM tributary.tables WHERE migration_id = ? AND snapshot_done_at IS NOT NULL")) {
      st.setString(1, migration);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private long rejects(String migration) throws Exception {
    try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
        PreparedStatement st =
            c.prepareStatement("SELECT count(*) FROM tributary.rejects WHERE migration_id = ?")) {
      st.setString(1, migration);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
