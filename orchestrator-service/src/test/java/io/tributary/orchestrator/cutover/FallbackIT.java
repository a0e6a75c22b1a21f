package io.tributary.orchestrator.cutover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.tributary.auth.Operator;
import io.tributary.common.value.Uuid5;
import io.tributary.orchestrator.SqliteSourcesTestResource;
import io.tributary.testing.TestInfrastructure;
import io.tributary.testing.TributaryTestResource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The fallback window (issue 26) with a SQLite source shaped like seed 002's agent platform: text
 * ids remapped to uuid5, JSON text as jsonb, timestamps as timestamptz, a CHECK. After the cutover
 * the application writes to the target (inserts with new keys, updates, deletes); each change goes
 * back into the SQLite file in the file's own forms while the file stays read-only for the
 * application; a fallback takes the application back to the file, which then streams into the
 * target again without a new snapshot, and a second cutover works.
 */
@QuarkusTest
@WithTestResource(TributaryTestResource.class)
@WithTestResource(SqliteSourcesTestResource.class)
class FallbackIT {
  private static final Duration WAIT = Duration.ofMinutes(2);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final UUID NEW_AGENT = UUID.fromString("0b7e6c4e-8d2f-4a53-9a0f-2f9bd5a1c001");

  @ConfigProperty(name = TributaryTestResource.DATABASE)
  String database;

  @BeforeEach
  void services() throws Exception {
    CutoverServices.ensure(database);
  }

