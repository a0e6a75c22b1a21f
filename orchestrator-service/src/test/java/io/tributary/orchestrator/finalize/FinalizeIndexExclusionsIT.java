package io.tributary.orchestrator.finalize;

import static io.tributary.auth.Operator.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tributary.orchestrator.SqliteFiles;
import io.tributary.orchestrator.SqliteSourcesTestResource;
import io.tributary.testing.IncompressibleText;
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
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * An index finalize cannot build whole: a unique index over values the target holds twice (two
 * source values equal once cast), an index over a value too large for an index row. Each is built
 * without the rows that keep it from being built, recorded {@code partial} with those rows named;
 * every row stays in the table; the unique index still refuses a new duplicate. Once the rows are
 * fixed, the next finalize builds both whole.
 */
@QuarkusTest
@WithTestResource(TributaryTestResource.class)
@WithTestResource(SqliteSourcesTestResource.class)
class FinalizeIndexExclusionsIT {
  @ConfigProperty(name = TributaryTestResource.JDBC_URL)
  String jdbcUrl;

  @ConfigProperty(name = "quarkus.datasource.username")
  String user;

  @ConfigProperty(name = "quarkus.datasource.password")
  String password;

  @ConfigProperty(name = SqliteSourcesTestResource.SOURCES_DIR)
  Path sourcesDir;

  @Test
  @DisplayName(
      "A unique index finding duplicates and an index finding a value too large are built without"
          + " those rows (partial, named in the detail); no row is deleted; fixed, they are built"
          + " whole")
  void indexesAreBuiltWithoutTheRowsTheyCannotHold() throws Exception {
    SqliteFiles.create(
        sourcesDir.resolve("fexcl.db"),
        "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT, bio TEXT)",
        "CREATE UNIQUE INDEX users_email ON users (email)",
        "CREATE INDEX users_bio ON users (bio)");
    given()
        .contentType("application/yaml")
        .body(
            ("migration: fexcl\nsources: [{name: s, kind: sqlite, path: fexcl.db, schema: fexcl}]\n")
                .getBytes(StandardCharsets.UTF_8))
        .post("/migrations")
        .then()
        .statusCode(201);
    MigrationFixtures.buildKeys(jdbcUrl, user, password, "fexcl");
    String huge = IncompressibleText.of(10_000);
    // what apply wrote: two source values equal on the target, one bio too large for a btree
    execute(
        "INSERT INTO fexcl.users (id, email, bio) VALUES (1, 'a@x.org', 'one'), (2, 'b@x.org',"
            + " 'two'), (3, 'a@x.org', 'three'), (4, 'c@x.org', '"
            + huge
            + "'), (5, NULL, 'five'), (6, NULL, 'six')");

    List<Map<String, Object>> steps =
        given().post("/migrations/fexcl/finalize").then().statusCode(200).extract().path("$");
    Map<String, Object> unique = step(steps, "UNIQUE");
    assertThat(unique.get("state")).isEqualTo("partial");
    assertThat((String) unique.get("detail"))
        .startsWith("built without 1 row it cannot hold, which stay in the table")
        .contains("key (3) holds (a@x.org), as 1 other row(s) do")
        .contains("23505");
    Map<String, Object> index = step(steps, "INDEX");
    assertThat(index.get("state")).isEqualTo("partial");
    assertThat((String) index.get("detail"))
        .contains("key (4) its index row takes about")
        .contains("54000")
        .contains("index row");

    assertThat(query("SELECT count(*) FROM fexcl.users")).as("no row deleted").isEqualTo(6);
    assertThat(query(predicate("users_email_key"))).isEqualTo(1);
    assertThat(query(predicate("users_bio_idx"))).isEqualTo(1);
    assertThatThrownBy(() -> execute("INSERT INTO fexcl.users VALUES (7, 'b@x.org', 'x')"))
        .as("the unique index still refuses a new duplicate of a value it holds")
        .hasMessageContaining("users_email_key");
    assertThatThrownBy(() -> execute("INSERT INTO fexcl.users VALUES (7, 'a@x.org', 'x')"))
        .as("and of the value held twice: its first row is in the index")
        .hasMessageContaining("users_email_key");

    // the rows fixed (in the source, streamed by apply): the next finalize builds them whole
    execute("UPDATE fexcl.users SET email = 'd@x.org' WHERE id = 3");
    execute("UPDATE fexcl.users SET bio = 'four' WHERE id = 4");
    // (until no open transaction may still see the rows' old versions, which an index takes too)
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              List<Map<String, Object>> again =
                  given()
                      .post("/migrations/fexcl/finalize")
                      .then()
                      .statusCode(200)
                      .extract()
                      .path("$");
              return "done".equals(step(again, "UNIQUE").get("state"))
                  && "done".equals(step(again, "INDEX").get("state"));
            });
    assertThat(query(predicate("users_email_key"))).as("whole now").isZero();
    assertThat(query(predicate("users_bio_idx"))).isZero();
    assertThat(
            query(
                "SELECT count(*) FROM pg_index WHERE indexrelid IN"
                    + " ('fexcl.users_email_key'::regclass, 'fexcl.users_bio_idx'::regclass)"
                    + " AND indisvalid"))
        .isEqualTo(2);
    assertThat(query("SELECT count(*) FROM fexcl.users")).isEqualTo(6);
  }

  private static Map<String, Object> step(List<Map<String, Object>> steps, String kind) {
    return steps.stream().filter(s -> kind.equals(s.get("kind"))).findFirst().orElseThrow();
  }

  private static String predicate(String index) {
    return "SELECT count(*) FROM pg_index WHERE indexrelid = 'fexcl."
        + index
        + "'::regclass AND indpred IS NOT NULL";
  }

  private void execute(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
        Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  private long query(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
