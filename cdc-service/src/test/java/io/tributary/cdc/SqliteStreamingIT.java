package io.tributary.cdc;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tributary.auth.Operator;
import io.tributary.common.catalog.TableDef;
import io.tributary.testing.ConcurrentWriter;
import io.tributary.testing.PrometheusText;
import io.tributary.testing.TributaryTestResource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A legacy application keeps writing (inserts, updates, deletes, key changes) while its SQLite file
 * is snapshotted and then streamed through Kafka into the target; once it stops, source and target
 * hold the same rows, value for value, and the change log is trimmed. Then the migration ends and
 * the triggers and change log disappear from the file. Runs once in WAL and once in
 * rollback-journal mode, and measures how long the writer was held up.
 */
@QuarkusTest
@QuarkusTestResource(TributaryTestResource.class)
class SqliteStreamingIT {
  private static final Logger LOG = Logger.getLogger(SqliteStreamingIT.class);
  private static final int ROWS_PER_TABLE = 25_000;

  @ConfigProperty(name = "tributary.test.jdbc-url")
  String jdbcUrl;

  @Test
  @DisplayName(
      "WAL mode: with a writer running through snapshot and streaming, target equals source and the log is trimmed")
  void walMode() throws Exception {
    captureWhileWriting("stream-wal", "WAL");
  }

  @Test
  @DisplayName(
      "Rollback-journal mode: with a writer running through snapshot and streaming, target equals source and the log is trimmed")
  void rollbackJournalMode() throws Exception {
    captureWhileWriting("stream-journal", "DELETE");
  }

  @Test
  @DisplayName("Uninstall refuses unknown sources with 404")
  void uninstallUnknown() {
    Operator.given()
        .post("/cdc/sources/{m}/{s}/uninstall", "no-such-migration", "app")
        .then()
        .statusCode(404)
        .body("error", containsString("no source 'app'"));
  }

  @Test
  @DisplayName(
      "Commands need the operator credential (401 without, or with a wrong one) and are refused"
          + " from a browser page of another origin (403); reads with it pass")
  void commandsNeedTheOperator() {
    given()
        .post("/cdc/sources/{m}/{s}/fence", "no-such-migration", "app")
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", containsString("Bearer"))
        .body("error", containsString("needs an operator credential"));
    given()
        .header("Authorization", "Bearer not-the-token")
        .post("/cdc/sources/{m}/{s}/uninstall", "no-such-migration", "app")
        .then()
        .statusCode(401);
    Operator.given()
        .header("Origin", "http://evil.example")
        .post("/cdc/sources/{m}/{s}/fence", "no-such-migration", "app")
        .then()
        .statusCode(403)
        .body("error", containsString("another origin (http://evil.example)"));
    Operator.given()
        .header("Sec-Fetch-Site", "cross-site")
        .post("/cdc/sources/{m}/{s}/fence", "no-such-migration", "app")
        .then()
        .statusCode(403);
    Operator.given().get("/cdc/status").then().statusCode(200);
  }

