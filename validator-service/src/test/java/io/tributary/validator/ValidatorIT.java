package io.tributary.validator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.tributary.auth.Operator;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.event.Topics;
import io.tributary.common.naming.Identifiers;
import io.tributary.common.sql.TableDdlBuilder;
import io.tributary.common.value.ValueCodec;
import io.tributary.source.sqlite.catalog.SqliteCatalogReader;
import io.tributary.source.sqlite.connect.SqliteConnections;
import io.tributary.testing.TributaryTestResource;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The validator against a real PostgreSQL and Kafka: a SQLite source of two tables mirrored into
 * the target by the test itself (as apply would), then the target is tampered with step by step.
 */
@QuarkusTest
@QuarkusTestResource(TributaryTestResource.class)
class ValidatorIT {
  static {
    // Register the JDBC drivers with this class loader: after another @QuarkusTest in the same JVM,
    // DriverManager only knows the copies that test's class loader registered, and hides them.
    try {
      Class.forName("org.sqlite.JDBC");
      Class.forName("org.postgresql.Driver");
    } catch (ClassNotFoundException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static final Logger LOG = Logger.getLogger(ValidatorIT.class);
  private static final int ITEMS = 100_000;
  private static final String SOURCE = "shop";
  private static final String SCHEMA = "shop_app";
  private static final Duration WAIT = Duration.ofSeconds(90);

  @ConfigProperty(name = TributaryTestResource.JDBC_URL)
  String jdbcUrl;

  @ConfigProperty(name = "quarkus.datasource.username")
  String user;

  @ConfigProperty(name = "quarkus.datasource.password")
  String password;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, JsonNode> published = new HashMap<>();
  private KafkaConsumer<String, String> consumer;
  private Path dir;

  @BeforeEach
  void subscribe() throws Exception {
    dir = Files.createTempDirectory("validator-it");
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "validator-it-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    consumer = new KafkaConsumer<>(props);
    consumer.subscribe(List.of(Topics.VALIDATION));
  }

  @AfterEach
  void close() throws Exception {
    consumer.close();
    try (var files = Files.walk(dir)) {
      files.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Test
  void validatesContinuouslyAndSaysWhatDiffers() throws Exception {
    String migration = "it-" + UUID.randomUUID().toString().substring(0, 8);
    Path file = dir.resolve("shop.db");
    createSource(file);
    List<TableDef> tables = SqliteCatalogReader.read(file, migration, SOURCE, SCHEMA);
    assertThat(tables).extracting(TableDef::sourceTable).containsExactly("items", "tags");

    try (Connection pg = target()) {
      recordMigration(pg, migration, file, tables);
      for (String ddl : TableDdlBuilder.provision(SCHEMA, tables)) {
        execute(pg, ddl);
      }
      // what provisioning's schema roles give the validator (SchemaRoleDdlBuilder.createSchema)
      execute(pg, "GRANT USAGE ON SCHEMA " + SCHEMA + " TO tributary_validator");
      execute(pg, "GRANT SELECT ON ALL TABLES IN SCHEMA " + SCHEMA + " TO tributary_validator");
      for (TableDef table : tables) {
        copy(file, pg, table);
      }
      execute(
          pg,
          "UPDATE tributary.tables SET snapshot_done_at = now(), snapshot_applied_at = now() WHERE migration_id = "
              + Identifiers.literal(migration));
    }

    // 1. the scheduler finds both tables equal: REST and topic
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              JsonNode latest = latest(migration);
              assertThat(latest).hasSize(2);
              latest.forEach(r -> assertThat(r.get("status").asText()).isEqualTo("MATCH"));
            });
    for (JsonNode result : latest(migration)) {
      assertThat(result.get("sourceChecksum").asText())
          .hasSize(32)
          .isEqualTo(result.get("targetChecksum").asText());
      assertThat(result.get("sourceRows").asLong()).isEqualTo(result.get("targetRows").asLong());
      assertThat(result.get("rejectedRows").asLong()).isZero();
      assertThat(result.get("mode").asText()).isEqualTo("continuous");
    }
    JsonNode items = awaitPublished(migration + "/shop/items", "MATCH");
    assertThat(items.get("sourceRows").asLong()).isEqualTo(ITEMS);
    assertThat(items.get("targetRows").asLong()).isEqualTo(ITEMS);
    assertThat(items.get("sourceChecksum").asText())
        .isEqualTo(items.get("targetChecksum").asText());
    assertThat(items.get("targetSchema").asText()).isEqualTo(SCHEMA);
    assertThat(items.get("applyLag").asLong()).isZero();
    assertThat(items.get("expectedRejects").asLong()).isZero();
    assertThat(items.get("at").asText()).endsWith("Z");
    JsonNode tags = awaitPublished(migration + "/shop/tags", "MATCH");
    assertThat(tags.get("sourceChecksum").asText()).isEqualTo(tags.get("targetChecksum").asText());

    long started = System.nanoTime();
    JsonNode now = validateNow(migration);
    double seconds = (System.nanoTime() - started) / 1e9;
    assertThat(now).hasSize(2);
    LOG.infof(
        "Validation speed: %d-row table (plus %d) checksummed on both sides in %.2f s over REST: %.0f rows/s per side",
        ITEMS, tags.get("sourceRows").asLong(), seconds, ITEMS / seconds);

    // 2. one value changed in one target row: a checksum mismatch
    try (Connection pg = target()) {
      execute(pg, "UPDATE shop_app.items SET name = 'tampered' WHERE id = 7");
    }
    JsonNode tampered = awaitNow(migration, "items", "MISMATCH");
    assertThat(tampered.get("detail").asText()).contains("checksums differ");
    assertThat(tampered.get("sourceChecksum").asText())
        .isNotEqualTo(tampered.get("targetChecksum").asText());
    assertThat(awaitPublished(migration + "/shop/items", "MISMATCH").get("detail").asText())
        .contains("checksum");
    assertThat(statusOf(latest(migration), "items")).isEqualTo("MISMATCH");
    assertThat(statusOf(latest(migration), "tags")).isEqualTo("MATCH");

    // 3. a target row gone: a count mismatch
    try (Connection pg = target()) {
      restoreName(file, pg, 7);
      execute(pg, "DELETE FROM shop_app.items WHERE id = 8");
    }
    JsonNode missing = awaitNow(migration, "items", "MISMATCH", "row counts differ");
    assertThat(missing.get("detail").asText()).contains("1 missing from the target");
    assertThat(missing.get("targetRows").asLong()).isEqualTo(ITEMS - 1);
    assertThat(missing.get("sourceChecksum").isNull()).isTrue();

    // 3b. while apply lags on the table's topic the same difference is only PENDING
    String topic = tables.get(0).topic();
    publishChanges(topic, 2);
    JsonNode lagging = awaitNow(migration, "items", "PENDING");
    assertThat(lagging.get("applyLag").asLong()).isEqualTo(2);
    assertThat(lagging.get("detail").asText())
        .startsWith("apply lag 2 messages; row counts differ");
    try (Connection pg = target()) {
      execute(
          pg,
          "INSERT INTO tributary.apply_offsets (consumer_group, topic, kafka_partition, next_offset)"
              + " VALUES ('tributary-apply', "
              + Identifiers.literal(topic)
              + ", 0, 2)");
    }
    assertThat(awaitNow(migration, "items", "MISMATCH").get("applyLag").asLong()).isZero();

    // 4. apply rejected that row: counts agree again
    try (Connection pg = target()) {
      try (PreparedStatement st =
          pg.prepareStatement(
              "INSERT INTO tributary.rejects (migration_id, source_name, source_table, topic, kafka_partition,"
                  + " kafka_offset, row_key, row_data, reason) VALUES (?, ?, 'items', ?, 0, 8, '{\"id\":8}', '{}',"
                  + " 'test: pretend apply could not write it')")) {
        st.setString(1, migration);
        st.setString(2, SOURCE);
        st.setString(3, tables.get(0).topic());
        st.executeUpdate();
      }
    }
    JsonNode rejected = awaitNow(migration, "items", "MATCH");
    assertThat(rejected.get("rejectedRows").asLong()).isEqualTo(1);
    assertThat(rejected.get("targetRows").asLong()).isEqualTo(ITEMS - 1);
    assertThat(rejected.get("detail").asText()).contains("1 rows rejected");
    assertThat(awaitPublished(migration + "/shop/items", "MATCH").get("rejectedRows").asLong())
        .isEqualTo(1);

    // 5. a target table disappears, then the source file: errors saying so, no crash
    try (Connection pg = target()) {
      execute(pg, "DROP TABLE shop_app.tags");
    }
    JsonNode noTable = awaitNow(migration, "tags", "ERROR");
    assertThat(noTable.get("detail").asText())
        .isEqualTo("target table shop_app.tags does not exist");
    Files.move(file, dir.resolve("moved.db"));
    JsonNode gone = awaitNow(migration, "items", "ERROR");
    assertThat(gone.get("detail").asText()).isEqualTo("source file " + file + " does not exist");

    // the scheduler keeps going, and the REST API still answers
    await().atMost(WAIT).until(() -> "ERROR".equals(statusOf(latest(migration), "items")));
    Operator.given().when().get("/validations/no-such-migration").then().statusCode(404);
    Operator.given().when().post("/validations/no-such-migration").then().statusCode(404);
    // a full validation is a command: it needs the operator's credential
    given()
        .when()
        .post("/validations/no-such-migration")
        .then()
        .statusCode(401)
        .body("error", containsString("needs an operator credential"));
    try (Connection pg = target()) {
      execute(
          pg,
          "INSERT INTO tributary.migrations (id, plan_text, plan, state) VALUES ("
              + Identifiers.literal(migration + "-planned")
              + ", '', '{}'::jsonb, 'PLANNED')");
    }
    Operator.given().when().post("/validations/" + migration + "-planned").then().statusCode(409);
    given()
        .when()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("checks.find { it.name == 'control-schema' }.status", equalTo("UP"));
  }

  private void publishChanges(String topic, int count) throws Exception {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    try (Admin admin = Admin.create(props)) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
    }
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
      for (int i = 0; i < count; i++) {
        producer.send(new ProducerRecord<>(topic, "{\"id\":" + i + "}", "{}")).get();
      }
    }
  }

