package io.tributary.orchestrator.cutover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.tributary.auth.Operator;
import io.tributary.orchestrator.SqliteSourcesTestResource;
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
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The bad-input corpus through the whole pipeline (this orchestrator, cdc-service and
 * validator-service as child processes): a SQLite file whose table and column names need quoting
 * everywhere (quotes, semicolons, dots, unicode, reserved words), holding values that cannot be
 * written as they are (NUL in text, text that is not UTF-8, vectors of the wrong dimension),
 * snapshotted and then changed while streaming. Every source row ends in the target with its
 * values, or among the rejects with its key and reason; continuous and deep validation agree;
 * nothing is lost.
 */
@QuarkusTest
@WithTestResource(TributaryTestResource.class)
@WithTestResource(SqliteSourcesTestResource.class)
class HostileDataIT {
  static {
    try {
      Class.forName("org.sqlite.JDBC");
      Class.forName("org.postgresql.Driver");
    } catch (ClassNotFoundException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static final Duration WAIT = Duration.ofMinutes(2);

  /** The source's tables as SQLite spells them, with their key column. */
  private static final Map<String, String> TABLES =
      Map.of(
          "we\"ird", "id",
          "ünïcödé 表", "🙂",
          "dot.ted", "Mixed Case",
          "drop table x; --", "k");

  @ConfigProperty(name = TributaryTestResource.JDBC_URL)
  String jdbcUrl;

  @ConfigProperty(name = TributaryTestResource.DATABASE)
  String database;

  @ConfigProperty(name = "quarkus.datasource.username")
  String user;

  @ConfigProperty(name = "quarkus.datasource.password")
  String password;

  @BeforeEach
  void services() throws Exception {
    CutoverServices.ensure(database);
  }

  private static Path hostileSource() throws Exception {
    Path file =
        SqliteSourcesTestResource.newDirectory("hostile-").resolve("hostile.db").toAbsolutePath();
    sqlite(
        file,
        "PRAGMA journal_mode=WAL",
        "CREATE TABLE \"we\"\"ird\" (id INTEGER PRIMARY KEY, \"na\"\"me\" TEXT,"
            + " \"semi;colon\" TEXT, raw BLOB, emb TEXT)",
        "CREATE TABLE \"ünïcödé 表\" (\"🙂\" INTEGER PRIMARY KEY, \"$1\" TEXT)",
        "CREATE TABLE \"dot.ted\" (\"Mixed Case\" INTEGER PRIMARY KEY, \"select\" TEXT)",
        "CREATE TABLE \"drop table x; --\" (k TEXT PRIMARY KEY, \"a.b\" INTEGER)",
        "INSERT INTO \"we\"\"ird\" VALUES"
            + " (1, 'plain', ';', x'00ff', '[1,2,3]'),"
            + " (2, CAST(x'666f6f00626172' AS TEXT), 'nul in the name', NULL, '[1,2,3]'),"
            + " (3, 'wrong dimension', NULL, x'', '[1,2]'),"
            + " (4, ''''';--', '\"', NULL, NULL),"
            + " (5, 'ünï 🙂', '$$', x'ff', '[0.5,-1,1e-3]')",
        "INSERT INTO \"ünïcödé 表\" VALUES (1, '%s%n'), (2, NULL), (3, '表')",
        "INSERT INTO \"dot.ted\" VALUES (1, 'a'), (2, 'b'), (3, 'c')",
        "INSERT INTO \"drop table x; --\" VALUES ('''; DROP TABLE t; --', 1), ('\"k\"', 2)");
    return file;
  }

  private static void sqlite(Path file, String... statements) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      for (String sql : statements) {
        st.execute(sql);
      }
    }
  }

