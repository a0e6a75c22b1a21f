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
 * table's exclusive lock, which a long read of the table (the validator's checksum of it, here an
 * open transaction that read it) keeps it from having. Such steps are made with the tables, in the
 * provisioning transaction, so finalize has nothing to wait for; one that could not be made then is
 * left to finalize, which lets go of the lock after {@code finalize-lock-wait}, runs the index
 * builds meanwhile, and does the step once the read ends.
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
  private Map<String, String> states(String migration) throws SQLException {
    Map<String, String> out = new LinkedHashMap<>();
    try (Connection c = jdbc();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT kind, state FROM tributary.finalize_steps WHERE migration_id = '"
                    + migration
                    + "' ORDER BY position")) {
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

  private void execute(String... statements) throws SQLException {
    try (Connection c = jdbc();
        Statement st = c.createStatement()) {
      for (String statement : statements) {
        st.execute(statement);
      }
    }
  }

  /** A SQLite source of one table with an identity, a default and an index, as {@code name}. */
  private void provision(String name) throws Exception {
    SqliteFiles.create(
        sourcesDir.resolve(name + ".db"),
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT, status TEXT DEFAULT 'new')",
        "CREATE INDEX notes_body ON notes (body)");
    given()
        .contentType("application/yaml")
        .body(
            ("migration: "
                    + name
                    + "\nsources: [{name: s, kind: sqlite, path: "
                    + name
                    + ".db, schema: "
                    + name
                    + "}]\n")
                .getBytes(StandardCharsets.UTF_8))
        .post("/migrations")
        .then()
        .statusCode(201);
  }

  /** What apply does once the snapshot is in (no cdc-service here), then 500 rows. */
  private void load(String name) throws Exception {
    MigrationFixtures.buildKeys(jdbcUrl, user, password, name);
    execute(
        "INSERT INTO "
            + name
            + ".notes (id, body, status) SELECT g, 'note ' || g, 'open' FROM"
            + " generate_series(1, 500) g");
  }

  /**
   * Starts a long read of the table on {@code reader}, as the validator's checksum holds it: a
   * transaction that read it and stays open.
   */
  private static void holdRead(Connection reader, String name) throws SQLException {
    reader.setAutoCommit(false);
    try (Statement st = reader.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM " + name + ".notes")) {
      rs.next();
      assertThat(rs.getLong(1)).isEqualTo(500);
    }
  }

  /** The identity and the default are on the table; a new row takes both. */
  private void assertDefinitions(String name) throws SQLException {
    assertThat(
            scalar(
                "SELECT is_identity FROM information_schema.columns WHERE table_schema = '"
                    + name
                    + "' AND table_name = 'notes' AND column_name = 'id'"))
        .isEqualTo("YES");
    assertThat(
            scalar(
                "SELECT column_default FROM information_schema.columns WHERE table_schema = '"
                    + name
                    + "' AND table_name = 'notes' AND column_name = 'status'"))
        .contains("'new'");
  }

  @Test
  @DisplayName(
      "Identities and defaults are made with the tables: finalize does not wait for a reader of"
          + " the table")
  void definitionsAreMadeWithTheTables() throws Exception {
    provision("fearly");
    assertThat(states("fearly"))
        .as("done in the provisioning transaction, before any row arrives")
        .containsEntry("IDENTITY", "done")
        .containsEntry("DEFAULT", "done");
    assertDefinitions("fearly");
    load("fearly");
    try (Connection reader = jdbc()) {
      holdRead(reader, "fearly");
      List<Map<String, Object>> steps =
          given().post("/migrations/fearly/finalize").then().statusCode(200).extract().path("$");
      assertThat(steps)
          .as("finalize ends while the read still holds the table")
          .extracting(s -> s.get("kind") + ":" + s.get("state"))
          .contains("INDEX:done", "IDENTITY:done", "DEFAULT:done", "SEQUENCE:done");
      reader.commit();
    }
    execute("INSERT INTO fearly.notes (body) VALUES ('after')");
    assertThat(scalar("SELECT id || ' ' || status FROM fearly.notes WHERE body = 'after'"))
        .as("the identity continues after the highest key, the default fills the column")
        .isEqualTo("501 new");
  }

  @Test
  @DisplayName(
      "A definition the target refuses at provisioning is left to finalize, and the migration is"
          + " provisioned")
  void aDefinitionRefusedAtProvisioningIsLeftToFinalize() throws Exception {
    // the target refuses the default while the event trigger is there
    execute(
        "CREATE FUNCTION public.fbad_refuse() RETURNS event_trigger LANGUAGE plpgsql AS $f$"
            + " BEGIN IF current_query() LIKE '%\"fbad\".%SET DEFAULT%' THEN RAISE EXCEPTION"
            + " 'refused by the test'; END IF; END $f$",
        "CREATE EVENT TRIGGER fbad_refuse ON ddl_command_start WHEN TAG IN ('ALTER TABLE')"
            + " EXECUTE FUNCTION public.fbad_refuse()");
    try {
      provision("fbad");
    } finally {
      execute("DROP EVENT TRIGGER fbad_refuse", "DROP FUNCTION public.fbad_refuse()");
    }
    assertThat(states("fbad"))
        .containsEntry("IDENTITY", "done")
        .as("undone, nothing recorded")
        .containsEntry("DEFAULT", "pending");
    assertThat(
            scalar(
                "SELECT column_default FROM information_schema.columns WHERE table_schema ="
                    + " 'fbad' AND table_name = 'notes' AND column_name = 'status'"))
        .isNull();
    load("fbad");
    List<Map<String, Object>> steps =
        given().post("/migrations/fbad/finalize").then().statusCode(200).extract().path("$");
    assertThat(steps)
        .extracting(s -> s.get("kind") + ":" + s.get("state"))
        .contains("IDENTITY:done", "DEFAULT:done");
    assertDefinitions("fbad");
  }

  @Test
  @DisplayName(
      "A definition step left pending whose table is held lets the index build go first and is"
          + " done once the table is free")
  void definitionStepWaitsWithoutHoldingUpTheIndexBuild() throws Exception {
    provision("flock");
    // as a migration provisioned before definitions were made with the tables has them
    execute(
        "ALTER TABLE flock.notes ALTER COLUMN id DROP IDENTITY, ALTER COLUMN status DROP DEFAULT",
        "UPDATE tributary.finalize_steps SET state = 'pending', duration_ms = NULL, done_at ="
            + " NULL WHERE migration_id = 'flock' AND kind IN ('IDENTITY', 'DEFAULT')");
    load("flock");
    assertThat(states("flock"))
        .containsEntry("IDENTITY", "pending")
        .containsEntry("DEFAULT", "pending");

    CompletableFuture<List<Map<String, Object>>> finalize;
    try (Connection reader = jdbc()) {
      holdRead(reader, "flock");
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
                  assertThat(states("flock"))
                      .as("the index is built while the read holds the table")
                      .containsEntry("INDEX", "done"));
      assertThat(states("flock"))
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
    assertDefinitions("flock");
    execute("INSERT INTO flock.notes (body) VALUES ('after')");
    assertThat(scalar("SELECT id || ' ' || status FROM flock.notes WHERE body = 'after'"))
        .as("the identity continues after the highest key, the default fills the column")
        .isEqualTo("501 new");
  }
}
