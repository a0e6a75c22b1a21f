package io.tributary.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.tributary.auth.Operator;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.plan.PostgresUrl;
import io.tributary.source.postgres.capture.PostgresCaptureNames;
import io.tributary.testing.TributaryTestResource;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What capture does through a cutover's states, on small idle sources: a fence requested on an idle
 * source is applied quickly (the cutover's write pause waits for it); a paused migration's capture
 * stops and its changes wait in the source until it resumes, none lost; a rolled-back migration
 * keeps capturing; a cut-over one loses its change capture, but the read-only triggers a cutover
 * left in the file stay.
 */
@QuarkusTest
@QuarkusTestResource(TributaryTestResource.class)
class CaptureLifecycleIT {
  private static final Logger LOG = Logger.getLogger(CaptureLifecycleIT.class);
  private static final int ROWS = 500;
  private static final int FENCES = 8;

  /** Generous: measured at about 0.2 s for SQLite and PostgreSQL alike on an idle machine. */
  private static final Duration FENCE_BOUND = Duration.ofSeconds(3);

  @ConfigProperty(name = "tributary.test.jdbc-url")
  String jdbcUrl;

  @Test
  @DisplayName(
      "SQLite: fences applied fast; pause holds changes in the source, resume delivers them;"
          + " ROLLED_BACK keeps capturing; CUT_OVER removes capture but not read-only triggers")
  void sqlite() throws Exception {
    String migration = "life-sqlite";
    Path file = Files.createTempDirectory("tributary-it").resolve("app.db");
    try (Connection c = sqlite(file);
        Statement st = c.createStatement()) {
      st.execute("PRAGMA journal_mode=WAL");
      st.execute("CREATE TABLE x (id INTEGER PRIMARY KEY, v TEXT NOT NULL)");
      st.execute("CREATE TABLE y (k TEXT PRIMARY KEY, n INTEGER)");
      st.execute(
          "WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < "
              + ROWS
              + ") INSERT INTO x SELECT i, 'row ' || i FROM g");
      st.execute("INSERT INTO y VALUES ('a', 1), ('b', 2)");
    }
    List<TableDef> tables =
        ControlFixtures.recordSqliteMigration(jdbcUrl, migration, "app", "life_sqlite", file);
    TableDef x = table(tables, "x");
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> ControlFixtures.targetCount(jdbcUrl, x) == ROWS);
    setState(migration, "REPLICATING");

    measureFences(migration, "app", "SQLite", tables.size());

    // paused: the engine stops, the change capture stays, changes wait in the change log
    pause(migration);
    ControlFixtures.awaitCapture(migration + "/app", false);
    assertThat(sqliteObjects(file, "\\_tributary\\_%")).as("change capture kept").isNotEmpty();
    Operator.given()
        .post("/cdc/sources/{m}/{s}/fence", migration, "app")
        .then()
        .statusCode(409)
        .body("error", containsString("paused by it"));
    execute(file, "INSERT INTO x VALUES (" + (ROWS + 1) + ", 'written while paused')");
    execute(file, "UPDATE x SET v = 'updated while paused' WHERE id = 1");
    execute(file, "DELETE FROM y WHERE k = 'a'");
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> ControlFixtures.targetCount(jdbcUrl, x) == ROWS);
    assertThat(changeLogEntries(file)).as("changes waiting in the change log").isEqualTo(3);

    // resumed: capture starts from its stored offsets and delivers what waited, nothing lost
    resume(migration);
    ControlFixtures.awaitCapture(migration + "/app", true);
    awaitEqual(file, tables);
    assertThat(ControlFixtures.targetCount(jdbcUrl, x)).isEqualTo(ROWS + 1);

    // rolled back: replication continues
    setState(migration, "ROLLED_BACK");
    execute(file, "INSERT INTO x VALUES (" + (ROWS + 2) + ", 'written after the rollback')");
    awaitEqual(file, tables);
    assertThat(ControlFixtures.targetCount(jdbcUrl, x)).isEqualTo(ROWS + 2);
    ControlFixtures.awaitCapture(migration + "/app", true);
    measureFences(migration, "app", "SQLite (rolled back)", tables.size());

    // cut over: a cutover left the file read-only; capture goes, the read-only triggers stay
    execute(
        file,
        "CREATE TRIGGER tributary_readonly_i_x BEFORE INSERT ON x"
            + " BEGIN SELECT RAISE(ABORT, 'moved'); END");
    setState(migration, "CUT_OVER");
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> assertThat(sqliteObjects(file, "\\_tributary\\_%")).as("capture").isEmpty());
    ControlFixtures.awaitCapture(migration + "/app", false);
    assertThat(sqliteObjects(file, "tributary\\_readonly\\_%"))
        .containsExactly("tributary_readonly_i_x");
    assertThat(sqliteObjects(file, "%")).contains("x", "y");
  }

  @Test
  @DisplayName(
      "PostgreSQL: fences applied fast; pause keeps the slot and resume delivers what waited;"
          + " ROLLED_BACK keeps the slot")
  void postgres() throws Exception {
    String migration = "life-pg";
    String sourceUrl = createPostgresSource("life_pg");
    PostgresUrl url = PostgresUrl.parse(sourceUrl);
    List<TableDef> tables =
        ControlFixtures.recordPostgresMigration(jdbcUrl, migration, "pg", "life_pg", sourceUrl);
    TableDef items = table(tables, "items");
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> ControlFixtures.targetCount(jdbcUrl, items) == ROWS);
    setState(migration, "REPLICATING");

    measureFences(migration, "pg", "PostgreSQL", tables.size());

    pause(migration);
    ControlFixtures.awaitCapture(migration + "/pg", false);
    String slot = PostgresCaptureNames.of(migration, "pg").slot();
    try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.credentials());
        Statement st = c.createStatement()) {
      assertThat(
              count(
                  c, "SELECT count(*) FROM pg_replication_slots WHERE slot_name = '" + slot + "'"))
          .as("the slot stays while paused")
          .isEqualTo(1);
      st.executeUpdate("INSERT INTO items VALUES (" + (ROWS + 1) + ", 'written while paused')");
      st.executeUpdate("UPDATE items SET v = 'updated while paused' WHERE id = 2");
    }
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> ControlFixtures.targetCount(jdbcUrl, items) == ROWS);

    resume(migration);
    ControlFixtures.awaitCapture(migration + "/pg", true);
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              // two transactions: the later one can arrive a poll after the first
              assertThat(targetValue(items, ROWS + 1)).isEqualTo("written while paused");
              assertThat(targetValue(items, 2)).isEqualTo("updated while paused");
            });

    setState(migration, "ROLLED_BACK");
    try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.credentials());
        Statement st = c.createStatement()) {
      st.executeUpdate("INSERT INTO items VALUES (" + (ROWS + 2) + ", 'after the rollback')");
    }
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> assertThat(targetValue(items, ROWS + 2)).isEqualTo("after the rollback"));
    ControlFixtures.awaitCapture(migration + "/pg", true);
    try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.credentials())) {
      assertThat(
              count(
                  c, "SELECT count(*) FROM pg_replication_slots WHERE slot_name = '" + slot + "'"))
          .as("the slot stays after a rollback")
          .isEqualTo(1);
    }
    setState(migration, "CUT_OVER");
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(300))
        .untilAsserted(
            () -> {
              try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.credentials())) {
                assertThat(
                        count(
                            c,
                            "SELECT count(*) FROM pg_replication_slots WHERE slot_name = '"
                                + slot
                                + "'"))
                    .isZero();
              }
            });
  }

  /**
   * Requests fences one after another on an idle source and measures request to applied, as the
   * cutover sees it, with each hop: written into the source, published to Kafka, applied (the start
   * of apply's transaction that stored offsets past the markers).
   */
  private void measureFences(String migration, String source, String kind, int topics)
      throws SQLException {
    List<Long> millis = new ArrayList<>();
    List<String> hops = new ArrayList<>();
    // the first also warms up this test's client and the service's fence endpoint: not counted
    for (int i = -1; i < FENCES; i++) {
      long started = System.nanoTime();
      long fence =
          Operator.given()
              .post("/cdc/sources/{m}/{s}/fence", migration, source)
              .then()
              .statusCode(202)
              .extract()
              .jsonPath()
              .getLong("id");
      JsonPath applied =
          await()
              .atMost(FENCE_BOUND)
              .pollDelay(Duration.ZERO)
              .pollInterval(Duration.ofMillis(10))
              .until(
                  () -> Operator.given().get("/cdc/fences/{id}", fence).then().extract().jsonPath(),
                  body -> Boolean.TRUE.equals(body.get("applied")));
      long took = (System.nanoTime() - started) / 1_000_000;
      assertThat(applied.getMap("offsets")).as("fence markers' topics").hasSize(topics);
      hops.add((i < 0 ? "warm-up " : "") + took + " (" + hops(fence) + ")");
      if (i >= 0) {
        millis.add(took);
      }
    }
    List<Long> sorted = new ArrayList<>(millis);
    Collections.sort(sorted);
    LOG.infof(
        "%s fence request -> applied on an idle source: median %d ms, max %d ms; each as"
            + " total (written/published/applied after the request): %s",
        kind, sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1), hops);
  }

  /** Milliseconds from a fence's request to its write, publication and application. */
  private String hops(long fence) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    """
                    SELECT round(extract(epoch FROM written_at - requested_at) * 1000),
                           round(extract(epoch FROM published_at - requested_at) * 1000),
                           round(extract(epoch FROM (
                             SELECT max(a.updated_at) FROM tributary.apply_offsets a
                               JOIN jsonb_each(f.offsets) t(topic, parts) ON a.topic = t.topic)
                             - requested_at) * 1000)
                      FROM tributary.fences f WHERE id = """
                        + fence)) {
      rs.next();
      return rs.getLong(1) + "/" + rs.getLong(2) + "/" + rs.getLong(3);
    }
  }

  private void awaitEqual(Path file, List<TableDef> tables) {
    for (TableDef table : tables) {
      await()
          .atMost(Duration.ofMinutes(1))
          .pollInterval(Duration.ofMillis(200))
          .untilAsserted(
              () ->
                  assertThat(ControlFixtures.targetChecksum(jdbcUrl, table).hex())
                      .as("values of %s", table.sourceTable())
                      .isEqualTo(ControlFixtures.sourceChecksum(file, table).hex()));
    }
  }

  private void pause(String migration) throws SQLException {
    ControlFixtures.updateMigration(
        jdbcUrl,
        "UPDATE tributary.migrations SET paused_at = now(), paused_by = 'it' WHERE id = ?",
        migration);
  }

  private void resume(String migration) throws SQLException {
    ControlFixtures.updateMigration(
        jdbcUrl,
        "UPDATE tributary.migrations SET paused_at = NULL, paused_by = NULL WHERE id = ?",
        migration);
  }

  private void setState(String migration, String state) throws SQLException {
    ControlFixtures.updateMigration(
        jdbcUrl, "UPDATE tributary.migrations SET state = '" + state + "' WHERE id = ?", migration);
  }

  private String targetValue(TableDef table, int id) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT v FROM "
                        + table.targetSchema()
                        + "."
                        + table.targetTable()
                        + " WHERE id = "
                        + id)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  private static TableDef table(List<TableDef> tables, String name) {
    return tables.stream().filter(t -> t.sourceTable().equals(name)).findFirst().orElseThrow();
  }

  private static Connection sqlite(Path file) throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + file);
  }

  private static void execute(Path file, String sql) throws SQLException {
    try (Connection c = sqlite(file);
        Statement st = c.createStatement()) {
      st.execute("PRAGMA busy_timeout = 5000");
      st.execute(sql);
    }
  }

  private static long changeLogEntries(Path file) throws SQLException {
    try (Connection c = sqlite(file)) {
      return count(
          c, "SELECT count(*) FROM \"_tributary_changes\" WHERE tbl <> '_tributary_fence'");
    }
  }

  private static List<String> sqliteObjects(Path file, String like) throws SQLException {
    try (Connection c = sqlite(file);
        PreparedStatement st =
            c.prepareStatement(
                "SELECT name FROM sqlite_schema WHERE name LIKE ? ESCAPE '\\' ORDER BY name")) {
      st.setString(1, like);
      List<String> names = new ArrayList<>();
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          names.add(rs.getString(1));
        }
      }
      return names;
    }
  }

  /** A database in the test cluster with a table of {@link #ROWS} rows and a small one. */
  private String createPostgresSource(String name) throws SQLException {
    URI jdbc = URI.create(jdbcUrl.substring("jdbc:".length()));
    String sourceUrl =
        "postgresql://postgres:postgres@" + jdbc.getHost() + ":" + jdbc.getPort() + "/" + name;
    try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
        Statement st = c.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + name);
      st.execute("CREATE DATABASE " + name);
    }
    PostgresUrl url = PostgresUrl.parse(sourceUrl);
    try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.credentials());
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE items (id integer PRIMARY KEY, v text NOT NULL)");
      st.execute("CREATE TABLE notes (id integer PRIMARY KEY, body text)");
      st.execute("INSERT INTO items SELECT g, 'row ' || g FROM generate_series(1, " + ROWS + ") g");
      st.execute("INSERT INTO notes VALUES (1, 'a')");
    }
    return sourceUrl;
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
