package io.tributary.orchestrator.finalize;

import static io.tributary.auth.Operator.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tributary.orchestrator.SqliteFiles;
import io.tributary.orchestrator.SqliteSourcesTestResource;
import io.tributary.testing.MigrationFixtures;
import io.tributary.testing.TributaryTestResource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A finalize step that only changes a table's definition (an identity, a column default) needs the
 * table's exclusive lock; while a long read holds the table (the validator's checksum of it, here
 * an open transaction that read it), waiting for that lock would hold up every statement queued
 * behind it, the table's index build first. The step lets go after {@code finalize-lock-wait}, the
 * index builds run meanwhile, and the step is done once the read ends.
 */
@QuarkusTest
@WithTestResource(TributaryTestResource.class)
@WithTestResource(SqliteSourcesTestResource.class)
class FinalizeLockWaitIT {
  @ConfigProperty(name = TributaryTestResource.JDBC_URL)
  String jdbcUrl;

  @ConfigProperty(name = "quarkus.datasource.username")
  String user;

  @ConfigProperty(name = "quarkus.datasource.password")
  String password;

  @ConfigProperty(name = SqliteSourcesTestResource.SOURCES_DIR)
  Path sourcesDir;

  private Connection jdbc() throws SQLException {
    return DriverManager.getConnection(jdbcUrl, user, password);
  }

  /** Each step's kind with its state, in position order. */
  private Map<String, String> states() throws SQLException {
    Map<String, String> out = new LinkedHashMap<>();
    try (Connection c = jdbc();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT kind, state FROM tributary.finalize_steps WHERE migration_id = 'flock'"
                    + " ORDER BY position")) {
      while (rs.next()) {
        out.merge(rs.getString(1), rs.getString(2), (a, b) -> a + "," + b);
      }
    }
    return out;
  }

  private String scalar(String sql) throws SQLException {
    try (Connection c = jdbc();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  @Test
  @DisplayName(
      "A definition step whose table is held lets the index build go first and is done once the"
          + " table is free")
  void definitionStepWaitsWithoutHoldingUpTheIndexBuild() throws Exception {
    SqliteFiles.create(
        sourcesDir.resolve("flock.db"),
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT, status TEXT DEFAULT 'new')",
        "CREATE INDEX notes_body ON notes (body)");
    given()
        .contentType("application/yaml")
        .body(
            ("migration: flock\nsources: [{name: s, kind: sqlite, path: flock.db, schema:"
                    + " flock}]\n")
                .getBytes(StandardCharsets.UTF_8))
        .post("/migrations")
        .then()
        .statusCode(201);
    // what apply does once the snapshot is in (no cdc-service here)
    MigrationFixtures.buildKeys(jdbcUrl, user, password, "flock");
    try (Connection c = jdbc();
        Statement st = c.createStatement()) {
      st.execute(
          "INSERT INTO flock.notes (id, body, status) SELECT g, 'note ' || g, 'open' FROM"
              + " generate_series(1, 500) g");
    }
    assertThat(states()).containsEntry("IDENTITY", "pending").containsEntry("DEFAULT", "pending");

    CompletableFuture<List<Map<String, Object>>> finalize;
    try (Connection reader = jdbc();
        Statement st = reader.createStatement()) {
      // a long read of the table, as the validator's checksum holds it
      reader.setAutoCommit(false);
      try (ResultSet rs = st.executeQuery("SELECT count(*) FROM flock.notes")) {
        rs.next();
        assertThat(rs.getLong(1)).isEqualTo(500);
      }
      finalize =
          CompletableFuture.supplyAsync(
              () ->
                  given()
                      .post("/migrations/flock/finalize")
                      .then()
                      .statusCode(200)
                      .extract()
                      .path("$"));
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () ->
                  assertThat(states())
                      .as("the index is built while the read holds the table")
                      .containsEntry("INDEX", "done"));
      assertThat(states())
          .as("the definition steps wait for the read, not in front of the index build")
          .containsEntry("IDENTITY", "pending")
          .containsEntry("DEFAULT", "pending");
      assertThat(finalize).isNotDone();
      reader.commit();
    }
    List<Map<String, Object>> steps = finalize.get(60, TimeUnit.SECONDS);
    assertThat(steps)
        .extracting(s -> s.get("kind") + ":" + s.get("state"))
        .contains("INDEX:done", "IDENTITY:done", "DEFAULT:done");
    // the definitions themselves, on the table
    assertThat(
            scalar(
                "SELECT is_identity FROM information_schema.columns WHERE table_schema = 'flock'"
                    + " AND table_name = 'notes' AND column_name = 'id'"))
        .isEqualTo("YES");
    assertThat(
            scalar(
                "SELECT column_default FROM information_schema.columns WHERE table_schema ="
                    + " 'flock' AND table_name = 'notes' AND column_name = 'status'"))
        .contains("'new'");
    try (Connection c = jdbc();
        Statement st = c.createStatement()) {
      st.execute("INSERT INTO flock.notes (body) VALUES ('after')");
    }
    assertThat(scalar("SELECT id || ' ' || status FROM flock.notes WHERE body = 'after'"))
        .as("the identity continues after the highest key, the default fills the column")
        .isEqualTo("501 new");
  }
}