  private void captureWhileWriting(String migration, String journalMode) throws Exception {
    Path file = Files.createTempDirectory("tributary-it").resolve("legacy.db");
    ConcurrentWriter.createDatabase(file, journalMode, ROWS_PER_TABLE);
    String schema = migration.replace('-', '_');
    try (ConcurrentWriter writer =
        ConcurrentWriter.start(
            file, ROWS_PER_TABLE, Duration.ofMillis(4), 30_000, Duration.ofSeconds(120))) {
      long started = System.nanoTime();
      List<TableDef> tables =
          ControlFixtures.recordSqliteMigration(jdbcUrl, migration, "app", schema, file);
      assertThat(tables).hasSize(ConcurrentWriter.TABLES.size());

      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> snapshotDone(migration) == tables.size());
      double snapshotSeconds = (System.nanoTime() - started) / 1e9;
      int writesAtSnapshotEnd = writer.committed();
      assertThat(writer.isDone()).as("the writer still writes when the snapshot is done").isFalse();

      // keep writing while capture streams, then stop the writer
      await()
          .atMost(Duration.ofMinutes(1))
          .until(() -> writer.committed() >= writesAtSnapshotEnd + 2_000 || writer.isDone());
      writer.close();
      long streamingStarted = System.nanoTime();
      int streamedWrites = writer.committed() - writesAtSnapshotEnd;

      for (TableDef table : tables) {
        await()
            .atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofMillis(500))
            .untilAsserted(
                () ->
                    assertThat(ControlFixtures.targetChecksum(jdbcUrl, table).hex())
                        .as("values of %s", table.sourceTable())
                        .isEqualTo(ControlFixtures.sourceChecksum(file, table).hex()));
        assertThat(ControlFixtures.targetCount(jdbcUrl, table))
            .isEqualTo(ControlFixtures.sourceChecksum(file, table).rows());
      }
      double catchUpSeconds = (System.nanoTime() - streamingStarted) / 1e9;
      assertThat(rejects(migration)).isZero();
      // every row of the target was published and written at least once: the per-table metrics
      for (TableDef table : tables) {
        long rows = ControlFixtures.targetCount(jdbcUrl, table);
        String[] labels = {"migration", migration, "source", "app", "table", table.sourceTable()};
        await()
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(300))
            .untilAsserted(
                () -> {
                  String page =
                      given().get("/q/metrics").then().statusCode(200).extract().asString();
                  assertThat(PrometheusText.sum(page, "tributary_capture_events_total", labels))
                      .as("events captured from %s", table.sourceTable())
                      .isGreaterThanOrEqualTo((double) rows);
                  String[] writes = Arrays.copyOf(labels, labels.length + 2);
                  writes[labels.length] = "op";
                  writes[labels.length + 1] = "write";
                  assertThat(PrometheusText.sum(page, "tributary_apply_rows_total", writes))
                      .as("rows of %s applied", table.sourceTable())
                      .isGreaterThanOrEqualTo((double) rows);
                  assertThat(page)
                      .as("Kafka's metrics of apply's consumer")
                      .contains("\nkafka_consumer_");
                });
      }
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200))
          .untilAsserted(() -> assertThat(logEntries(file)).as("change-log entries").isZero());

      LOG.infof(
          "%s (journal mode %s): snapshot of %d rows done in %.1f s (%.0f rows/s) with the writer"
              + " running; %d writes made while streaming, target equal %.1f s after the writer"
              + " stopped; writer: %s",
          migration,
          journalMode,
          ROWS_PER_TABLE * tables.size(),
          snapshotSeconds,
          ROWS_PER_TABLE * tables.size() / snapshotSeconds,
          streamedWrites,
          catchUpSeconds,
          writer.summary());
      assertThat(writer.failures()).isEmpty();
      assertThat(writer.maxBlockedMillis()).as("longest wait on a lock").isLessThan(500);
      assertThat(writer.percentileMillis(99)).as("p99 write duration").isLessThan(500);
    }

    // a fence: read back from the change log, published on every table topic, applied past
    long fence =
        Operator.given()
            .post("/cdc/sources/{m}/{s}/fence", migration, "app")
            .then()
            .statusCode(202)
            .extract()
            .jsonPath()
            .getLong("id");
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(300))
        .ignoreExceptions()
        .untilAsserted(
            () ->
                Operator.given()
                    .get("/cdc/fences/{id}", fence)
                    .then()
                    .statusCode(200)
                    .body("sourcePosition", containsString("change-log"))
                    .body("offsets.size()", equalTo(ConcurrentWriter.TABLES.size()))
                    .body("applied", equalTo(true)));

    // while the migration runs, the change capture cannot be removed
    Operator.given()
        .post("/cdc/sources/{m}/{s}/uninstall", migration, "app")
        .then()
        .statusCode(409)
        .body("error", containsString("is SNAPSHOTTING"));
    assertThat(tributaryObjects(file)).isNotEmpty();

    // the migration ends: the supervisor stops the capture and removes triggers and log
    setState(migration, "CUT_OVER");
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(() -> assertThat(tributaryObjects(file)).isEmpty());
    Operator.given()
        .post("/cdc/sources/{m}/{s}/uninstall", migration, "app")
        .then()
        .statusCode(200)
        .body("message", equalTo("nothing was installed"))
        .body("droppedTriggers", hasSize(0));
  }

  private long snapshotDone(String migration) throws SQLException {
    return count(
        "SELECT count(*) FROM tributary.tables WHERE migration_id = ?"
            + " AND snapshot_done_at IS NOT NULL",
        migration);
  }

  private long rejects(String migration) throws SQLException {
    return count("SELECT count(*) FROM tributary.rejects WHERE migration_id = ?", migration);
  }

  private long count(String sql, String migration) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
        PreparedStatement st = c.prepareStatement(sql)) {
      st.setString(1, migration);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private void setState(String migration, String state) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
        PreparedStatement st =
            c.prepareStatement("UPDATE tributary.migrations SET state = ? WHERE id = ?")) {
      st.setString(1, state);
      st.setString(2, migration);
      st.executeUpdate();
    }
  }

  private static long logEntries(Path file) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        ResultSet rs =
            c.createStatement().executeQuery("SELECT count(*) FROM \"_tributary_changes\"")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static List<String> tributaryObjects(Path file) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT name FROM sqlite_schema WHERE name LIKE '\\_tributary\\_%' ESCAPE '\\'")) {
      List<String> names = new ArrayList<>();
      while (rs.next()) {
        names.add(rs.getString(1));
      }
      return names;
    }
  }
}
