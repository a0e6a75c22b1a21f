package io.tributary.orchestrator.security;

import static io.tributary.auth.Operator.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.tributary.orchestrator.SqliteFiles;
import io.tributary.orchestrator.SqliteSourcesTestResource;
import io.tributary.testing.TributaryTestResource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Security review M2 against the running orchestrator: a plan's SQLite and Chroma paths stay within
 * {@code tributary.orchestrator.sources-dir} ({@code ../}, absolute paths, symbolic links), the dry
 * run tells nothing about files outside it, nothing is installed into them; a pgbouncer action
 * rewrites only a config in {@code pgbouncer-config-dirs}; a webhook posts to no private address
 * unless allowed. Every refusal is a 400 naming the field.
 */
@QuarkusTest
@WithTestResource(TributaryTestResource.class)
@WithTestResource(SqliteSourcesTestResource.class)
class PathsSecurityIT {
  @ConfigProperty(name = SqliteSourcesTestResource.SOURCES_DIR)
  Path sourcesDir;

  private static ValidatableResponse post(String plan, boolean dryRun) {
    return given()
        .contentType("application/yaml")
        .queryParam("dryRun", dryRun)
        .body(plan.getBytes(StandardCharsets.UTF_8))
        .when()
        .post("/migrations")
        .then();
  }

  private static String sqlitePlan(String migration, String path) {
    return """
           migration: %s
           sources:
             - { name: app, kind: sqlite, path: '%s', schema: %s }
           """
        .formatted(migration, path, migration.replace('-', '_'));
  }

  @Test
  @DisplayName(
      "Paths outside sources-dir are refused alike whether or not the file exists; the file"
          + " outside gets no trigger")
  void sourcePathsStayInTheSourcesDirectory() throws Exception {
    Path outside =
        Files.createTempDirectory(sourcesDir.getParent(), "outside-sources-").toAbsolutePath();
    Path secret =
        SqliteFiles.create(
            outside.resolve("secret.db"),
            "CREATE TABLE accounts (id INTEGER PRIMARY KEY, token TEXT)",
            "INSERT INTO accounts VALUES (1, 'hunter2')");
    Files.createSymbolicLink(sourcesDir.resolve("linked-secret.db"), secret);
    Files.createSymbolicLink(
        sourcesDir.resolve("linked-missing.db"), outside.resolve("missing.db"));
    String up = "../" + outside.getFileName();
    List<String> paths =
        List.of(
            up + "/secret.db",
            up + "/missing.db",
            secret.toString(),
            outside.resolve("missing.db").toString(),
            "linked-secret.db",
            "linked-missing.db",
            "/etc/passwd");
    List<String> messages = new ArrayList<>();
    for (int i = 0; i < paths.size(); i++) {
      for (boolean dryRun : new boolean[] {true, false}) {
        String message =
            post(sqlitePlan("sec-paths-" + i, paths.get(i)), dryRun)
                .statusCode(400)
                .body("errors.size()", equalTo(1))
                .body("errors[0].field", equalTo("sources[0].path"))
                .body("errors[0].message", containsString("is outside the sources directory"))
                .body("errors[0].message", containsString("tributary.orchestrator.sources-dir"))
                .body("errors[0].message", not(containsString("no such file")))
                .body("errors[0].message", not(containsString("not a regular file")))
                .body("errors[0].message", not(containsString("accounts")))
                .extract()
                .path("errors[0].message");
        messages.add(message.replace(paths.get(i), "<path>"));
      }
    }
    // one text for every refused path: whether a file is out there does not show
    assertThat(messages).containsOnly(messages.get(0));
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + secret);
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT count(*) FROM sqlite_master WHERE type <> 'table'")) {
      rs.next();
      assertThat(rs.getInt(1)).as("nothing installed into the file outside").isZero();
    }
    // a path within is still taken
    post(SqliteSourcesTestResource.shopPlan("sec-paths-within", "sec_paths_within"), true)
        .statusCode(200);
  }

  @Test
  @DisplayName(
      "A pgbouncer action's config outside pgbouncer-config-dirs and a webhook to a private"
          + " address are refused with 400")
  void switchActionsStayWhereAllowed() {
    String plan =
        """
        migration: sec-actions
        sources:
          - { name: letta, kind: postgres, url: 'postgresql://u:p@127.0.0.1:1/db', schema: sec_actions }
        cutover:
          actions:
            - pgbouncer:
                source: letta
                admin: postgresql://pgb:pw@127.0.0.1:6432/pgbouncer
                database: letta
                config: /etc/pgbouncer/pgbouncer.ini
            - webhook: { url: "http://10.0.0.1/hook" }
        """;
    post(plan, true)
        .statusCode(400)
        .body("errors.size()", equalTo(2))
        .body("errors[0].field", equalTo("cutover.actions[0].pgbouncer.config"))
        .body(
            "errors[0].message",
            containsString("tributary.orchestrator.cutover.pgbouncer-config-dirs"))
        .body("errors[1].field", equalTo("cutover.actions[1].webhook.url"))
        .body(
            "errors[1].message",
            containsString("tributary.orchestrator.cutover.webhook-private-networks"));
  }
}