  @Test
  @DisplayName(
      "Writes made on the target after the cutover go back into the SQLite file in its own forms;"
          + " a fallback switches back losing nothing, capture streams again, a second cutover works")
  void sqliteFallback() throws Exception {
    String id = "fallback-" + UUID.randomUUID().toString().substring(0, 6);
    String schema = id.replace('-', '_');
    Path file = agentPlatform();
    String plan =
        """
        migration: %s
        sources:
          - name: agents-app
            kind: sqlite
            path: %s
            schema: %s
            tables:
              agents:
                key: { column: id, strategy: uuid5 }
                columns:
                  capabilities: { type: jsonb }
                  created_at: { type: timestamptz }
                checks: [ "status IN ('idle','busy','error','offline')" ]
              tasks:
                columns:
                  agent_id: { type: uuid, references: agents.id }
                  payload: { type: jsonb }
                  created_at: { type: timestamptz }
        cutover:
          fallback: { window: 2h }
        """
            .formatted(id, file.toAbsolutePath(), schema);
    CutoverApi.submit(plan);
    CutoverApi.awaitState(id, "REPLICATING", WAIT);
    CutoverApi.cutover(id, "FallbackIT");
    assertThat(CutoverApi.awaitOutcome(id, WAIT).getString("outcome")).isEqualTo("cut_over");
    JsonPath window = fallbackView(id);
    assertThat(window.getString("state")).isEqualTo("CUT_OVER");
    assertThat(window.getString("window.switchLsn")).isNotBlank();
    assertThat(window.getString("window.endsAt")).isNotBlank();

    // the application now works on the target, as the schema's role
    UUID ns = Uuid5.tableNamespace(id, "agents-app", "agents");
    UUID agent2 = Uuid5.remap(ns, "agent-2");
    UUID agent3 = Uuid5.remap(ns, "agent-3");
    UUID agent4 = Uuid5.remap(ns, "agent-4");
    try (Connection app = application(schema)) {
      execute(
          app,
          "UPDATE agents SET name = 'renamed', capabilities = '{\"tools\": [\"search\", \"code\"]}'"
              + " WHERE id = '"
              + agent2
              + "'");
      execute(
          app,
          "INSERT INTO agents (id, name, status, capabilities, created_at) VALUES ('"
              + NEW_AGENT
              + "', 'made on the target', 'idle', '{\"new\": true}',"
              + " '2026-11-26 12:34:56+00')");
      execute(
          app,
          "INSERT INTO tasks (id, agent_id, payload, created_at) VALUES"
              + " (1001, '"
              + NEW_AGENT
              + "', '{\"step\": 1001}', '2026-11-26 12:35:00.250+00'),"
              + " (1002, '"
              + agent3
              + "', '{\"step\": 1002}', '2026-11-26 12:35:01+00')");
      execute(app, "UPDATE tasks SET payload = '{\"step\": \"changed\"}' WHERE id = 5");
      execute(app, "DELETE FROM tasks WHERE id = 7");
      execute(app, "UPDATE agents SET status = 'busy' WHERE id = '" + agent4 + "'");
      for (int i = 2000; i < 2100; i++) {
        execute(
            app,
            "INSERT INTO tasks (id, agent_id, payload, created_at) VALUES ("
                + i
                + ", '"
                + agent3
                + "', '{\"burst\": "
                + i
                + "}', now())");
      }
      execute(app, "DELETE FROM tasks WHERE id BETWEEN 2000 AND 2009");
    }

    // every write is in the file, in the file's own forms
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(300))
        .ignoreExceptions()
        .untilAsserted(
            () ->
                assertThat(sqlite(file, "SELECT count(*) FROM tasks"))
                    .containsExactly(String.valueOf(200 - 1 + 2 + 90)));
    assertThat(sqlite(file, "SELECT name || '|' || created_at FROM agents WHERE id = 'agent-2'"))
        .containsExactly("renamed|2024-05-01 10:00:02");
    assertThat(json(sqlite(file, "SELECT capabilities FROM agents WHERE id = 'agent-2'").get(0)))
        .isEqualTo(JSON.readTree("{\"tools\": [\"search\", \"code\"]}"));
    assertThat(sqlite(file, "SELECT status FROM agents WHERE id = 'agent-4'"))
        .containsExactly("busy");
    assertThat(
            sqlite(
                file,
                "SELECT name || '|' || status || '|' || created_at || '|' || typeof(created_at)"
                    + " FROM agents WHERE id = '"
                    + NEW_AGENT
                    + "'"))
        .containsExactly("made on the target|idle|2026-11-26 12:34:56|text");
    assertThat(sqlite(file, "SELECT agent_id || '|' || created_at FROM tasks WHERE id = 1001"))
        .containsExactly(NEW_AGENT + "|2026-11-26T12:35:00.250Z");
    assertThat(sqlite(file, "SELECT agent_id FROM tasks WHERE id = 1002"))
        .containsExactly("agent-3");
    assertThat(json(sqlite(file, "SELECT payload FROM tasks WHERE id = 5").get(0)))
        .isEqualTo(JSON.readTree("{\"step\": \"changed\"}"));
    assertThat(sqlite(file, "SELECT count(*) FROM tasks WHERE id = 7")).containsExactly("0");
    // the file stays read-only for the application all along
    try (Connection c = NotesFile.open(file);
        Statement st = c.createStatement()) {
      assertThatThrownBy(() -> st.execute("UPDATE agents SET name = 'x' WHERE id = 'agent-1'"))
          .isInstanceOf(SQLException.class);
    }
    // the window's counters are recorded after the rows they count: awaited, as the rows were
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              JsonPath applied = fallbackView(id);
              assertThat(applied.getLong("window.appliedChanges")).isGreaterThanOrEqualTo(107);
              assertThat(applied.getLong("window.rejects")).isZero();
            });

    // validation in reverse compares what was written back, round by round
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              JsonPath w = fallbackView(id);
              assertThat(w.getString("window.verifiedAt")).isNotBlank();
              assertThat(w.getLong("window.unverifiedRows")).isZero();
              assertThat(latestReverse(id, "agents")).startsWith("MATCH");
              assertThat(latestReverse(id, "tasks")).startsWith("MATCH");
            });
    // the post-switch verification, run while the application wrote to the target, found the
    // file equal to the target, the rows written back left out
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              JsonPath w = fallbackView(id);
              assertThat(w.getString("postSwitch.status")).as(w.prettify()).isEqualTo("MATCH");
              assertThat(w.getLong("postSwitch.differingRows")).isZero();
            });

    // every row written back was compared (some twice: written back again after a round)
    assertThat(
            Long.parseLong(
                rows("SELECT sum(rows_compared) FROM tributary.reverse_verified"
                        + " WHERE migration_id = '"
                        + id
                        + "'")
                    .get(0)))
        .isGreaterThanOrEqualTo(107);

    // a change the file refuses (its own CHECK, which the plan did not carry) is a reverse reject:
    // validation in reverse reports the row missing in the file, and a fallback refuses before
    // anything is frozen
    try (Connection app = application(schema)) {
      execute(
          app,
          "INSERT INTO tasks (id, agent_id, payload, created_at) VALUES (5000, '"
              + agent3
              + "', '{\"big\": \""
              + "x".repeat(150)
              + "\"}', now())");
    }
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              assertThat(fallbackView(id).getLong("window.rejects")).isEqualTo(1);
              assertThat(latestReverse(id, "tasks"))
                  .startsWith("MISMATCH")
                  .contains("1 extra in the target");
            });
    JsonPath notReady = rehearseFallback(id);
    assertThat(notReady.getBoolean("ready")).as(notReady.prettify()).isFalse();
    assertThat(notReady.getString("checks.find { it.check == 'validation' }.detail"))
        .contains("tasks MISMATCH");
    JsonPath refused =
        Operator.given()
            .contentType("application/json")
            .body("{\"reason\": \"FallbackIT, with a reverse reject\"}")
            .post("/migrations/{id}/fallback", id)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(refused.getString("outcome")).as(refused.prettify()).isEqualTo("rolled_back");
    assertThat(refused.getString("state")).isEqualTo("CUT_OVER");
    assertThat(refused.getList("steps.step")).containsExactly("verify");
    assertThat(refused.getString("detail")).contains("tasks MISMATCH");
    assertThat(refused.getString("writePauseMs")).isNull();
    // the application repairs it on the target: the delete goes back, the next round is equal
    try (Connection app = application(schema)) {
      execute(app, "DELETE FROM tasks WHERE id = 5000");
    }
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              assertThat(fallbackView(id).getLong("window.unverifiedRows")).isZero();
              assertThat(latestReverse(id, "tasks")).startsWith("MATCH");
            });
    JsonPath ready = rehearseFallback(id);
    assertThat(ready.getBoolean("ready")).as(ready.prettify()).isTrue();
    assertThat(ready.getList("checks.check", String.class))
        .containsExactly("state", "window", "validation", "freeze-target", "unfreeze-source");

    // fall back: the application goes back to the file, nothing lost
    JsonPath report =
        Operator.given()
            .contentType("application/json")
            .body("{\"reason\": \"FallbackIT\"}")
            .post("/migrations/{id}/fallback", id)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(report.getString("outcome")).as(report.prettify()).isEqualTo("fell_back");
    assertThat(report.getString("state")).isEqualTo("FELL_BACK");
    assertThat(report.getString("writePauseMs")).isNotBlank();
    assertThat(report.getList("steps.step"))
        .containsExactly("verify", "freeze-target", "drain", "validate", "resume-capture");
    assertThat(CutoverApi.state(id)).isEqualTo("FELL_BACK");
    // the gate under the target's freeze counted nothing: both tables were found equal after the
    // switch and the file's read-only triggers kept every writer but the write-back out
    assertThat(CutoverApi.finalValidationDetails(id))
        .hasSize(2)
        .allSatisfy(d -> assertThat(d).contains("counts not read under the freeze (equal after"));
    assertThat(
            rows(
                "SELECT count(*) FROM pg_replication_slots WHERE slot_name LIKE 'tributary_back_%"
                    + schema
                    + "%'"))
        .containsExactly("0");

    // the application writes to the file again; capture streams it, no new snapshot
    try (Connection c = NotesFile.open(file);
        Statement st = c.createStatement()) {
      st.execute(
          "INSERT INTO agents VALUES ('agent-after', 'back on sqlite', 'idle', '{}',"
              + " '2026-11-27 08:00:00')");
      st.execute(
          "INSERT INTO tasks VALUES (3001, 'agent-after', '{\"after\": true}',"
              + " '2026-11-27T08:00:01.000Z')");
      st.execute("DELETE FROM tasks WHERE id = 1001");
    }
    UUID after = Uuid5.remap(ns, "agent-after");
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(300))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              assertThat(rows("SELECT agent_id::text FROM " + schema + ".tasks WHERE id = 3001"))
                  .containsExactly(after.toString());
              assertThat(rows("SELECT count(*) FROM " + schema + ".tasks WHERE id = 1001"))
                  .containsExactly("0");
            });
    // the rows made on the target kept their keys through the round trip
    assertThat(rows("SELECT name FROM " + schema + ".agents WHERE id = '" + NEW_AGENT + "'"))
        .containsExactly("made on the target");
    assertThat(rows("SELECT count(*) FROM " + schema + ".agents"))
        .containsExactly(sqlite(file, "SELECT count(*) FROM agents").get(0));

    // and a second cutover works
    CutoverApi.cutover(id, "FallbackIT again");
    assertThat(CutoverApi.awaitOutcome(id, WAIT).getString("outcome")).isEqualTo("cut_over");
    assertThat(rows("SELECT count(*) FROM " + schema + ".tasks"))
        .containsExactly(sqlite(file, "SELECT count(*) FROM tasks").get(0));

    // finish: nothing goes back any more, the window's slot is gone
    Operator.given()
        .contentType("application/json")
        .body("{}")
        .post("/migrations/{id}/finish", id)
        .then()
        .statusCode(200);
    assertThat(CutoverApi.state(id)).isEqualTo("FINISHED");
    assertThat(fallbackView(id).getString("window.closedAt")).isNotBlank();
    Operator.given()
        .contentType("application/json")
        .body("{}")
        .post("/migrations/{id}/fallback", id)
        .then()
        .statusCode(409);
  }

  /** Seed 002's shape: text ids, JSON text, two timestamp spellings, a CHECK. */
  private static Path agentPlatform() throws Exception {
    Path file = SqliteSourcesTestResource.newDirectory("fallback-").resolve("agents.db");
    try (Connection c = NotesFile.open(file);
        Statement st = c.createStatement()) {
      st.execute("PRAGMA journal_mode=WAL");
      st.execute(
          "CREATE TABLE agents (id TEXT PRIMARY KEY, name TEXT NOT NULL, status TEXT NOT NULL"
              + " CHECK (status IN ('idle','busy','error','offline')), capabilities TEXT,"
              + " created_at TEXT NOT NULL)");
      st.execute(
          "CREATE TABLE tasks (id INTEGER PRIMARY KEY, agent_id TEXT REFERENCES agents (id),"
              + " payload TEXT CHECK (length(payload) < 100), created_at TEXT)");
      st.execute(
          "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50)"
              + " INSERT INTO agents SELECT 'agent-' || i, 'agent ' || i, 'idle',"
              + " '{\"tools\": [\"search\"], \"n\": ' || i || '}',"
              + " '2024-05-01 10:00:' || printf('%02d', i % 60) FROM n");
      st.execute(
          "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)"
              + " INSERT INTO tasks SELECT i, 'agent-' || (i % 50 + 1), '{\"step\": ' || i || '}',"
              + " '2024-05-02T09:00:' || printf('%02d', i % 60) || '.125Z' FROM n");
    }
    return file;
  }

  private Connection application(String schema) throws SQLException {
    try (Connection admin = TestInfrastructure.get().connect(database);
        Statement st = admin.createStatement()) {
      st.execute("ALTER ROLE " + schema + " PASSWORD 'app'");
    }
    Properties props = new Properties();
    props.setProperty("user", schema);
    props.setProperty("password", "app");
    props.setProperty("options", "-c search_path=" + schema);
    return DriverManager.getConnection(TestInfrastructure.get().jdbcUrl(database), props);
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  /** The table's newest result in reverse: {@code STATUS detail}, or empty. */
  private String latestReverse(String id, String table) throws SQLException {
    List<String> latest =
        rows(
            "SELECT status || ' ' || coalesce(detail, '') FROM tributary.validations"
                + " WHERE migration_id = '"
                + id
                + "' AND source_table = '"
                + table
                + "' AND mode = 'reverse' ORDER BY id DESC LIMIT 1");
    return latest.isEmpty() ? "" : latest.get(0);
  }

  private static JsonPath rehearseFallback(String id) {
    return Operator.given()
        .contentType("application/json")
        .body("{}")
        .queryParam("check", true)
        .post("/migrations/{id}/fallback", id)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  private static JsonPath fallbackView(String id) {
    return Operator.given()
        .get("/migrations/{id}/fallback", id)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  private static List<String> sqlite(Path file, String sql) throws SQLException {
    return NotesFile.rows(file, sql);
  }

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  private List<String> rows(String sql) throws SQLException {
    try (Connection c = TestInfrastructure.get().connect(database);
        PreparedStatement st = c.prepareStatement(sql);
        ResultSet rs = st.executeQuery()) {
      List<String> out = new ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    }
  }
}
