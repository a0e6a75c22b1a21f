package io.tributary.orchestrator.finalize;

import static io.tributary.auth.Operator.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
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
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A finalize step that outlives {@code finalize-step-timeout} (here 2 s: an index build waiting on
 * a lock the application holds) is cancelled by the server, not left running with its lock after
 * the orchestrator gave up: it is recorded FAILED with the cancellation, no backend runs it any
 * more, and the next finalize builds it.
 */
@QuarkusTest
@TestProfile(FinalizeTimeoutIT.ShortSteps.class)
@WithTestResource(TributaryTestResource.class)
@WithTestResource(SqliteSourcesTestResource.class)
class FinalizeTimeoutIT {
  /** A finalize step may take 2 s. */
  public static class ShortSteps implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("tributary.orchestrator.finalize-step-timeout", "2s");
    }
  }

  @ConfigProperty(name = TributaryTestResource.JDBC_URL)
  String jdbcUrl;

  @ConfigProperty(name = "quarkus.datasource.username")
  String user;

  @ConfigProperty(name = "quarkus.datasource.password")
  String password;

  @ConfigProperty(name = SqliteSourcesTestResource.SOURCES_DIR)
  Path sourcesDir;

  private long finalizeStatementsRunning() throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'CREATE INDEX%ftimeout%'"
                    + " AND state = 'active'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  @DisplayName(
      "A step past finalize-step-timeout is cancelled by the server and recorded FAILED; the next"
          + " finalize builds it")
  void stepPastItsTimeoutIsCancelled() throws Exception {
    SqliteFiles.create(
        sourcesDir.resolve("ftimeout.db"),
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)",
        "CREATE INDEX notes_body ON notes (body)");
    given()
        .contentType("application/yaml")
        .body(
            ("migration: ftimeout\nsources: [{name: s, kind: sqlite, path: ftimeout.db, schema:"
                    + " ftimeout}]\n")
                .getBytes(StandardCharsets.UTF_8))
        .post("/migrations")
        .then()
        .statusCode(201);

    // what apply does once the snapshot is in (no cdc-service here)
    MigrationFixtures.buildKeys(jdbcUrl, user, password, "ftimeout");
    List<Map<String, Object>> steps;
    try (Connection application = DriverManager.getConnection(jdbcUrl, user, password);
        Statement st = application.createStatement()) {
      // the application holds a lock the index build waits for
      application.setAutoCommit(false);
      st.execute("LOCK TABLE ftimeout.notes IN ACCESS EXCLUSIVE MODE");
      long started = System.nanoTime();
      steps =
          given().post("/migrations/ftimeout/finalize").then().statusCode(200).extract().path("$");
      long millis = (System.nanoTime() - started) / 1_000_000;
      assertThat(millis)
          .as("the answer comes after the step's timeout")
          .isGreaterThanOrEqualTo(2_000);
      assertThat(finalizeStatementsRunning())
          .as("no backend goes on with the index build after the orchestrator gave up")
          .isZero();
      application.rollback();
    }
    Map<String, Object> index =
        steps.stream().filter(s -> "INDEX".equals(s.get("kind"))).findFirst().orElseThrow();
    assertThat(index.get("state")).isEqualTo("failed");
    assertThat((String) index.get("detail")).contains("statement timeout");

    given()
        .post("/migrations/ftimeout/finalize")
        .then()
        .statusCode(200)
        .body("find { it.kind == 'INDEX' }.state", equalTo("done"));
  }
}
