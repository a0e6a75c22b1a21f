package io.tributary.orchestrator.cutover;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tributary.auth.CommandSignature;
import io.tributary.auth.Operator;
import io.tributary.orchestrator.SqliteFiles;
import io.tributary.orchestrator.SqliteSourcesTestResource;
import io.tributary.orchestrator.StatusTopicReader;
import io.tributary.source.sqlite.freeze.SqliteSourceFreezer;
import io.tributary.testing.TributaryTestResource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The operator commands' API (no capture running: states are set by hand where a test needs one):
 * refusals with their messages, credentials, pause and resume with their audit entries, and the
 * same commands as events on {@code tributary.commands}.
 */
@QuarkusTest
@WithTestResource(TributaryTestResource.class)
@WithTestResource(SqliteSourcesTestResource.class)
class CutoverApiIT {
  @ConfigProperty(name = TributaryTestResource.JDBC_URL)
  String jdbcUrl;

  @ConfigProperty(name = "quarkus.datasource.username")
  String user;

  @ConfigProperty(name = "quarkus.datasource.password")
  String password;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String kafka;

  @ConfigProperty(name = SqliteSourcesTestResource.SOURCES_DIR)
  Path sourcesDir;

  private String migration(String state) throws SQLException {
    String id = "api-" + UUID.randomUUID().toString().substring(0, 6);
    CutoverApi.submit(SqliteSourcesTestResource.shopPlan(id, id.replace('-', '_')));
    sql("UPDATE tributary.migrations SET state = ? WHERE id = ?", state, id);
    return id;
  }