  private static long sqliteCount(Path file, String table) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT count(*) FROM \"" + table.replace("\"", "\"\"") + "\"")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private long targetCount(String schema, String table) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT count(*) FROM \""
                    + schema
                    + "\".\""
                    + table.replace("\"", "\"\"")
                    + "\"")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The open rejects of a table: key -> reason. */
  private Map<String, String> rejects(String migration, String table) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
        PreparedStatement st =
            c.prepareStatement(
                "SELECT row_key, reason FROM tributary.rejects WHERE migration_id = ? AND"
                    + " source_table = ? ORDER BY id")) {
      st.setString(1, migration);
      st.setString(2, table);
      Map<String, String> out = new TreeMap<>();
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), rs.getString(2));
        }
      }
      return out;
    }
  }

  private String targetText(String schema, String table, String column, long id)
      throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT \""
                    + column.replace("\"", "\"\"")
                    + "\"::text FROM \""
                    + schema
                    + "\".\""
                    + table.replace("\"", "\"\"")
                    + "\" WHERE id = "
                    + id)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  @Test
  @DisplayName(
      "Hostile names and values through snapshot and streaming: every row in the target or"
          + " rejected with its key and reason, continuous and deep validation MATCH")
  void hostileNamesAndValuesEndToEnd() throws Exception {
    String migration = "hostile-" + UUID.randomUUID().toString().substring(0, 6);
    String schema = migration.replace('-', '_');
    Path file = hostileSource();
    CutoverApi.submit(
        """
        migration: %s
        sources:
          - name: hostile-app
            kind: sqlite
            path: %s
            schema: %s
            tables:
              'we"ird':
                columns:
                  emb: { type: vector(3) }
        """
            .formatted(migration, file, schema));
    CutoverApi.awaitState(migration, "REPLICATING", WAIT);

    // while streaming: the same kinds of values again, a hostile update, a delete, a key change
    sqlite(
        file,
        "INSERT INTO \"we\"\"ird\" VALUES (6, CAST(x'61006200' AS TEXT), NULL, NULL, NULL),"
            + " (7, 'dimension again', NULL, NULL, '[1,2,3,4]'),"
            + " (8, 'streamed', 'fine', x'0102', '[3,2,1]'),"
            + " (9, CAST(x'fffe41' AS TEXT), CAST(x'eda080' AS TEXT), NULL, NULL),"
            + " (10, 'a real \uFFFD', NULL, NULL, NULL)",
        "UPDATE \"we\"\"ird\" SET \"na\"\"me\" = '''; DROP TABLE tributary.migrations; --' WHERE id = 1",
        "DELETE FROM \"dot.ted\" WHERE \"Mixed Case\" = 2",
        "UPDATE \"drop table x; --\" SET k = 'k;2' WHERE \"a.b\" = 2",
        "INSERT INTO \"ünïcödé 表\" VALUES (4, CAST(x'00' AS TEXT))");

    // every row is in the target or rejected with its reason: nothing lost
    for (Map.Entry<String, String> table : TABLES.entrySet()) {
      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(
                          targetCount(schema, table.getKey())
                              + rejects(migration, table.getKey()).size())
                      .as("%s: target rows + rejects", table.getKey())
                      .isEqualTo(sqliteCount(file, table.getKey())));
    }
    Map<String, String> weird = rejects(migration, "we\"ird");
    assertThat(weird.keySet()).hasSize(5);
    assertThat(String.join("\n", weird.values()))
        .as("the reasons name the value's problem")
        .containsIgnoringCase("nul")
        .contains("dimension")
        .contains("column 'na\"me' holds text that is not valid UTF-8 (bytes fffe41)")
        .contains("column 'semi;colon' holds text that is not valid UTF-8 (bytes eda080)");
    assertThat(targetText(schema, "we\"ird", "na\"me", 10)).isEqualTo("a real \uFFFD");
    assertThat(rejects(migration, "ünïcödé 表")).hasSize(1);
    assertThat(targetText(schema, "we\"ird", "na\"me", 1))
        .isEqualTo("'; DROP TABLE tributary.migrations; --");
    assertThat(targetText(schema, "we\"ird", "emb", 5)).isEqualTo("[0.5,-1,0.001]");
    assertThat(targetCount(schema, "dot.ted")).isEqualTo(2);

    // deep validation compares every row, value for value, with the rejected keys left out
    long request =
        Operator.given()
            .post("/migrations/{id}/validate", migration)
            .then()
            .statusCode(202)
            .extract()
            .jsonPath()
            .getLong("requestId");
    JsonPath deep =
        await()
            .atMost(WAIT)
            .until(
                () ->
                    Operator.given()
                        .get("/migrations/{id}/validation/requests/{rid}", migration, request)
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath(),
                j -> j.getString("doneAt") != null);
    assertThat(deep.getString("error")).as(deep.prettify()).isNull();
    List<String> statuses = new ArrayList<>();
    for (Map<String, Object> result : deep.<Map<String, Object>>getList("results")) {
      statuses.add(result.get("table") + "=" + result.get("status"));
    }
    assertThat(statuses)
        .as(deep.prettify())
        .containsExactlyInAnyOrder(
            "we\"ird=MATCH", "ünïcödé 表=MATCH", "dot.ted=MATCH", "drop table x; --=MATCH");
  }
}