  // ---- REST and Kafka

  private JsonNode latest(String migration) throws Exception {
    String body =
        Operator.given()
            .accept(ContentType.JSON)
            .when()
            .get("/validations/" + migration)
            .then()
            .statusCode(200)
            .extract()
            .asString();
    return json.readTree(body);
  }

  private JsonNode validateNow(String migration) throws Exception {
    String body =
        Operator.given()
            .accept(ContentType.JSON)
            .when()
            .post("/validations/" + migration)
            .then()
            .statusCode(200)
            .extract()
            .asString();
    return json.readTree(body);
  }

  /** POSTs until the table has the status (the source settle time may delay a MISMATCH). */
  private JsonNode awaitNow(String migration, String table, String status, String... detail) {
    JsonNode[] found = new JsonNode[1];
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              for (JsonNode result : validateNow(migration)) {
                if (result.get("table").asText().equals(table)
                    && result.get("status").asText().equals(status)
                    && (detail.length == 0 || result.get("detail").asText().contains(detail[0]))) {
                  found[0] = result;
                  return true;
                }
              }
              return false;
            });
    return found[0];
  }

  private static String statusOf(JsonNode results, String table) {
    for (JsonNode result : results) {
      if (result.get("table").asText().equals(table)) {
        return result.get("status").asText();
      }
    }
    return null;
  }

  /** Polls the topic until the latest result published under the key has the status. */
  private JsonNode awaitPublished(String key, String status) {
    await()
        .atMost(WAIT)
        .pollInSameThread()
        .until(
            () -> {
              for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                JsonNode value = json.readTree(record.value());
                published.put(record.key(), value);
              }
              JsonNode latest = published.get(key);
              return latest != null && latest.get("status").asText().equals(status);
            });
    return published.get(key);
  }

  // ---- fixtures

  private Connection target() throws Exception {
    Properties props = new Properties();
    props.setProperty("user", user);
    props.setProperty("password", password);
    props.setProperty("reWriteBatchedInserts", "true");
    return DriverManager.getConnection(jdbcUrl, props);
  }

  private static void execute(Connection connection, String sql) throws Exception {
    try (Statement st = connection.createStatement()) {
      st.execute(sql);
    }
  }

  /** Two tables: INTEGER key with REAL, NUMERIC, BLOB, NULL and unicode values; TEXT key. */
  private static void createSource(Path file) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        st.execute(
            "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, price NUMERIC, weight REAL,"
                + " photo BLOB, note TEXT)");
        st.execute(
            "CREATE TABLE tags (tag TEXT PRIMARY KEY, label TEXT, factor REAL, amount DECIMAL(10,2), data BLOB)");
      }
      String[] names = {"Zoë", "Søren", "李", "O'Brien", "Dvořák", "emoji 🎁", "plain"};
      try (PreparedStatement st =
          c.prepareStatement("INSERT INTO items VALUES (?, ?, ?, ?, ?, ?)")) {
        for (int i = 1; i <= ITEMS; i++) {
          st.setInt(1, i);
          st.setString(2, names[i % names.length] + " #" + i);
          if (i % 11 == 0) {
            st.setNull(3, Types.NUMERIC);
          } else {
            st.setString(
                3, (i % 1000) + "." + (i % 100 < 10 ? "0" : "") + (i % 100) + "0"); // e.g. '12.50'
          }
          if (i % 13 == 0) {
            st.setNull(4, Types.REAL);
          } else {
            st.setDouble(4, i * 0.1);
          }
          if (i % 3 == 0) {
            st.setNull(5, Types.BLOB);
          } else {
            st.setBytes(5, ("img" + i).getBytes(StandardCharsets.UTF_8));
          }
          if (i % 2 == 0) {
            st.setNull(6, Types.VARCHAR);
          } else {
            st.setString(6, i % 5 == 0 ? "" : "note " + i);
          }
          st.addBatch();
          if (i % 5000 == 0) {
            st.executeBatch();
          }
        }
        st.executeBatch();
      }
      try (Statement st = c.createStatement()) {
        st.execute("INSERT INTO tags VALUES ('gift', 'Geschenk 🎁', 1.5, '10', x'00ff10')");
        st.execute("INSERT INTO tags VALUES ('straße', NULL, NULL, NULL, NULL)");
        st.execute("INSERT INTO tags VALUES ('', 'empty key', -0.0, '3.14159', x'')");
        st.execute(
            "INSERT INTO tags VALUES ('big', 'large numbers', 1e300, 12345678901234567890, NULL)");
        st.execute("INSERT INTO tags VALUES ('日本', '', 2.5e-10, -42, x'deadbeef')");
      }
      c.commit();
    }
  }

  private static void recordMigration(
      Connection pg, String migration, Path file, List<TableDef> tables) throws Exception {
    try (PreparedStatement st =
        pg.prepareStatement(
            "INSERT INTO tributary.migrations (id, plan_text, plan, state) VALUES (?, '', '{}'::jsonb, 'SNAPSHOTTING')")) {
      st.setString(1, migration);
      st.executeUpdate();
    }
    try (PreparedStatement st =
        pg.prepareStatement(
            "INSERT INTO tributary.sources (migration_id, name, kind, location, target_schema) VALUES (?, ?, 'sqlite', ?, ?)")) {
      st.setString(1, migration);
      st.setString(2, SOURCE);
      st.setString(3, file.toAbsolutePath().toString());
      st.setString(4, SCHEMA);
      st.executeUpdate();
    }
    for (TableDef table : tables) {
      try (PreparedStatement st =
          pg.prepareStatement(
              "INSERT INTO tributary.tables (migration_id, source_name, source_schema, source_table, target_schema,"
                  + " target_table, topic, definition) VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb)")) {
        st.setString(1, migration);
        st.setString(2, table.source());
        st.setString(3, table.sourceSchema());
        st.setString(4, table.sourceTable());
        st.setString(5, table.targetSchema());
        st.setString(6, table.targetTable());
        st.setString(7, table.topic());
        st.setString(8, ChangeEventCodec.MAPPER.writeValueAsString(table));
        st.executeUpdate();
      }
    }
  }

  /** Copies a source table into its target table, values decoded as apply decodes them. */
  private static void copy(Path file, Connection pg, TableDef table) throws Exception {
    List<ColumnDef> columns = table.columns();
    String insert =
        "INSERT INTO "
            + Identifiers.qualified(table.targetSchema(), table.targetTable())
            + " ("
            + columns.stream()
                .map(c -> Identifiers.quote(c.targetName()))
                .collect(Collectors.joining(", "))
            + ") VALUES ("
            + columns.stream().map(c -> "?").collect(Collectors.joining(", "))
            + ")";
    String select =
        "SELECT "
            + columns.stream()
                .map(c -> Identifiers.quote(c.name()))
                .collect(Collectors.joining(", "))
            + " FROM "
            + Identifiers.quote(table.sourceTable());
    pg.setAutoCommit(false);
    try (Connection source = SqliteConnections.openReadOnly(file);
        Statement read = source.createStatement();
        ResultSet rs = read.executeQuery(select);
        PreparedStatement write = pg.prepareStatement(insert)) {
      int n = 0;
      while (rs.next()) {
        for (int i = 0; i < columns.size(); i++) {
          bind(
              write,
              i + 1,
              ValueCodec.fromSource(rs.getObject(i + 1), columns.get(i).targetType()));
        }
        write.addBatch();
        if (++n % 5000 == 0) {
          write.executeBatch();
        }
      }
      write.executeBatch();
    }
    pg.commit();
    pg.setAutoCommit(true);
  }

  private static void restoreName(Path file, Connection pg, long id) throws Exception {
    try (Connection source = SqliteConnections.openReadOnly(file);
        PreparedStatement read = source.prepareStatement("SELECT name FROM items WHERE id = ?");
        PreparedStatement write =
            pg.prepareStatement("UPDATE shop_app.items SET name = ? WHERE id = ?")) {
      read.setLong(1, id);
      try (ResultSet rs = read.executeQuery()) {
        rs.next();
        write.setString(1, rs.getString(1));
      }
      write.setLong(2, id);
      write.executeUpdate();
    }
  }

  private static void bind(PreparedStatement st, int index, Object value) throws Exception {
    if (value == null) {
      st.setNull(index, Types.NULL);
    } else if (value instanceof Long l) {
      st.setLong(index, l);
    } else if (value instanceof Double d) {
      st.setDouble(index, d);
    } else if (value instanceof String s) {
      st.setString(index, s);
    } else if (value instanceof byte[] b) {
      st.setBytes(index, b);
    } else if (value instanceof BigDecimal d) {
      st.setBigDecimal(index, d);
    } else {
      throw new IllegalArgumentException("unexpected value " + value.getClass());
    }
  }
}