  private void sql(String sql, Object... parameters) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
        PreparedStatement st = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        st.setObject(i + 1, parameters[i]);
      }
      st.execute();
    }
  }

  private boolean paused(String migration) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
        PreparedStatement st =
            c.prepareStatement(
                "SELECT paused_at IS NOT NULL FROM tributary.migrations WHERE id = ?")) {
      st.setString(1, migration);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  @Test
  @DisplayName(
      "A cutover left mid-way by a stopped orchestrator is rolled back at the next start: its"
          + " SQLite read-only triggers removed, state ROLLED_BACK, the audit log says why")
  void unfinishedCutoverIsRolledBack() throws Exception {
    String id = migration("CUTTING_OVER");
    Path file = sourcesDir.resolve(SqliteSourcesTestResource.SHOP);
    SqliteSourceFreezer freezer = new SqliteSourceFreezer();
    String schema = id.replace('-', '_');
    freezer.freeze(file, schema, List.of("customers"), "moved", Duration.ofSeconds(5));
    try {
      sql(
          "INSERT INTO tributary.cutovers (migration_id, requested_by, step, frozen, frozen_at)"
              + " VALUES (?, 'operator', 'drain', ?::jsonb, now())",
          id,
          "[{\"source\":\"legacy-shop\",\"how\":\"sqlite-triggers\",\"database\":null,"
              + "\"items\":[\"customers\"]}]");
      CutoverApi.awaitState(id, "ROLLED_BACK", Duration.ofMinutes(1));
      assertThat(freezer.readOnlyTriggers(file)).isEmpty();
      Operator.given()
          .when()
          .get("/migrations/{id}/cutover", id)
          .then()
          .statusCode(200)
          .body("outcome", equalTo("rolled_back"))
          .body("detail", containsString("orchestrator stopped during step drain"))
          .body("steps.step", Matchers.contains("rollback"));
    } finally {
      freezer.unfreeze(file, schema, List.of("customers"), Duration.ofSeconds(5));
    }
  }

  @Test
  @DisplayName(
      "A cutover whose switch had begun when the orchestrator stopped finishes its switch at the"
          + " next start: the switch actions run, CUT_OVER, the source stays read-only")
  void unfinishedSwitchIsFinished() throws Exception {
    String id = "sw-" + UUID.randomUUID().toString().substring(0, 6);
    Path crm = sourcesDir.resolve(id + ".db");
    SqliteFiles.create(crm, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)");
    Path envFile = sourcesDir.resolve(id + ".env");
    CutoverApi.submit(
        """
        migration: %s
        sources:
          - name: notes
            kind: sqlite
            path: %s
            schema: %s
        cutover:
          actions:
            - env-file: { path: %s }
        """
            .formatted(id, crm, id.replace('-', '_'), envFile));
    sql("UPDATE tributary.migrations SET state = 'CUTTING_OVER' WHERE id = ?", id);
    SqliteSourceFreezer freezer = new SqliteSourceFreezer();
    freezer.freeze(crm, id.replace('-', '_'), List.of("notes"), "moved", Duration.ofSeconds(5));
    sql(
        "INSERT INTO tributary.cutovers (migration_id, requested_by, step, frozen, frozen_at,"
            + " switch_started_at) VALUES (?, 'operator', 'switch', ?::jsonb, now(), now())",
        id,
        "[{\"source\":\"notes\",\"how\":\"sqlite-triggers\",\"database\":null,"
            + "\"items\":[\"notes\"]}]");
    CutoverApi.awaitState(id, "CUT_OVER", Duration.ofMinutes(1));
    assertThat(Files.readString(envFile)).contains("PGUSER='" + id.replace('-', '_') + "'");
    assertThat(freezer.readOnlyTriggers(crm)).hasSize(3);
    Operator.given()
        .when()
        .get("/migrations/{id}/cutover", id)
        .then()
        .statusCode(200)
        .body("outcome", equalTo("cut_over"))
        .body("steps.step", Matchers.contains("switch"));
  }

  @Test
  @DisplayName("Commands on an unknown migration: 404 naming it")
  void unknownMigration() {
    for (String command : List.of("cutover", "rollback", "pause", "resume")) {
      Operator.given()
          .contentType("application/json")
          .body("{}")
          .when()
          .post("/migrations/{id}/" + command, "no-such-migration")
          .then()
          .statusCode(404)
          .body("error", containsString("no-such-migration"));
    }
    Operator.given()
        .when()
        .get("/migrations/{id}/cutover", "no-such-migration")
        .then()
        .statusCode(404);
  }

  @Test
  @DisplayName("Refusals: cutover before REPLICATING, rollback without a cutover, no cutover yet")
  void refusals() throws Exception {
    String snapshotting = migration("SNAPSHOTTING");
    Operator.given()
        .contentType("application/json")
        .body(Map.of("reason", "too early"))
        .when()
        .post("/migrations/{id}/cutover", snapshotting)
        .then()
        .statusCode(409)
        .body("error", containsString("is SNAPSHOTTING"))
        .body("error", containsString("REPLICATING"))
        .body("state", equalTo("SNAPSHOTTING"));
    String replicating = migration("REPLICATING");
    Operator.given()
        .contentType("application/json")
        .body("{}")
        .when()
        .post("/migrations/{id}/rollback", replicating)
        .then()
        .statusCode(409)
        .body("error", containsString("no cutover under way"));
    Operator.given()
        .when()
        .get("/migrations/{id}/cutover", replicating)
        .then()
        .statusCode(404)
        .body("error", containsString("has had no cutover"));
    String cutOver = migration("CUT_OVER");
    Operator.given()
        .contentType("application/json")
        .body("{}")
        .when()
        .post("/migrations/{id}/rollback", cutOver)
        .then()
        .statusCode(409)
        .body("error", containsString("switched to the target"));
    Operator.given()
        .contentType("application/json")
        .body("{}")
        .when()
        .post("/migrations/{id}/pause", cutOver)
        .then()
        .statusCode(409)
        .body("error", containsString("only SNAPSHOTTING, REPLICATING, ROLLED_BACK or FELL_BACK"));
  }

  @Test
  @DisplayName("Mutating commands need the operator credential; reads with it pass")
  void credentials() throws Exception {
    String id = migration("REPLICATING");
    for (String command : List.of("cutover", "rollback", "pause", "resume")) {
      given()
          .contentType("application/json")
          .body("{}")
          .when()
          .post("/migrations/{id}/" + command, id)
          .then()
          .statusCode(401)
          .body("error", containsString("credential"));
      given()
          .header("Authorization", "Bearer not-the-token")
          .contentType("application/json")
          .body("{}")
          .when()
          .post("/migrations/{id}/" + command, id)
          .then()
          .statusCode(401);
    }
    assertThat(paused(id)).isFalse();
    Operator.given().when().get("/migrations/{id}/events", id).then().statusCode(200);
  }

  @Test
  @DisplayName("Pause and resume: capture flag, audit entries with the operator, refusals")
  void pauseAndResume() throws Exception {
    String id = migration("REPLICATING");
    Operator.given()
        .contentType("application/json")
        .body(Map.of("reason", "maintenance window"))
        .when()
        .post("/migrations/{id}/pause", id)
        .then()
        .statusCode(200)
        .body("command", equalTo("pause"))
        .body("state", equalTo("REPLICATING"));
    assertThat(paused(id)).isTrue();
    Operator.given()
        .contentType("application/json")
        .body("{}")
        .when()
        .post("/migrations/{id}/pause", id)
        .then()
        .statusCode(409)
        .body("error", containsString("paused already"));
    Operator.given()
        .contentType("application/json")
        .body("{}")
        .when()
        .post("/migrations/{id}/cutover", id)
        .then()
        .statusCode(409)
        .body("error", containsString("resume it first"));
    // a reason the audit log cannot store is refused, naming it, and changes nothing (it was a 500
    // from the audit log's INSERT, found by ApiCorpusIT)
    Operator.given()
        .contentType("application/json")
        .body("{\"reason\": \"x\\u0000y\"}")
        .when()
        .post("/migrations/{id}/resume", id)
        .then()
        .statusCode(400)
        .body("error", containsString("reason holds a NUL character"));
    assertThat(paused(id)).isTrue();
    Operator.given()
        .contentType("application/json")
        .body("{}")
        .when()
        .post("/migrations/{id}/resume", id)
        .then()
        .statusCode(200);
    assertThat(paused(id)).isFalse();
    Operator.given()
        .contentType("application/json")
        .body("{}")
        .when()
        .post("/migrations/{id}/resume", id)
        .then()
        .statusCode(409)
        .body("error", containsString("not paused"));
    List<Map<String, Object>> events =
        Operator.given()
            .when()
            .get("/migrations/{id}/events", id)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("findAll { it.step != null }");
    assertThat(events).extracting(e -> e.get("step")).containsExactly("pause", "resume");
    assertThat(events.get(0).get("reason")).isEqualTo("capture paused: maintenance window");
    assertThat(events.get(0).get("actor")).isNotEqualTo("api");
  }

  /** A command as an operator tool writes it: signed with the token, issued {@code at}. */
  private static String signed(
      String migration, String command, String by, long issuedAt, String nonce, String token) {
    String text =
        CommandSignature.text(migration, command, "from kafka", by, null, issuedAt, nonce);
    return "{\"command\":\""
        + command
        + "\",\"reason\":\"from kafka\""
        + (by == null ? "" : ",\"by\":\"" + by + "\"")
        + ",\"issuedAt\":"
        + issuedAt
        + ",\"nonce\":\""
        + nonce
        + "\",\"signature\":\""
        + CommandSignature.sign(token.getBytes(StandardCharsets.UTF_8), text)
        + "\"}";
  }

  @Test
  @DisplayName(
      "A signed command on tributary.commands has the REST call's effect once; a credential in the"
          + " record, a wrong signature, a time in the future and a replay are refused, every"
          + " outcome on tributary.status")
  void commandsTopic() throws Exception {
    String id = migration("REPLICATING");
    long now = System.currentTimeMillis();
    String nonce = UUID.randomUUID().toString();
    String good = signed(id, "pause", "ops-bot", now, nonce, Operator.TOKEN);
    List<String> values =
        List.of(
            // the credential itself: whoever reads the topic would learn it
            "{\"command\":\"pause\",\"reason\":\"from kafka\",\"authorization\":\"Bearer "
                + Operator.TOKEN
                + "\"}",
            signed(id, "pause", "ops-bot", now, UUID.randomUUID().toString(), "wrong-token"),
            signed(
                id,
                "pause",
                "ops-bot",
                now + Duration.ofHours(1).toMillis(),
                UUID.randomUUID().toString(),
                Operator.TOKEN),
            good,
            good);
    try (KafkaProducer<String, String> producer =
            new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka),
                new StringSerializer(),
                new StringSerializer());
        StatusTopicReader status = new StatusTopicReader(kafka)) {
      for (String value : values) {
        producer.send(new ProducerRecord<>("tributary.commands", id, value)).get();
      }
      await().atMost(Duration.ofMinutes(1)).until(() -> paused(id));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> status.transitionsOf(id).stream().filter(n -> n.has("command")).count() == 5);
      List<JsonNode> notices =
          status.transitionsOf(id).stream().filter(n -> n.has("command")).toList();
      assertThat(notices)
          .extracting(n -> n.get("accepted").asBoolean())
          .containsExactly(false, false, false, true, false);
      assertThat(notices.get(0).get("message").asText())
          .contains("carries a credential")
          .doesNotContain(Operator.TOKEN);
      assertThat(notices.get(1).get("message").asText())
          .isEqualTo("the signature is not the operator token's");
      assertThat(notices.get(2).get("message").asText()).contains("s in the future");
      assertThat(notices.get(4).get("message").asText())
          .isEqualTo("a command with nonce " + nonce + " was taken before: not run again");
    }
    assertThat(
            Operator.given()
                .when()
                .get("/migrations/{id}/events", id)
                .then()
                .extract()
                .jsonPath()
                .getList("findAll { it.step == 'pause' }"))
        .as("paused once")
        .hasSize(1);
    String actor =
        Operator.given()
            .when()
            .get("/migrations/{id}/events", id)
            .then()
            .extract()
            .jsonPath()
            .getString("find { it.step == 'pause' }.actor");
    assertThat(actor).contains("ops-bot");
  }
}
