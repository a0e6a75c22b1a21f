package io.tributary.orchestrator.api;

import static io.tributary.auth.Operator.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.tributary.auth.Operator;
import io.tributary.orchestrator.SqliteFiles;
import io.tributary.orchestrator.SqliteSourcesTestResource;
import io.tributary.orchestrator.StatusTopicReader;
import io.tributary.testing.MigrationFixtures;
import io.tributary.testing.TributaryTestResource;
import java.nio.charset.StandardCharsets;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The operator API against a real PostgreSQL (with pgvector) and a real Kafka broker. Each test
 * uses migrations of its own, so the tests do not depend on each other's order.
 */
@QuarkusTest
@WithTestResource(TributaryTestResource.class)
@WithTestResource(SqliteSourcesTestResource.class)
class MigrationResourceIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

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

  private static ValidatableResponse post(String contentType, String body) {
    // As bytes: RestAssured has no encoder for the YAML media types.
    return given()
        .contentType(contentType)
        .body(body.getBytes(StandardCharsets.UTF_8))
        .when()
        .post("/migrations")
        .then();
  }

  private static ValidatableResponse postDryRun(String body) {
    return given()
        .contentType("application/yaml")
        .queryParam("dryRun", true)
        .body(body.getBytes(StandardCharsets.UTF_8))
        .when()
        .post("/migrations")
        .then();
  }

  private ValidatableResponse postYaml(String body) {
    return post("application/yaml", body);
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

  private int update(String sql, Object... parameters) throws SQLException {
    try (Connection connection = jdbc();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      return statement.executeUpdate();
    }
  }

  /** {@code column: type[ NOT NULL]} of a target table, in column order. */
  private List<String> columns(String schema, String table) throws SQLException {
    return query(
            "SELECT column_name, data_type, is_nullable FROM information_schema.columns"
                + " WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position",
            schema,
            table)
        .stream()
        .map(
            r ->
                r.get("column_name")
                    + ": "
                    + r.get("data_type")
                    + ("NO".equals(r.get("is_nullable")) ? " NOT NULL" : ""))
        .toList();
  }

  /** The primary-key columns of a target table, in key order. */
  private List<String> primaryKey(String schema, String table) throws SQLException {
    return query(
            "SELECT k.column_name FROM information_schema.table_constraints c JOIN"
                + " information_schema.key_column_usage k   ON k.constraint_schema ="
                + " c.constraint_schema AND k.constraint_name = c.constraint_name WHERE"
                + " c.table_schema = ? AND c.table_name = ? AND c.constraint_type = 'PRIMARY KEY'"
                + " ORDER BY k.ordinal_position",
            schema,
            table)
        .stream()
        .map(r -> (String) r.get("column_name"))
        .toList();
  }

  private String stateOf(String migration) {
    return given()
        .get("/migrations/{id}", migration)
        .then()
        .statusCode(200)
        .extract()
        .path("state");
  }

  @Test
  @DisplayName("A YAML plan is recorded, provisioned and started: 201, SNAPSHOTTING, Location")
  void createsMigration() {
    String plan = SqliteSourcesTestResource.shopPlan("shop", "shop");

    postYaml(plan)
        .statusCode(201)
        .header("Location", endsWith("/migrations/shop"))
        .body("id", equalTo("shop"))
        .body("state", equalTo("SNAPSHOTTING"));
  }

  @Test
  @DisplayName("Provisioning creates every target table with the mapped column types and keys")
  void createsTargetTables() throws Exception {
    postYaml(SqliteSourcesTestResource.shopPlan("shop-ddl", "shop_ddl")).statusCode(201);

    List<String> customers =
        List.of(
            "id: bigint NOT NULL",
            "name: text NOT NULL",
            "balance: double precision",
            "credit_limit: numeric",
            "avatar: bytea",
            "note: text");
    List<String> products =
        List.of(
            "sku: text NOT NULL",
            "title: text NOT NULL",
            "price: numeric",
            "weight_kg: double precision");
    List<String> orderTags =
        List.of("order_id: bigint NOT NULL", "tag: text NOT NULL", "group: text", "weight: bigint");
    // made for a bulk load: each row's provenance (Kafka partition, offset, record key) is kept
    // beside it until the key is built, to reject the rows that keep it from being built
    List<String> provenance =
        List.of(
            "_tributary_partition: integer",
            "_tributary_offset: bigint",
            "_tributary_key: text",
            "_tributary_row: integer");
    assertThat(columns("shop_ddl", "customers"))
        .containsExactlyElementsOf(concat(customers, provenance));
    assertThat(columns("shop_ddl", "products"))
        .containsExactlyElementsOf(concat(products, provenance));
    assertThat(columns("shop_ddl", "order_tags"))
        .containsExactlyElementsOf(concat(orderTags, provenance));
    assertThat(primaryKey("shop_ddl", "customers"))
        .as("made for a bulk load: the key comes once the snapshot is in")
        .isEmpty();
    assertThat(
            query(
                "SELECT count(*) AS n FROM tributary.tables WHERE migration_id = 'shop-ddl' AND"
                    + " bulk_load"))
        .containsExactly(Map.of("n", 3L));
    MigrationFixtures.buildKeys(jdbcUrl, user, password, "shop-ddl");
    assertThat(columns("shop_ddl", "customers"))
        .as("provenance dropped with the key")
        .isEqualTo(customers);
    assertThat(columns("shop_ddl", "order_tags")).isEqualTo(orderTags);
    assertThat(primaryKey("shop_ddl", "customers")).containsExactly("id");
    assertThat(primaryKey("shop_ddl", "products")).containsExactly("sku");
    assertThat(primaryKey("shop_ddl", "order_tags")).containsExactly("order_id", "tag");
    assertThat(query("SELECT count(*) AS n FROM shop_ddl.order_tags"))
        .as("provisioning creates tables, capture fills them")
        .containsExactly(Map.of("n", 0L));
  }

  @Test
  @DisplayName("The migration, its sources and its tables are recorded in the control schema")
  void recordsControlRows() throws SQLException {
    String plan = SqliteSourcesTestResource.shopPlan("shop-control", "shop_control");
    postYaml(plan).statusCode(201);

    List<Map<String, Object>> migration =
        query(
            "SELECT plan_text, plan->>'migration' AS plan_migration,"
                + " plan->'sources'->0->>'path' AS plan_path, state, state_reason"
                + " FROM tributary.migrations WHERE id = ?",
            "shop-control");
    assertThat(migration).hasSize(1);
    assertThat(migration.get(0))
        .containsEntry("plan_text", plan)
        .containsEntry("plan_migration", "shop-control")
        .containsEntry("plan_path", SqliteSourcesTestResource.SHOP)
        .containsEntry("state", "SNAPSHOTTING");

    assertThat(
            query(
                "SELECT name, kind, location, target_schema FROM tributary.sources WHERE"
                    + " migration_id = ?",
                "shop-control"))
        .containsExactly(
            Map.of(
                "name", "legacy-shop",
                "kind", "sqlite",
                "location",
                    sourcesDir.resolve(SqliteSourcesTestResource.SHOP).toAbsolutePath().toString(),
                "target_schema", "shop_control"));

    List<Map<String, Object>> tables =
        query(
            "SELECT source_name, source_schema, source_table, target_schema, target_table, topic,"
                + " definition->>'sourceTable' AS def_table,"
                + " jsonb_array_length(definition->'columns') AS def_columns,"
                + " definition->'columns'->2->>'targetName' AS def_third_column,"
                + " snapshot_rows, snapshot_done_at"
                + " FROM tributary.tables WHERE migration_id = ? ORDER BY source_table",
            "shop-control");
    assertThat(tables)
        .extracting(r -> r.get("source_table"))
        .containsExactly("customers", "order_tags", "products");
    assertThat(tables)
        .extracting(r -> r.get("def_table"))
        .containsExactly("customers", "order_tags", "products");
    assertThat(tables).extracting(r -> r.get("def_columns")).containsExactly(6, 4, 4);
    assertThat(tables.get(1))
        .containsEntry("source_name", "legacy-shop")
        .containsEntry("source_schema", "main")
        .containsEntry("target_schema", "shop_control")
        .containsEntry("target_table", "order_tags")
        .containsEntry("topic", "tributary.shop-control.legacy-shop.main.order_tags")
        .containsEntry("def_third_column", "group")
        .containsEntry("snapshot_rows", null)
        .containsEntry("snapshot_done_at", null);
  }

  @Test
  @DisplayName(
      "The audit log lists creation, provisioning and start, oldest first, by the operator")
  void listsEvents() {
    postYaml(SqliteSourcesTestResource.shopPlan("shop-events", "shop_events")).statusCode(201);

    given()
        .get("/migrations/{id}/events", "shop-events")
        .then()
        .statusCode(200)
        .body("size()", equalTo(3))
        .body("from", contains(null, "PLANNED", "PROVISIONED"))
        .body("to", contains("PLANNED", "PROVISIONED", "SNAPSHOTTING"))
        .body("actor", everyItem(equalTo(Operator.NAME)))
        .body("reason", everyItem(notNullValue()))
        .body("[1].reason", equalTo("created schemas [shop_events] and 3 tables"))
        .body("at", everyItem(notNullValue()))
        .body("id", everyItem(notNullValue()));
  }

  @Test
  @DisplayName("Every state change is published on tributary.status, keyed by migration, in order")
  void publishesStatus() {
    postYaml(SqliteSourcesTestResource.shopPlan("shop-status", "shop_status")).statusCode(201);

    try (StatusTopicReader reader = new StatusTopicReader(kafkaBootstrapServers)) {
      List<JsonNode> published =
          await()
              .atMost(WAIT)
              .pollInSameThread()
              .until(() -> reader.transitionsOf("shop-status"), list -> list.size() >= 3);

      assertThat(published).hasSize(3);
      assertThat(published)
          .extracting(n -> n.get("to").asText())
          .containsExactly("PLANNED", "PROVISIONED", "SNAPSHOTTING");
      assertThat(published.get(0).get("from").isNull()).isTrue();
      assertThat(published.get(1).get("from").asText()).isEqualTo("PLANNED");
      assertThat(published)
          .allSatisfy(
              n -> {
                assertThat(n.get("migration").asText()).isEqualTo("shop-status");
                assertThat(n.get("actor").asText()).isEqualTo(Operator.NAME);
                assertThat(n.get("reason").asText()).isNotBlank();
                assertThat(n.get("at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*");
              });
    }
  }

  @Test
  @DisplayName("GET /migrations/{id} shows each table with snapshot, validation and reject figures")
  void showsTables() throws SQLException {
    postYaml(SqliteSourcesTestResource.shopPlan("shop-detail", "shop_detail")).statusCode(201);

    given()
        .get("/migrations/{id}", "shop-detail")
        .then()
        .statusCode(200)
        .body("id", equalTo("shop-detail"))
        .body("state", equalTo("SNAPSHOTTING"))
        .body("stateReason", notNullValue())
        .body("createdAt", notNullValue())
        .body("updatedAt", notNullValue())
        .body("tables", hasSize(3))
        .body("tables.sourceTable", contains("customers", "order_tags", "products"))
        .body("tables[0].source", equalTo("legacy-shop"))
        .body("tables[0].targetSchema", equalTo("shop_detail"))
        .body("tables[0].targetTable", equalTo("customers"))
        .body("tables[0].topic", equalTo("tributary.shop-detail.legacy-shop.main.customers"))
        .body("tables[0].snapshotDone", equalTo(false))
        .body("tables[0].snapshotRows", nullValue())
        .body("tables[0].sourceRows", nullValue())
        .body("tables[0].targetRows", nullValue())
        .body("tables[0].rejectedRows", equalTo(0))
        .body("tables[0].validation", nullValue());

    // What capture, the validator and apply write, written here by hand.
    update(
        "UPDATE tributary.tables SET snapshot_rows = 3, snapshot_done_at = now(), snapshot_applied_at = now()"
            + " WHERE migration_id = ? AND source_table = 'customers'",
        "shop-detail");
    update(
        "INSERT INTO tributary.validations (migration_id, source_name, source_table, mode, status,"
            + " source_rows, target_rows, rejected_rows) VALUES (?, 'legacy-shop', 'customers',"
            + " 'continuous', 'LAGGING', 3, 1, 0)",
        "shop-detail");
    update(
        "INSERT INTO tributary.validations (migration_id, source_name, source_table, mode, status,"
            + " source_rows, target_rows, rejected_rows, source_checksum, target_checksum, detail)"
            + " VALUES (?, 'legacy-shop', 'customers', 'deep', 'MISMATCH', 3, 2, 1, 'aa', 'bb', '1"
            + " row rejected')",
        "shop-detail");
    update(
        "INSERT INTO tributary.rejects (migration_id, source_name, source_table, topic,"
            + " kafka_partition, kafka_offset, row_key, reason) VALUES (?, 'legacy-shop',"
            + " 'customers', 't', 0, 7, '{\"id\":3}', 'bad')",
        "shop-detail");

    given()
        .get("/migrations/{id}", "shop-detail")
        .then()
        .statusCode(200)
        .body("tables[0].snapshotDone", equalTo(true))
        .body("tables[0].snapshotRows", equalTo(3))
        .body("tables[0].sourceRows", equalTo(3))
        .body("tables[0].targetRows", equalTo(2))
        .body("tables[0].rejectedRows", equalTo(1))
        .body("tables[0].validation.status", equalTo("MISMATCH"))
        .body("tables[0].validation.mode", equalTo("deep"))
        .body("tables[0].validation.sourceChecksum", equalTo("aa"))
        .body("tables[0].validation.targetChecksum", equalTo("bb"))
        .body("tables[0].validation.detail", equalTo("1 row rejected"))
        .body("tables[0].validation.at", notNullValue())
        .body("tables[1].snapshotDone", equalTo(false))
        .body("tables[1].rejectedRows", equalTo(0))
        .body("tables[1].validation", nullValue());
  }

  @Test
  @DisplayName("GET /migrations/{id} shows each table's apply lag: events in Kafka not yet applied")
  void showsApplyLag() throws Exception {
    postYaml(SqliteSourcesTestResource.shopPlan("shop-lag", "shop_lag")).statusCode(201);
    String topic = "tributary.shop-lag.legacy-shop.main.customers";
    try (var producer =
        new KafkaProducer<String, String>(
            Map.of(
                "bootstrap.servers", kafkaBootstrapServers,
                "key.serializer", "org.apache.kafka.common.serialization.StringSerializer",
                "value.serializer", "org.apache.kafka.common.serialization.StringSerializer"))) {
      for (int i = 0; i < 5; i++) {
        producer.send(new ProducerRecord<>(topic, "k" + i, "{}")).get();
      }
    }
    update(
        "INSERT INTO tributary.apply_offsets (consumer_group, topic, kafka_partition, next_offset)"
            + " VALUES ('tributary-apply', ?, 0, 2)",
        topic);

    given()
        .get("/migrations/{id}", "shop-lag")
        .then()
        .statusCode(200)
        .body("tables[0].topic", equalTo(topic))
        .body("tables[0].applyLag", equalTo(3))
        .body("tables[0]", Matchers.not(hasKey("appliedOffset")))
        .body("tables[1].applyLag", nullValue());
  }

  @Test
  @DisplayName("GET /migrations lists every migration with its state and times")
  void listsMigrations() {
    postYaml(SqliteSourcesTestResource.shopPlan("shop-list", "shop_list")).statusCode(201);

    given()
        .get("/migrations")
        .then()
        .statusCode(200)
        .body("id", hasItem("shop-list"))
        .body("find { it.id == 'shop-list' }.state", equalTo("SNAPSHOTTING"))
        .body("find { it.id == 'shop-list' }.createdAt", notNullValue())
        .body("find { it.id == 'shop-list' }.updatedAt", notNullValue());
  }

  @ParameterizedTest
  @ValueSource(strings = {"application/yaml", "application/x-yaml", "text/yaml"})
  @DisplayName("Plans are accepted as any of the YAML media types")
  void acceptsYamlMediaTypes(String mediaType) {
    String id = "media-" + mediaType.replaceAll("[^a-z]", "-");
    post(mediaType, SqliteSourcesTestResource.shopPlan(id, id.replace('-', '_')))
        .statusCode(201)
        .body("id", equalTo(id));
  }

  @Test
  @DisplayName("A JSON plan with an absolute path and a matching target.url is accepted")
  void acceptsJson() throws Exception {
    Path notes =
        SqliteFiles.create(
            sourcesDir.resolve("notes-json.db"),
            "CREATE TABLE notes (id TEXT PRIMARY KEY, body TEXT, score REAL)");
    String targetUrl = jdbcUrl.replaceFirst("^jdbc:", "").replace("127.0.0.1", "localhost");
    String plan =
        """
        {"migration": "notes-json", "target": {"url": "%s"},
         "sources": [{"name": "notes", "kind": "sqlite", "path": "%s"}]}
        """
            .formatted(targetUrl, notes.toAbsolutePath());

    post("application/json", plan).statusCode(201).body("state", equalTo("SNAPSHOTTING"));
    given()
        .get("/migrations/{id}", "notes-json")
        .then()
        .body("tables[0].targetSchema", equalTo("notes"));
  }

  static Stream<Arguments> badPlans() {
    String shop = SqliteSourcesTestResource.SHOP;
    return Stream.of(
        Arguments.of(
            "unknown field",
            "migration: bad-unknown\ncolour: blue\nsources: [{name: s, kind: sqlite, path: "
                + shop
                + "}]\n",
            List.of("colour")),
        Arguments.of(
            "bad migration name",
            "migration: Bad Name!\nsources: [{name: s, kind: sqlite, path: " + shop + "}]\n",
            List.of("migration")),
        Arguments.of(
            "missing path",
            "migration: bad-nopath\nsources: [{name: s, kind: sqlite}]\n",
            List.of("sources[0].path")),
        Arguments.of(
            "nonexistent file",
            "migration: bad-nofile\nsources: [{name: s, kind: sqlite, path: nowhere.db}]\n",
            List.of("sources[0].path")),
        Arguments.of(
            "unreachable postgres source",
            "migration: bad-pg\nsources: [{name: s, kind: postgres,"
                + " url: 'postgresql://u:pw@127.0.0.1:1/db'}]\n",
            List.of("sources[0].url")),
        Arguments.of(
            "mysql source",
            "migration: bad-kind\nsources: [{name: s, kind: mysql, url: 'mysql://h/db'}]\n",
            List.of("sources[0].kind")),
        Arguments.of(
            "table that nothing identifies",
            "migration: bad-nokey\nsources: [{name: s, kind: sqlite, path: nokey.db}]\n",
            List.of("sources[0].tables.log.key.columns")),
        Arguments.of(
            "another target database",
            "migration: bad-target\ntarget: {url: 'postgresql://elsewhere:5432/other'}\n"
                + "sources: [{name: s, kind: sqlite, path: "
                + shop
                + "}]\n",
            List.of("target.url")),
        Arguments.of(
            "several problems at once",
            "migration: bad-several\ntarget: {url: 'postgresql://elsewhere/other'}\nsources:\n"
                + "  - {name: a, kind: sqlite, path: nowhere.db}\n"
                + "  - {name: b, kind: mysql, url: 'mysql://h/b'}\n",
            List.of("target.url", "sources[0].path", "sources[1].kind")),
        Arguments.of(
            "several shape problems at once",
            "migration: bad-shape\nsources:\n  - {name: a, kind: sqlite, path: "
                + shop
                + ", colour: red}\n"
                + "  - {name: B!, kind: oracle}\n",
            List.of("sources[0].colour", "sources[1].name", "sources[1].kind")),
        Arguments.of("not YAML", "migration: [unclosed\n", List.of("plan")),
        Arguments.of("not a mapping", "- just\n- a list\n", List.of("plan")),
        Arguments.of("empty body", "", List.of("plan")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badPlans")
  @DisplayName("A bad plan is refused with 400 naming each bad field, and nothing is recorded")
  void refusesBadPlans(String what, String plan, List<String> fields) throws Exception {
    SqliteFiles.create(
        sourcesDir.resolve("nokey.db"),
        // no key, and columns that hide its rowid, which whole-row capture reads
        "CREATE TABLE IF NOT EXISTS log (rowid TEXT, _rowid_ TEXT, oid TEXT)",
        "CREATE TABLE IF NOT EXISTS levels (id INTEGER PRIMARY KEY)");
    long before = (long) query("SELECT count(*) AS n FROM tributary.migrations").get(0).get("n");

    List<String> refused =
        post("application/yaml", plan)
            .statusCode(400)
            .contentType(ContentType.JSON)
            .body("errors.message", everyItem(notNullValue()))
            .extract()
            .path("errors.field");

    assertThat(refused).containsExactlyInAnyOrderElementsOf(fields);
    assertThat(query("SELECT count(*) AS n FROM tributary.migrations").get(0).get("n"))
        .isEqualTo(before);
  }

  @Test
  @DisplayName("dryRun=true prints the DDL with the plan's rules and creates nothing")
  void dryRunPrintsTheDdl() throws SQLException {
    String plan =
        SqliteSourcesTestResource.shopPlan("shop-dry", "shop_dry")
            + "    tables:\n"
            + "      customers:\n"
            + "        columns:\n"
            + "          note: { type: varchar(200), default: \"'none'\" }\n"
            + "          loyalty: { type: integer, default: \"0\" }\n"
            + "        checks: [ \"balance >= 0\" ]\n";
    List<String> statements =
        postDryRun(plan)
            .statusCode(200)
            .body("migration", equalTo("shop-dry"))
            .extract()
            .path("statements");
    String customers =
        statements.stream()
            .filter(s -> s.contains("\"shop_dry\".\"customers\"") && s.startsWith("CREATE TABLE"))
            .findFirst()
            .orElseThrow();
    assertThat(customers)
        .contains("\"note\" character varying(200) DEFAULT 'none'")
        .contains("\"loyalty\" integer DEFAULT 0")
        .contains("CONSTRAINT \"customers_check_1\" CHECK (balance >= 0)");
    assertThat(statements)
        .contains("CREATE SCHEMA IF NOT EXISTS \"shop_dry\" AUTHORIZATION \"shop_dry\"")
        .contains("SET LOCAL ROLE \"shop_dry\"");
    assertThat(query("SELECT count(*) AS n FROM tributary.migrations WHERE id = 'shop-dry'"))
        .containsExactly(Map.of("n", 0L));
    assertThat(query("SELECT count(*) AS n FROM pg_namespace WHERE nspname = 'shop_dry'"))
        .containsExactly(Map.of("n", 0L));
  }

  @Test
  @DisplayName("Plan rules that cannot apply are refused with 400 naming each field")
  void refusesBadRules() {
    String plan =
        SqliteSourcesTestResource.shopPlan("shop-badrules", "shop_badrules")
            + "    tables:\n"
            + "      customerz: { checks: [ \"true\" ] }\n"
            + "      customers:\n"
            + "        columns:\n"
            + "          name: { type: jsonbb }\n"
            + "          ghost: { invalid: \"null\" }\n";
    List<String> fields = postYaml(plan).statusCode(400).extract().path("errors.field");
    assertThat(fields)
        .containsExactlyInAnyOrder(
            "sources[0].tables.customerz",
            "sources[0].tables.customers.columns.name.type",
            "sources[0].tables.customers.columns.ghost");
  }

  @Test
  @DisplayName(
      "A CHECK or default that is not one expression is refused with 400 naming it, never run;"
          + " nothing is created")
  void refusesStatementsInFragments() throws SQLException {
    String plan =
        SqliteSourcesTestResource.shopPlan("shop-inject", "shop_inject")
            + "    tables:\n"
            + "      customers:\n"
            + "        checks: [ \"true)); SELECT pg_sleep(0); --\", \"balance >= 0\" ]\n"
            + "        columns:\n"
            + "          note: { default: \"'x' PRIMARY KEY\" }\n";
    postYaml(plan)
        .statusCode(400)
        .body("errors.size()", equalTo(2))
        .body(
            "errors.find { it.field == 'sources[0].tables.customers.checks[0]' }.message",
            equalTo(
                "the CHECK expression holds a comment, which could hide the rest of the"
                    + " statement it goes into"))
        .body(
            "errors.find { it.field == 'sources[0].tables.customers.columns.note.default' }"
                + ".message",
            equalTo(
                "the default expression adds a column constraint (PRIMARY) after the default"
                    + " value: give the value alone"));
    assertThat(query("SELECT count(*) AS n FROM pg_namespace WHERE nspname = 'shop_inject'"))
        .containsExactly(Map.of("n", 0L));
  }

  @Test
  @DisplayName(
      "A plan reads no setting of the orchestrator through a placeholder, and errors quote the"
          + " placeholder, never its value")
  void placeholdersDoNotEchoTheEnvironment() {
    String home = System.getenv("HOME");
    assertThat(home).as("the test needs HOME").isNotBlank().hasSizeGreaterThanOrEqualTo(4);
    postYaml(
            """
            migration: echo-env
            sources:
              - name: app
                kind: sqlite
                path: ${HOME}/no-such-dir/app.db
                schema: echo_env
            """)
        .statusCode(400)
        .body("errors.size()", equalTo(1))
        .body("errors[0].field", equalTo("sources[0].path"))
        .body("errors[0].message", containsString("${HOME}/no-such-dir/app.db"))
        .body("errors[0].message", not(containsString(home + "/")));
    postYaml(
            """
            migration: echo-env
            sources:
              - name: pg
                kind: postgres
                url: postgresql://u:${QUARKUS_DATASOURCE_PASSWORD}@127.0.0.1:1/d
                schema: echo_env_pg
            """)
        .statusCode(400)
        .body("errors.size()", equalTo(1))
        .body("errors[0].field", equalTo("sources[0].url"))
        .body(
            "errors[0].message",
            containsString("${QUARKUS_DATASOURCE_PASSWORD} names a variable plans may not read"));
  }

  @Test
  @DisplayName(
      "Switch actions reach only where the orchestrator allows: an env file outside"
          + " env-file-dirs and a webhook to a link-local address are refused with 400")
  void refusesSwitchActionsOutOfBounds() {
    String plan =
        SqliteSourcesTestResource.shopPlan("shop-reach", "shop_reach")
            + """
            cutover:
              actions:
                - env-file: { path: /etc/tributary-reach.env }
                - webhook: { url: "http://169.254.169.254/latest/meta-data/iam" }
            """;
    postYaml(plan)
        .statusCode(400)
        .body("errors.size()", equalTo(2))
        .body("errors[0].field", equalTo("cutover.actions[0].env-file.path"))
        .body(
            "errors[0].message",
            startsWith(
                "/etc/tributary-reach.env is not in a directory env files may be written into"))
        .body("errors[1].field", equalTo("cutover.actions[1].webhook.url"))
        .body("errors[1].message", containsString("link-local"));
    assertThat(Files.exists(Path.of("/etc/tributary-reach.env"))).isFalse();
  }

  @Test
  @DisplayName("Each target schema is owned by its own role; PUBLIC has no right on it")
  void schemaOwnedByItsRole() throws SQLException {
    postYaml(SqliteSourcesTestResource.shopPlan("shop-role", "shop_role")).statusCode(201);
    assertThat(
            query(
                "SELECT pg_get_userbyid(nspowner) AS owner, coalesce(nspacl::text, '') AS acl"
                    + " FROM pg_namespace WHERE nspname = 'shop_role'"))
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row.get("owner")).isEqualTo("shop_role");
              // PUBLIC's entry has no grantee ("=U/owner"); the apply role's is named
              assertThat((String) row.get("acl"))
                  .doesNotContainPattern("(^\\{|,)=")
                  .contains("shop_role_apply=U/shop_role");
            });
    assertThat(
            query(
                "SELECT DISTINCT tableowner AS owner FROM pg_tables WHERE schemaname = 'shop_role'"))
        .containsExactly(Map.of("owner", "shop_role"));
  }

  @Test
  @DisplayName(
      "Finalize builds indexes, identities and foreign keys; a dangling reference keeps its key NOT VALID")
  void finalizeBuildsWhatTheLoadLeftOut() throws Exception {
    SqliteFiles.create(
        sourcesDir.resolve("fin.db"),
        "CREATE TABLE teams (id INTEGER PRIMARY KEY, code TEXT UNIQUE, name TEXT)",
        "CREATE TABLE members (id INTEGER PRIMARY KEY, team_id INTEGER REFERENCES teams (id),"
            + " email TEXT)",
        "CREATE INDEX members_email ON members (email)",
        "INSERT INTO teams VALUES (1, 'a', 'A')");
    postYaml("migration: fin\nsources: [{name: s, kind: sqlite, path: fin.db, schema: fin}]\n")
        .statusCode(201);
    try (Connection c = jdbc();
        Statement st = c.createStatement()) {
      // what apply would have loaded, with one member of a team that does not exist
      st.execute("INSERT INTO fin.teams VALUES (1, 'a', 'A'), (7, 'b', 'B')");
      st.execute("INSERT INTO fin.members VALUES (1, 1, 'x@a'), (2, 99, 'y@a')");
    }
    given()
        .post("/migrations/fin/finalize")
        .then()
        .statusCode(409)
        .body(
            "error",
            containsString(
                "still copying its snapshot (key not built yet): fin.members, fin.teams"));
    MigrationFixtures.buildKeys(jdbcUrl, user, password, "fin");

    List<Map<String, Object>> withoutKeys =
        given().post("/migrations/fin/finalize").then().statusCode(200).extract().path("$");
    assertThat(withoutKeys)
        .extracting(s -> s.get("kind") + ":" + s.get("state"))
        .containsExactly(
            "UNIQUE:done",
            "INDEX:done",
            "IDENTITY:done",
            "IDENTITY:done",
            "SEQUENCE:done",
            "SEQUENCE:done",
            "FOREIGN_KEY:skipped",
            "VALIDATE:skipped",
            "ANALYZE:done",
            "ANALYZE:done");
    // run in another order than listed: the definition-only steps (brief exclusive locks) before
    // the index builds, so that they never queue behind a long read of the table
    assertThat(
            query(
                "SELECT kind FROM tributary.finalize_steps WHERE migration_id = 'fin' AND kind IN"
                    + " ('UNIQUE', 'INDEX', 'IDENTITY') ORDER BY done_at, position"))
        .extracting(r -> r.get("kind"))
        .startsWith("IDENTITY", "IDENTITY");
    assertThat(
            query(
                "SELECT indexname FROM pg_indexes WHERE schemaname = 'fin' AND indexname NOT LIKE"
                    + " '%pkey' ORDER BY 1"))
        .extracting(r -> r.get("indexname"))
        .containsExactly("members_email_idx", "teams_code_key");
    try (Connection c = jdbc();
        Statement st = c.createStatement()) {
      // the identity continues after the highest key
      st.execute("INSERT INTO fin.teams (code, name) VALUES ('c', 'C')");
    }
    assertThat(query("SELECT max(id) AS m FROM fin.teams")).containsExactly(Map.of("m", 8L));

    List<Map<String, Object>> withKeys =
        given()
            .queryParam("foreignKeys", true)
            .post("/migrations/fin/finalize")
            .then()
            .statusCode(200)
            .extract()
            .path("$");
    Map<String, Object> validate =
        withKeys.stream().filter(s -> "VALIDATE".equals(s.get("kind"))).findFirst().orElseThrow();
    assertThat(validate.get("state")).isEqualTo("failed");
    assertThat((String) validate.get("detail"))
        .contains("1 row(s) reference no row")
        .contains("NOT VALID");
    assertThat(
            query(
                "SELECT convalidated AS v FROM pg_constraint WHERE conname = 'members_team_id_fkey'"))
        .containsExactly(Map.of("v", false));

    try (Connection c = jdbc();
        Statement st = c.createStatement()) {
      st.execute("UPDATE fin.members SET team_id = 7 WHERE id = 2");
    }
    given()
        .queryParam("foreignKeys", true)
        .post("/migrations/fin/finalize")
        .then()
        .statusCode(200)
        .body("findAll { it.kind == 'VALIDATE' }.state", contains("done"));
    assertThat(
            query(
                "SELECT convalidated AS v FROM pg_constraint WHERE conname = 'members_team_id_fkey'"))
        .containsExactly(Map.of("v", true));
    given().get("/migrations/fin/finalize").then().statusCode(200).body("size()", equalTo(10));
    given().post("/migrations/nope/finalize").then().statusCode(404);
  }

  @Test
  @DisplayName(
      "A replay of rejects is recorded for cdc-service; unknown migrations and sources are refused")
  void replayOfRejects() throws SQLException {
    postYaml(SqliteSourcesTestResource.shopPlan("shop-replay", "shop_replay")).statusCode(201);

    given()
        .queryParam("table", "customers")
        .post("/migrations/shop-replay/rejects/replay")
        .then()
        .statusCode(202)
        .body("[0].source", equalTo("legacy-shop"))
        .body("[0].table", equalTo("customers"))
        .body("[0].requestedAt", notNullValue());
    assertThat(
            query(
                "SELECT source_name, source_table FROM tributary.replays"
                    + " WHERE migration_id = 'shop-replay' AND done_at IS NULL"))
        .containsExactly(Map.of("source_name", "legacy-shop", "source_table", "customers"));
    given()
        .get("/migrations/shop-replay/rejects/replays")
        .then()
        .statusCode(200)
        .body("size()", equalTo(1))
        .body("[0].doneAt", nullValue());
    given()
        .queryParam("source", "other")
        .post("/migrations/shop-replay/rejects/replay")
        .then()
        .statusCode(400)
        .body("error", containsString("no source 'other'"));
    given().post("/migrations/nope/rejects/replay").then().statusCode(404);

    // a plan change before a replay: invalid values of a column become NULL
    given()
        .contentType("application/json")
        .body("{\"invalid\": \"null\"}")
        .patch("/migrations/shop-replay/tables/customers/columns/note")
        .then()
        .statusCode(200)
        .body("invalid", equalTo("null"));
    assertThat(
            query(
                "SELECT c->>'invalid' AS invalid FROM tributary.tables t,"
                    + " jsonb_array_elements(t.definition->'columns') c"
                    + " WHERE t.migration_id = 'shop-replay' AND t.source_table = 'customers'"
                    + " AND c->>'name' = 'note'"))
        .containsExactly(Map.of("invalid", "NULL"));
    given()
        .contentType("application/json")
        .body("{\"invalid\": \"null\"}")
        .patch("/migrations/shop-replay/tables/customers/columns/id")
        .then()
        .statusCode(400)
        .body("error", containsString("key column"));
    given()
        .contentType("application/json")
        .body("{\"type\": \"uuid\"}")
        .patch("/migrations/shop-replay/tables/customers/columns/note")
        .then()
        .statusCode(400)
        .body("error", containsString("only \"invalid\""));
    given()
        .contentType("application/json")
        .body("{\"invalid\": \"null\"}")
        .patch("/migrations/shop-replay/tables/customers/columns/ghost")
        .then()
        .statusCode(404);
  }

  @Test
  @DisplayName("The 400 for a table without key says which table and why")
  void explainsMissingKey() throws Exception {
    SqliteFiles.create(
        sourcesDir.resolve("nokey2.db"), "CREATE TABLE log (rowid TEXT, _rowid_ TEXT, oid TEXT)");

    postYaml("migration: bad-nokey2\nsources: [{name: s, kind: sqlite, path: nokey2.db}]\n")
        .statusCode(400)
        .body("errors[0].field", equalTo("sources[0].tables.log.key.columns"))
        .body(
            "errors[0].message",
            containsString(
                "main.log has no primary key and no UNIQUE index over NOT NULL columns, so nothing"
                    + " identifies its rows (its columns named rowid, _rowid_ and oid hide the"
                    + " rowid that whole-row capture reads)"));
  }

  @Test
  @DisplayName("The 400 for another target database says which database this deployment uses")
  void explainsTarget() {
    String configured = jdbcUrl.replaceFirst("^jdbc:postgresql://", "");
    postYaml(
            "migration: bad-target2\ntarget: {url: 'postgresql://elsewhere:5432/other'}\n"
                + "sources: [{name: s, kind: sqlite, path: shop.db}]\n")
        .statusCode(400)
        .body("errors[0].field", equalTo("target.url"))
        .body("errors[0].message", containsString("this deployment migrates into " + configured));
  }

  @Test
  @DisplayName("Re-submitting a migration is refused with 409 and its state, and changes nothing")
  void refusesResubmission() throws SQLException {
    String plan = SqliteSourcesTestResource.shopPlan("shop-twice", "shop_twice");
    postYaml(plan).statusCode(201);

    postYaml(plan)
        .statusCode(409)
        .body(
            "error",
            equalTo(
                "migration 'shop-twice' already exists (SNAPSHOTTING); abandon it first (DELETE"
                    + " /migrations/shop-twice) to use its id again"))
        .body("id", equalTo("shop-twice"))
        .body("state", equalTo("SNAPSHOTTING"));
    assertThat(
            query(
                "SELECT count(*) AS n FROM tributary.events WHERE migration_id = ?", "shop-twice"))
        .containsExactly(Map.of("n", 3L));
  }

  @Test
  @DisplayName(
      "A target schema that exists already (another migration's, or another application's) is"
          + " refused with 400 naming it and who uses it; nothing in it changes")
  void refusesExistingTargetSchemas() throws SQLException {
    postYaml(SqliteSourcesTestResource.shopPlan("shop-first", "shop_taken")).statusCode(201);
    List<Map<String, Object>> before =
        query(
            "SELECT nspowner::regrole::text AS owner, nspacl::text AS acl FROM pg_namespace"
                + " WHERE nspname = 'shop_taken'");

    postYaml(SqliteSourcesTestResource.shopPlan("shop-second", "shop_taken"))
        .statusCode(400)
        .body("errors.size()", equalTo(1))
        .body("errors[0].field", equalTo("sources[0].schema"))
        .body(
            "errors[0].message",
            equalTo(
                "target schema 'shop_taken' already exists in the target database, holding the"
                    + " tables of migration shop-first (SNAPSHOTTING): a migration creates its own"
                    + " schemas and never writes into one that exists; name another schema, or"
                    + " drop this one first"));
    assertThat(query("SELECT count(*) AS n FROM tributary.migrations WHERE id = ?", "shop-second"))
        .containsExactly(Map.of("n", 0L));
    assertThat(
            query(
                "SELECT nspowner::regrole::text AS owner, nspacl::text AS acl FROM pg_namespace"
                    + " WHERE nspname = 'shop_taken'"))
        .isEqualTo(before);

    // another application's schema, with a table of the same name and a row in it
    update("CREATE SCHEMA other_app_schema");
    update("CREATE TABLE other_app_schema.customers (id integer PRIMARY KEY, name text)");
    update("INSERT INTO other_app_schema.customers VALUES (1, 'kept')");
    postYaml(SqliteSourcesTestResource.shopPlan("shop-third", "other_app_schema"))
        .statusCode(400)
        .body("errors[0].field", equalTo("sources[0].schema"))
        .body(
            "errors[0].message",
            startsWith("target schema 'other_app_schema' already exists in the target database:"));
    assertThat(query("SELECT id, name FROM other_app_schema.customers"))
        .containsExactly(Map.of("id", 1, "name", "kept"));
  }

  @Test
  @DisplayName("Unknown migrations are 404 with an error")
  void unknownMigration() {
    given()
        .get("/migrations/{id}", "nope")
        .then()
        .statusCode(404)
        .body("error", equalTo("migration 'nope' does not exist"));
    given()
        .get("/migrations/{id}/events", "nope")
        .then()
        .statusCode(404)
        .body("error", notNullValue());
  }

  @Test
  @DisplayName(
      "When every table's snapshot is captured, the supervisor moves the migration to REPLICATING")
  void supervisorStartsReplicating() throws SQLException {
    postYaml(SqliteSourcesTestResource.shopPlan("shop-supervised", "shop_supervised"))
        .statusCode(201);

    update(
        "UPDATE tributary.tables SET snapshot_done_at = now(), snapshot_applied_at = now(), snapshot_rows = 3"
            + " WHERE migration_id = ? AND source_table IN ('customers', 'products')",
        "shop-supervised");
    await()
        .during(Duration.ofMillis(2500))
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(stateOf("shop-supervised"))
                    .as("one table still snapshotting")
                    .isEqualTo("SNAPSHOTTING"));

    update(
        "UPDATE tributary.tables SET snapshot_done_at = now(), snapshot_applied_at = now(), snapshot_rows = 3"
            + " WHERE migration_id = ? AND source_table = 'order_tags'",
        "shop-supervised");
    await()
        .during(Duration.ofMillis(2500))
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(stateOf("shop-supervised"))
                    .as("captured, but apply has not built the keys of the tables it copied")
                    .isEqualTo("SNAPSHOTTING"));
    given()
        .get("/migrations/{id}", "shop-supervised")
        .then()
        .body("tables.load", everyItem(equalTo("copy")));

    update(
        "UPDATE tributary.tables SET key_built_at = now() WHERE migration_id = ?",
        "shop-supervised");
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(stateOf("shop-supervised")).isEqualTo("REPLICATING"));

    given()
        .get("/migrations/{id}", "shop-supervised")
        .then()
        .body("stateReason", equalTo("every table's snapshot is captured"))
        .body("tables.snapshotDone", everyItem(equalTo(true)));
    given()
        .get("/migrations/{id}/events", "shop-supervised")
        .then()
        .body("size()", equalTo(4))
        .body("[3].from", equalTo("SNAPSHOTTING"))
        .body("[3].to", equalTo("REPLICATING"))
        .body("[3].actor", equalTo("supervisor"))
        .body("[3].reason", equalTo("every table's snapshot is captured"));
    try (StatusTopicReader reader = new StatusTopicReader(kafkaBootstrapServers)) {
      List<JsonNode> published =
          await()
              .atMost(WAIT)
              .pollInSameThread()
              .until(() -> reader.transitionsOf("shop-supervised"), list -> list.size() >= 4);
      assertThat(published.get(3).get("from").asText()).isEqualTo("SNAPSHOTTING");
      assertThat(published.get(3).get("to").asText()).isEqualTo("REPLICATING");
      assertThat(published.get(3).get("actor").asText()).isEqualTo("supervisor");
    }
  }

  @Test
  @DisplayName(
      "Readiness is UP once the control schema is ensured; OpenAPI documents the operations")
  void healthAndOpenApi() {
    given()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks.name", hasItem("tributary-control-schema"));
    given()
        .accept("application/json")
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .body("paths", hasKey("/migrations"))
        .body("paths.'/migrations'.post.summary", equalTo("Submit a migration plan"));
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
