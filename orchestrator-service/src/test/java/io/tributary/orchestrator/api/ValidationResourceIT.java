package io.tributary.orchestrator.api;

import static io.tributary.auth.Operator.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.tributary.auth.Operator;
import io.tributary.orchestrator.SqliteFiles;
import io.tributary.orchestrator.SqliteSourcesTestResource;
import io.tributary.orchestrator.StatusTopicReader;
import io.tributary.testing.TributaryTestResource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Deep and final validation through the operator API against a real PostgreSQL: requests are
 * recorded in {@code tributary.validation_requests}; what validator-service writes back (the
 * request's outcome, per-table results, listed differences) is written here by hand. Each test uses
 * migrations of its own.
 */
@QuarkusTest
@WithTestResource(TributaryTestResource.class)
@WithTestResource(SqliteSourcesTestResource.class)
class ValidationResourceIT {
  private static final String ISO_INSTANT = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}.*";

  @ConfigProperty(name = TributaryTestResource.JDBC_URL)
  String jdbcUrl;

  @ConfigProperty(name = "quarkus.datasource.username")
  String user;

  @ConfigProperty(name = "quarkus.datasource.password")
  String password;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String kafkaBootstrapServers;

  @ConfigProperty(name = SqliteSourcesTestResource.SOURCES_DIR)
  Path sourcesDir;

  @BeforeEach
  void statusTopicExists() throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrapServers))) {
      admin.createTopics(List.of(new NewTopic(StatusTopicReader.TOPIC, 1, (short) 1))).all().get();
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw e;
      }
    }
  }

  /** The shop, and a CRM whose {@code customers} clashes with the shop's and whose notes do not. */
  private String twoSourcePlan(String migration) throws SQLException {
    Path crm = sourcesDir.resolve("crm.db");
    if (!Files.exists(crm)) {
      SqliteFiles.create(
          crm,
          "CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT)",
          "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)",
          "INSERT INTO customers VALUES (1, 'a@example.org')",
          "INSERT INTO notes VALUES (1, 'hello')");
    }
    return """
           migration: %1$s
           sources:
             - name: legacy-shop
               kind: sqlite
               path: %2$s
               schema: %3$s_shop
             - name: crm
               kind: sqlite
               path: crm.db
               schema: %3$s_crm
           """
        .formatted(migration, SqliteSourcesTestResource.SHOP, migration.replace('-', '_'));
  }

  private static void submit(String plan) {
    given()
        .contentType("application/yaml")
        .body(plan.getBytes(StandardCharsets.UTF_8))
        .when()
        .post("/migrations")
        .then()
        .statusCode(201);
  }

  private static ValidatableResponse validate(String migration, Map<String, String> query) {
    return given().queryParams(query).when().post("/migrations/{id}/validate", migration).then();
  }

  private Connection jdbc() throws SQLException {
    return DriverManager.getConnection(jdbcUrl, user, password);
  }

  private List<Map<String, Object>> query(String sql, Object... parameters) throws SQLException {
    try (Connection connection = jdbc();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      List<Map<String, Object>> rows = new ArrayList<>();
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int c = 1; c <= rs.getMetaData().getColumnCount(); c++) {
            row.put(rs.getMetaData().getColumnLabel(c), rs.getObject(c));
          }
          rows.add(row);
        }
      }
      return rows;
    }
  }

  private long insertReturningId(String sql, Object... parameters) throws SQLException {
    return (Long) query(sql + " RETURNING id", parameters).get(0).get("id");
  }

  private long requestCount(String migration) throws SQLException {
    return (Long)
        query(
                "SELECT count(*) AS n FROM tributary.validation_requests WHERE migration_id = ?",
                migration)
            .get(0)
            .get("n");
  }

  /** What validator-service writes for one table of a request. */
  private long insertResult(
      String migration,
      Long request,
      String table,
      String mode,
      String status,
      long sourceRows,
      long targetRows,
      long missing,
      long extra,
      long differing,
      int listed,
      boolean complete,
      String detail)
      throws SQLException {
    return insertReturningId(
        "INSERT INTO tributary.validations (migration_id, source_name, source_table, mode, status,"
            + " source_rows, target_rows, rejected_rows, request_id, compared_rows, missing_rows,"
            + " extra_rows, differing_rows, differences_listed, differences_complete, passes,"
            + " duration_ms, detail)"
            + " VALUES (?, 'legacy-shop', ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, 3, 1234, ?)",
        migration,
        table,
        mode,
        status,
        sourceRows,
        targetRows,
        request,
        request == null ? null : Math.min(sourceRows, targetRows),
        request == null ? null : missing,
        request == null ? null : extra,
        request == null ? null : differing,
        request == null ? null : listed,
        request == null ? null : complete,
        detail);
  }

  @Test
  @DisplayName("POST /validate records a deep request by the api: 202, its id, Location, the row")
  void recordsRequest() throws SQLException {
    submit(SqliteSourcesTestResource.shopPlan("val-request", "val_request"));

    ValidatableResponse accepted =
        validate("val-request", Map.of())
            .statusCode(202)
            .body("migration", equalTo("val-request"))
            .body("mode", equalTo("deep"))
            .body("source", nullValue())
            .body("table", nullValue())
            .body("status", equalTo("requested"));
    long requestId = accepted.extract().jsonPath().getLong("requestId");
    accepted.header(
        "Location", endsWith("/migrations/val-request/validation/requests/" + requestId));

    assertThat(
            query(
                "SELECT migration_id, mode, source_name, source_table, requested_by,"
                    + " requested_at IS NOT NULL AS requested, started_at, done_at, status"
                    + " FROM tributary.validation_requests WHERE id = ?",
                requestId))
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row.get("migration_id")).isEqualTo("val-request");
              assertThat(row.get("mode")).isEqualTo("deep");
              assertThat(row.get("source_name")).isNull();
              assertThat(row.get("source_table")).isNull();
              assertThat(row.get("requested_by")).isEqualTo(Operator.NAME);
              assertThat(row.get("requested")).isEqualTo(true);
              assertThat(row.get("started_at")).isNull();
              assertThat(row.get("done_at")).isNull();
              assertThat(row.get("status")).isNull();
            });

    long finalId =
        validate(
                "val-request",
                Map.of("mode", "Final", "source", "legacy-shop", "table", "products"))
            .statusCode(202)
            .body("mode", equalTo("final"))
            .body("source", equalTo("legacy-shop"))
            .body("table", equalTo("products"))
            .extract()
            .jsonPath()
            .getLong("requestId");
    assertThat(
            query(
                "SELECT mode, source_name, source_table, requested_by"
                    + " FROM tributary.validation_requests WHERE id = ?",
                finalId))
        .containsExactly(
            Map.of(
                "mode", "final",
                "source_name", "legacy-shop",
                "source_table", "products",
                "requested_by", Operator.NAME));

    // Until the validator takes them up: newest first, nothing started, no results.
    given()
        .get("/migrations/{id}/validation", "val-request")
        .then()
        .statusCode(200)
        .body("migration", equalTo("val-request"))
        .body("requests.id", contains((int) finalId, (int) requestId))
        .body("requests.mode", contains("final", "deep"))
        .body("requests.source", contains("legacy-shop", null))
        .body("requests.table", contains("products", null))
        .body("requests.requestedBy", everyItem(equalTo(Operator.NAME)))
        .body("requests.requestedAt", everyItem(matchesPattern(ISO_INSTANT)))
        .body("requests.startedAt", everyItem(nullValue()))
        .body("requests.doneAt", everyItem(nullValue()))
        .body("requests.status", everyItem(nullValue()))
        .body("tables", hasSize(0));
    given()
        .get("/migrations/{id}/validation/requests/{rid}", "val-request", requestId)
        .then()
        .statusCode(200)
        .body("id", equalTo((int) requestId))
        .body("mode", equalTo("deep"))
        .body("requestedBy", equalTo(Operator.NAME))
        .body("tablesTotal", nullValue())
        .body("results", hasSize(0));
  }

  @Test
  @DisplayName("A table alone names its source when unique; otherwise the source is needed")
  void tableAndSource() throws SQLException {
    submit(twoSourcePlan("val-two"));

    validate("val-two", Map.of("table", "notes"))
        .statusCode(202)
        .body("source", equalTo("crm"))
        .body("table", equalTo("notes"));
    validate("val-two", Map.of("table", "customers"))
        .statusCode(400)
        .body(
            "error",
            equalTo(
                "table 'customers' is in several sources of migration 'val-two' (crm,"
                    + " legacy-shop): give the source too"));
    validate("val-two", Map.of("table", "customers", "source", "crm"))
        .statusCode(202)
        .body("source", equalTo("crm"))
        .body("table", equalTo("customers"));
    validate("val-two", Map.of("table", "products", "source", "crm"))
        .statusCode(400)
        .body("error", equalTo("migration 'val-two' has no table 'products' in source 'crm'"));
    validate("val-two", Map.of("source", "crm", "mode", "final"))
        .statusCode(202)
        .body("source", equalTo("crm"))
        .body("table", nullValue());

    assertThat(
            query(
                "SELECT mode, source_name, source_table FROM tributary.validation_requests"
                    + " WHERE migration_id = ? ORDER BY id",
                "val-two"))
        .extracting(r -> r.get("mode") + ":" + r.get("source_name") + ":" + r.get("source_table"))
        .containsExactly("deep:crm:notes", "deep:crm:customers", "final:crm:null");
  }

  @Test
  @DisplayName("Refusals: 400 unknown mode, source, table; 404 unknown migration; 409 not active")
  void refusals() throws SQLException {
    submit(SqliteSourcesTestResource.shopPlan("val-refused", "val_refused"));

    validate("val-refused", Map.of("mode", "shallow"))
        .statusCode(400)
        .body("error", equalTo("unknown mode 'shallow': give one of deep, final, postswitch"));
    // the post-switch verification runs within the fallback window only
    validate("val-refused", Map.of("mode", "postswitch"))
        .statusCode(409)
        .body("id", equalTo("val-refused"))
        .body(
            "error",
            endsWith(
                ": the post-switch verification compares the frozen sources with the target"
                    + " within the fallback window (CUT_OVER)"));
    validate("val-refused", Map.of("source", "nope"))
        .statusCode(400)
        .body(
            "error",
            equalTo("migration 'val-refused' has no source 'nope' (its sources: legacy-shop)"));
    validate("val-refused", Map.of("table", "nope"))
        .statusCode(400)
        .body("error", equalTo("migration 'val-refused' has no table 'nope'"));
    validate("val-refused", Map.of("source", "legacy-shop", "table", "nope"))
        .statusCode(400)
        .body(
            "error",
            equalTo("migration 'val-refused' has no table 'nope' in source 'legacy-shop'"));
    validate("no-such-migration", Map.of())
        .statusCode(404)
        .body("error", equalTo("migration 'no-such-migration' does not exist"));
    assertThat(requestCount("val-refused")).as("nothing recorded for a refusal").isZero();

    query(
        "UPDATE tributary.migrations SET state = 'CUT_OVER' WHERE id = ? RETURNING id",
        "val-refused");
    validate("val-refused", Map.of())
        .statusCode(409)
        .body("id", equalTo("val-refused"))
        .body("state", equalTo("CUT_OVER"))
        .body(
            "error",
            equalTo(
                "migration 'val-refused' is CUT_OVER: validation runs only while a migration is"
                    + " active (PROVISIONED, SNAPSHOTTING, REPLICATING, CUTTING_OVER,"
                    + " ROLLED_BACK, FALLING_BACK, FELL_BACK)"));
    assertThat(requestCount("val-refused")).isZero();
    // ... where the post-switch verification is asked for
    validate("val-refused", Map.of("mode", "postswitch")).statusCode(202);
    assertThat(requestCount("val-refused")).isOne();

    // Reading: unknown migrations, requests and results of other migrations are 404 too.
    given()
        .get("/migrations/{id}/validation", "no-such-migration")
        .then()
        .statusCode(404)
        .body("error", equalTo("migration 'no-such-migration' does not exist"));
    submit(SqliteSourcesTestResource.shopPlan("val-other", "val_other"));
    long otherRequest =
        validate("val-other", Map.of()).statusCode(202).extract().jsonPath().getLong("requestId");
    long otherResult =
        insertResult(
            "val-other", otherRequest, "customers", "deep", "MATCH", 3, 3, 0, 0, 0, 0, true, null);
    given()
        .get("/migrations/{id}/validation/requests/{rid}", "val-refused", otherRequest)
        .then()
        .statusCode(404)
        .body(
            "error", equalTo("migration 'val-refused' has no validation request " + otherRequest));
    given()
        .get("/migrations/{id}/validation/requests/{rid}", "val-other", otherRequest + 1000)
        .then()
        .statusCode(404)
        .body("error", containsString("has no validation request"));
    given()
        .get("/migrations/{id}/validation/results/{vid}/differences", "val-refused", otherResult)
        .then()
        .statusCode(404)
        .body("error", equalTo("migration 'val-refused' has no validation result " + otherResult));
    given()
        .get(
            "/migrations/{id}/validation/results/{vid}/differences",
            "no-such-migration",
            otherResult)
        .then()
        .statusCode(404)
        .body("error", equalTo("migration 'no-such-migration' does not exist"));
    // Requests of other migrations do not show: only its own post-switch request.
    given()
        .get("/migrations/{id}/validation", "val-refused")
        .then()
        .statusCode(200)
        .body("requests", hasSize(1))
        .body("requests[0].mode", equalTo("postswitch"))
        .body("tables", hasSize(0));
  }

  @Test
  @DisplayName(
      "What the validator recorded: latest result per table and mode, the request with its"
          + " results, differences a page at a time")
  void showsResultsAndDifferences() throws SQLException {
    String m = "val-results";
    submit(SqliteSourcesTestResource.shopPlan(m, "val_results"));

    // An older request whose products result the newer one replaces.
    long older =
        insertReturningId(
            "INSERT INTO tributary.validation_requests (migration_id, mode, requested_by,"
                + " requested_at, started_at, done_at, status, tables_total, tables_done)"
                + " VALUES (?, 'deep', 'api', now() - interval '1 hour', now() - interval '1"
                + " hour', now() - interval '59 minutes', 'MATCH', 3, 3)",
            m);
    long olderProducts =
        insertResult(m, older, "products", "deep", "MATCH", 2, 2, 0, 0, 0, 0, true, null);
    // Continuous results: the newer one counts.
    insertResult(m, null, "customers", "continuous", "LAGGING", 3, 2, 0, 0, 0, 0, true, null);
    long continuous =
        insertResult(m, null, "customers", "continuous", "MATCH", 3, 3, 0, 0, 0, 0, true, null);
    // The request a cutover made, done, with one result per table.
    long request =
        insertReturningId(
            "INSERT INTO tributary.validation_requests (migration_id, mode, requested_by,"
                + " started_at, done_at, status, tables_total, tables_done)"
                + " VALUES (?, 'final', 'cutover', now(), now(), 'MISMATCH', 3, 3)",
            m);
    long customers =
        insertResult(m, request, "customers", "final", "MATCH", 3, 3, 0, 0, 0, 0, true, null);
    long orderTags =
        insertResult(m, request, "order_tags", "final", "MATCH", 3, 3, 0, 0, 0, 0, true, null);
    long products =
        insertResult(
            m,
            request,
            "products",
            "final",
            "MISMATCH",
            400,
            390,
            100,
            90,
            110,
            250,
            false,
            "100 missing, 90 extra, 110 differing");
    // 250 listed differences numbered from 1 as the validator does, inserted in reverse order:
    // missing, extra, differing in turn.
    try (Connection connection = jdbc();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO tributary.validation_differences (validation_id, position, kind,"
                    + " row_key, columns, source_values, target_values, detail) VALUES (?, ?, ?,"
                    + " ?::jsonb, ?, ?::jsonb, ?::jsonb, ?)")) {
      for (int position : IntStream.rangeClosed(1, 250).map(i -> 251 - i).toArray()) {
        String kind = List.of("missing", "extra", "differing").get((position - 1) % 3);
        insert.setLong(1, products);
        insert.setInt(2, position);
        insert.setString(3, kind);
        insert.setString(4, "{\"sku\": \"SKU-" + position + "\"}");
        insert.setArray(
            5,
            kind.equals("differing")
                ? connection.createArrayOf("text", new String[] {"price", "title"})
                : null);
        insert.setString(
            6,
            kind.equals("extra")
                ? null
                : "{\"price\": 12345678901234567890.123456789, \"title\": \"Kettle "
                    + position
                    + "\"}");
        insert.setString(
            7,
            kind.equals("missing")
                ? null
                : "{\"price\": 20.5, \"title\": \"Kettle " + position + "\"}");
        insert.setString(8, kind.equals("differing") ? "price, title differ" : null);
        insert.addBatch();
      }
      insert.executeBatch();
    }

    JsonPath overview =
        given()
            .get("/migrations/{id}/validation", m)
            .then()
            .statusCode(200)
            .body("migration", equalTo(m))
            .body("requests.id", contains((int) request, (int) older))
            .body("requests[0].mode", equalTo("final"))
            .body("requests[0].requestedBy", equalTo("cutover"))
            .body("requests[0].status", equalTo("MISMATCH"))
            .body("requests[0].tablesTotal", equalTo(3))
            .body("requests[0].tablesDone", equalTo(3))
            .body("requests[0].startedAt", matchesPattern(ISO_INSTANT))
            .body("requests[0].doneAt", matchesPattern(ISO_INSTANT))
            .body("requests[0].error", nullValue())
            .extract()
            .jsonPath();
    // By table, then mode; only the latest of each.
    assertThat(overview.getList("tables", Map.class))
        .extracting(t -> t.get("table") + ":" + t.get("mode") + ":" + t.get("validationId"))
        .containsExactly(
            "customers:continuous:" + continuous,
            "customers:final:" + customers,
            "order_tags:final:" + orderTags,
            "products:deep:" + olderProducts,
            "products:final:" + products);
    Map<String, Object> productsFinal = overview.getMap("tables[4]");
    assertThat(productsFinal)
        .containsEntry("validationId", (int) products)
        .containsEntry("requestId", (int) request)
        .containsEntry("source", "legacy-shop")
        .containsEntry("table", "products")
        .containsEntry("targetSchema", "val_results")
        .containsEntry("targetTable", "products")
        .containsEntry("mode", "final")
        .containsEntry("status", "MISMATCH")
        .containsEntry("sourceRows", 400)
        .containsEntry("targetRows", 390)
        .containsEntry("rejectedRows", 0)
        .containsEntry("detail", "100 missing, 90 extra, 110 differing");
    assertThat(overview.getMap("tables[4].comparison"))
        .containsEntry("comparedRows", 390)
        .containsEntry("missingRows", 100)
        .containsEntry("extraRows", 90)
        .containsEntry("differingRows", 110)
        .containsEntry("differencesListed", 250)
        .containsEntry("differencesComplete", false)
        .containsEntry("passes", 3)
        .containsEntry("durationMs", 1234)
        .containsEntry("differences", List.of());
    assertThat((String) productsFinal.get("at")).matches(ISO_INSTANT);
    assertThat(overview.getMap("tables[0]"))
        .containsEntry("requestId", null)
        .containsEntry("status", "MATCH")
        .containsEntry("comparison", null);

    given()
        .get("/migrations/{id}/validation/requests/{rid}", m, request)
        .then()
        .statusCode(200)
        .body("id", equalTo((int) request))
        .body("mode", equalTo("final"))
        .body("source", nullValue())
        .body("table", nullValue())
        .body("requestedBy", equalTo("cutover"))
        .body("requestedAt", matchesPattern(ISO_INSTANT))
        .body("status", equalTo("MISMATCH"))
        .body("tablesTotal", equalTo(3))
        .body("tablesDone", equalTo(3))
        .body("results.validationId", contains((int) customers, (int) orderTags, (int) products))
        .body("results.table", contains("customers", "order_tags", "products"))
        .body("results.requestId", everyItem(equalTo((int) request)))
        .body("results.status", contains("MATCH", "MATCH", "MISMATCH"))
        .body("results[2].comparison.missingRows", equalTo(100))
        .body("results[2].comparison.differencesComplete", equalTo(false))
        .body("results[0].targetSchema", equalTo("val_results"));
    given()
        .get("/migrations/{id}/validation/requests/{rid}", m, older)
        .then()
        .statusCode(200)
        .body("status", equalTo("MATCH"))
        .body("results.validationId", contains((int) olderProducts));

    // Default page: the first 100 by position.
    String differences = "/migrations/{id}/validation/results/{vid}/differences";
    JsonPath first =
        given()
            .get(differences, m, products)
            .then()
            .statusCode(200)
            .body("validationId", equalTo((int) products))
            .body("total", equalTo(250))
            .body("listedComplete", equalTo(false))
            .body("offset", equalTo(0))
            .body("limit", equalTo(100))
            .body("differences", hasSize(100))
            .extract()
            .jsonPath();
    assertThat(first.getList("differences.position", Integer.class))
        .containsExactlyElementsOf(IntStream.rangeClosed(1, 100).boxed().toList());
    assertThat(first.getMap("differences[0]"))
        .containsEntry("position", 1)
        .containsEntry("kind", "missing")
        .containsEntry("key", Map.of("sku", "SKU-1"))
        .containsEntry("columns", null)
        .containsEntry("targetValues", null)
        .containsEntry("detail", null);
    assertThat(first.getMap("differences[1]"))
        .containsEntry("kind", "extra")
        .containsEntry("key", Map.of("sku", "SKU-2"))
        .containsEntry("sourceValues", null)
        .containsEntry("targetValues", Map.of("price", 20.5f, "title", "Kettle 2"));
    assertThat(first.getMap("differences[2]"))
        .containsEntry("kind", "differing")
        .containsEntry("key", Map.of("sku", "SKU-3"))
        .containsEntry("columns", List.of("price", "title"))
        .containsEntry("detail", "price, title differ");
    // Numbers come back exactly as stored.
    assertThat(given().get(differences + "?limit=1", m, products).then().extract().asString())
        .contains(
            "\"sourceValues\":{\"price\":12345678901234567890.123456789,\"title\":\"Kettle 1\"}");

    // The last page is short.
    given()
        .queryParams(Map.of("offset", 240, "limit", 50))
        .get(differences, m, products)
        .then()
        .statusCode(200)
        .body("total", equalTo(250))
        .body("offset", equalTo(240))
        .body("limit", equalTo(50))
        .body("differences.position", contains(241, 242, 243, 244, 245, 246, 247, 248, 249, 250))
        .body("differences[9].key.sku", equalTo("SKU-250"));
    given()
        .queryParams(Map.of("offset", 300))
        .get(differences, m, products)
        .then()
        .statusCode(200)
        .body("total", equalTo(250))
        .body("differences", hasSize(0));
    // A result without differences.
    given()
        .get(differences, m, customers)
        .then()
        .statusCode(200)
        .body("total", equalTo(0))
        .body("listedComplete", equalTo(true))
        .body("differences", hasSize(0));

    // Bad pages.
    for (String limit : List.of("0", "5000", "1001", "ten")) {
      given()
          .queryParam("limit", limit)
          .get(differences, m, products)
          .then()
          .statusCode(400)
          .body(
              "error", equalTo("limit must be a whole number from 1 to 1000, not '" + limit + "'"));
    }
    given()
        .queryParam("limit", 1000)
        .get(differences, m, products)
        .then()
        .statusCode(200)
        .body("differences", hasSize(250));
    given()
        .queryParam("offset", -1)
        .get(differences, m, products)
        .then()
        .statusCode(400)
        .body("error", equalTo("offset must be a whole number, 0 or more, not '-1'"));
  }

  @Test
  @DisplayName("OpenAPI documents the validation operations")
  void openApi() {
    given()
        .accept("application/json")
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .body(
            "paths.'/migrations/{id}/validate'.post.summary",
            equalTo("Request a deep, final or post-switch validation"))
        .body(
            "paths.'/migrations/{id}/validate'.post.responses.'202'.description",
            equalTo("Recorded; Location names the request"))
        .body("paths.'/migrations/{id}/validation'.get.summary", notNullValue())
        .body(
            "paths.'/migrations/{id}/validation/requests/{requestId}'.get.summary", notNullValue())
        .body(
            "paths.'/migrations/{id}/validation/results/{validationId}/differences'.get.summary",
            equalTo("Differences of a validation result"));
  }
}
