package io.tributary.validator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.event.Topics;
import io.tributary.common.plan.MigrationPlan;
import io.tributary.common.value.Uuid5;
import io.tributary.planning.PlanParser;
import io.tributary.testing.AgentPlatformSample;
import io.tributary.testing.PostgresMigrationFixtures;
import io.tributary.testing.ServiceProcess;
import io.tributary.testing.SqliteMigrationFixtures;
import io.tributary.testing.TestInfrastructure;
import io.tributary.testing.TributaryTestResource;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Deep and final validation of migrated targets: a real cdc-service (the packaged jar, as a child
 * process) captures and applies SQLite and PostgreSQL sources into the target; then differences are
 * planted in the target — a missing row, an extra row, one changed column, one changed vector
 * component, one json document with its keys reordered (not a difference) — and a validation
 * request (as the orchestrator writes one) must report exactly the planted keys and columns, in the
 * control schema and on {@code tributary.validation}. Seed 002's dirty data validates green with
 * its rejects accounted for.
 */
@QuarkusTest
@QuarkusTestResource(TributaryTestResource.class)
@TestProfile(DeepValidationIT.Profile.class)
class DeepValidationIT {
  static {
    try {
      Class.forName("org.sqlite.JDBC");
      Class.forName("org.postgresql.Driver");
    } catch (ClassNotFoundException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static final String APPLY_GROUP = "tributary-apply-deep-it";
  private static final Duration WAIT = Duration.ofMinutes(3);
  private static final int ROWS = 3_000;

  /**
   * Generous bound of a final validation of these few thousand rows, request to done: measured at
   * about 0.3 s (a poll of at most 200 ms, then the comparison).
   */
  private static final long FINAL_BOUND_MS = 5_000;

  private static final Logger LOG = Logger.getLogger(DeepValidationIT.class);

  /** The cdc-service's apply group; small ranges, so mismatching ones are split further. */
  public static class Profile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "tributary.validator.apply-group", APPLY_GROUP,
          "tributary.validator.source-settle", "1s",
          "tributary.validator.deep.leaf-rows", "16");
    }
  }

  private static final String DOCS_PLAN =
      """
      migration: docs
      sources:
        - name: docs-app
          kind: sqlite
          path: docs.db
          schema: docs_app
          tables:
            docs:
              key: { column: id, strategy: uuid5 }
              columns:
                meta: { type: jsonb }
                doc: { type: json }
                created_at: { type: timestamptz }
                embedding: { type: vector(4) }
      """;

  private static ServiceProcess cdc;

  @ConfigProperty(name = TributaryTestResource.JDBC_URL)
  String jdbcUrl;

  @ConfigProperty(name = TributaryTestResource.DATABASE)
  String database;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  private final ObjectMapper json = new ObjectMapper();

  @BeforeEach
  void startCdc() throws Exception {
    if (cdc == null) {
      Path log = Path.of("target", "deep-validation-cdc.log").toAbsolutePath();
      Files.deleteIfExists(log);
      cdc =
          new ServiceProcess(
              "cdc-service",
              TestInfrastructure.get(),
              database,
              log,
              Map.of("TRIBUTARY_APPLY_GROUP_ID", APPLY_GROUP));
      cdc.start();
    }
  }

  @AfterAll
  static void stopCdc() throws Exception {
    if (cdc != null) {
      cdc.close();
      cdc = null;
    }
  }

  @Test
  @DisplayName(
      "SQLite source: a deep validation reports exactly the planted missing, extra and differing"
          + " rows with their columns, not a reordered json document; so does a final one")
  void sqliteSourceDifferences() throws Exception {
    String migration = "docs-" + UUID.randomUUID().toString().substring(0, 6);
    Path file = Files.createTempDirectory("deep-it").resolve("docs.db");
    createDocs(file);
    MigrationPlan plan = PlanParser.withSystemEnvironment().parse(DOCS_PLAN);
    List<TableDef> tables =
        SqliteMigrationFixtures.recordSqliteMigration(
            jdbcUrl, migration, "docs-app", "docs_app", file, plan.sources().get(0).tables());
    awaitRows("SELECT count(*) FROM docs_app.docs", ROWS);

    long clean = awaitSettled(migration, "deep");
    assertThat(requestStatus(clean)).isEqualTo("MATCH");
    JsonNode cleanResult = results(clean).get(0);
    assertThat(cleanResult.get("compared_rows").asLong()).isEqualTo(ROWS);
    assertThat(cleanResult.get("source_checksum").asText())
        .hasSize(32)
        .isEqualTo(cleanResult.get("target_checksum").asText());

    UUID ns = Uuid5.tableNamespace(migration, "docs-app", "docs");
    String missing = Uuid5.of(ns, docId(7)).toString();
    String extra = Uuid5.of(ns, docId(99_999)).toString();
    String changed = Uuid5.of(ns, docId(11)).toString();
    String vector = Uuid5.of(ns, docId(13)).toString();
    String reordered = Uuid5.of(ns, docId(17)).toString();
    try (Connection c = target();
        Statement st = c.createStatement()) {
      st.execute("DELETE FROM docs_app.docs WHERE id = '" + missing + "'");
      st.execute(
          "INSERT INTO docs_app.docs SELECT '"
              + extra
              + "', title, meta, doc, created_at, embedding FROM docs_app.docs WHERE id = '"
              + changed
              + "'");
      st.execute("UPDATE docs_app.docs SET title = 'tampered' WHERE id = '" + changed + "'");
      st.execute(bumpVector("docs_app.docs", "id = '" + vector + "'"));
      st.execute(
          "UPDATE docs_app.docs SET doc = '{\"b\": \"x17\",   \"a\": 17}' WHERE id = '"
              + reordered
              + "'");
      assertThat(
              scalarText(c, "SELECT doc::text FROM docs_app.docs WHERE id = '" + reordered + "'"))
          .as("json keeps the text as written: only its canonical form is equal")
          .isEqualTo("{\"b\": \"x17\",   \"a\": 17}");
    }

    // the file touched now, as capture's own writes (its triggers, its change-log trims) do: a
    // write within the settle time (1 s here) that changed no row. The deep validation waits it
    // out and compares again, so the operator gets MISMATCH from this one request, not PENDING
    Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
    long deep = request(migration, "deep");
    await().atMost(WAIT).until(() -> requestStatus(deep) != null);
    assertThat(requestStatus(deep)).isEqualTo("MISMATCH");
    JsonNode result = results(deep).get(0);
    assertThat(result.get("status").asText()).isEqualTo("MISMATCH");
    assertThat(result.get("missing_rows").asLong()).isEqualTo(1);
    assertThat(result.get("extra_rows").asLong()).isEqualTo(1);
    assertThat(result.get("differing_rows").asLong()).isEqualTo(2);
    assertThat(result.get("differences_complete").asBoolean()).isTrue();
    Map<String, JsonNode> found = differences(result.get("id").asLong());
    assertThat(found).containsOnlyKeys(missing, extra, changed, vector);
    assertThat(found.get(missing).get("kind").asText()).isEqualTo("missing");
    assertThat(found.get(missing).get("source_values").get("title").asText())
        .isEqualTo("Document 7");
    assertThat(found.get(extra).get("kind").asText()).isEqualTo("extra");
    assertThat(found.get(changed).get("kind").asText()).isEqualTo("differing");
    assertThat(found.get(changed).get("columns").toString()).isEqualTo("[\"title\"]");
    assertThat(found.get(changed).get("source_values").get("title").asText())
        .isEqualTo("Document 11");
    assertThat(found.get(changed).get("target_values").get("title").asText()).isEqualTo("tampered");
    assertThat(found.get(vector).get("columns").toString()).isEqualTo("[\"embedding\"]");
    assertThat(result.get("detail").asText())
        .contains(
            "4 rows differ: 1 missing from the target, 1 extra in the target, 2 with different values (columns: ");

    // the same result, published: a test consumer of tributary.validation reads it
    JsonNode published = awaitPublished(migration + "/docs-app/docs", deep);
    assertThat(published.get("mode").asText()).isEqualTo("deep");
    assertThat(published.get("status").asText()).isEqualTo("MISMATCH");
    JsonNode comparison = published.get("comparison");
    assertThat(published.get("validationId").asLong()).isEqualTo(result.get("id").asLong());
    assertThat(comparison.get("differencesListed").asInt()).isEqualTo(4);
    List<String> publishedKeys = new ArrayList<>();
    comparison.get("differences").forEach(d -> publishedKeys.add(d.get("key").get("id").asText()));
    assertThat(publishedKeys).containsExactlyInAnyOrder(missing, extra, changed, vector);
    List<Integer> positions = new ArrayList<>();
    comparison.get("differences").forEach(d -> positions.add(d.get("position").asInt()));
    assertThat(positions).as("numbered as stored").containsExactly(1, 2, 3, 4);
    assertThat(comparison.get("passes").asInt())
        .as("stored as published")
        .isPositive()
        .isEqualTo(result.get("passes").asInt());

    // final, as a cutover asks for it (the migration CUTTING_OVER, its source frozen and drained):
    // exact, and fast, it holds the applications' writes: the same four
    setState(migration, "CUTTING_OVER");
    long fin = request(migration, "final");
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> requestStatus(fin) != null);
    long finalMillis = requestMillis(fin);
    LOG.infof(
        "Final validation of %s (1 table, %d rows): request to done in %d ms",
        migration, ROWS, finalMillis);
    assertThat(finalMillis).as("final validation, request to done").isLessThan(FINAL_BOUND_MS);
    assertThat(requestStatus(fin)).isEqualTo("MISMATCH");
    JsonNode finalResult = results(fin).get(0);
    assertThat(finalResult.get("mode").asText()).isEqualTo("final");
    assertThat(finalResult.get("status").asText()).isEqualTo("MISMATCH");
    assertThat(differences(finalResult.get("id").asLong()).keySet())
        .containsExactlyInAnyOrder(missing, extra, changed, vector);
    assertThat(tables).hasSize(1);
  }

  @Test
  @DisplayName(
      "PostgreSQL source: a deep validation reports exactly the planted missing, extra and"
          + " differing rows with their columns, not a reordered json document")
  void postgresSourceDifferences() throws Exception {
    TestInfrastructure infra = TestInfrastructure.get();
    String sourceDatabase = infra.createDatabase("deep_pg");
    String migration = "shop-" + UUID.randomUUID().toString().substring(0, 6);
    try (Connection source = infra.connect(sourceDatabase);
        Statement st = source.createStatement()) {
      st.execute(
          """
          CREATE TABLE items (
            id bigint PRIMARY KEY,
            name text NOT NULL,
            price numeric(10,2),
            meta jsonb,
            doc json,
            created_at timestamptz NOT NULL,
            embedding vector(3));
          INSERT INTO items
          SELECT i, 'Item ' || i, i * 1.25, jsonb_build_object('n', i, 'tags', jsonb_build_array('a', i)),
                 ('{"a": ' || i || ', "b": "x' || i || '"}')::json,
                 timestamptz '2025-01-01 00:00:00+00' + i * interval '1 minute',
                 ('[' || i || ',0.5,-1]')::vector
            FROM generate_series(1, 3000) AS i;
          CREATE TABLE accounts (
            id uuid PRIMARY KEY,
            email text NOT NULL,
            active boolean,
            balance numeric(12,2),
            opened_at timestamptz);
          INSERT INTO accounts
          SELECT md5(i::text)::uuid, 'user' || i || '@example.com', i % 2 = 0, i * 0.5,
                 timestamptz '2024-06-01 00:00:00+00' + i * interval '1 second'
            FROM generate_series(1, 5000) AS i;""");
    }
    String url = infra.sourceUrl(sourceDatabase);
    PostgresMigrationFixtures.recordPostgresMigration(
        jdbcUrl, migration, "shop-pg", "shop_pg", url);
    awaitRows("SELECT count(*) FROM shop_pg.items", ROWS);
    awaitRows("SELECT count(*) FROM shop_pg.accounts", 5000);
    long clean = awaitSettled(migration, "deep");
    assertThat(requestStatus(clean)).isEqualTo("MATCH");

    try (Connection c = target();
        Statement st = c.createStatement()) {
      st.execute("DELETE FROM shop_pg.items WHERE id = 7");
      st.execute(
          "INSERT INTO shop_pg.items SELECT 99999, name, price, meta, doc, created_at, embedding"
              + " FROM shop_pg.items WHERE id = 11");
      st.execute("UPDATE shop_pg.items SET price = 0.01 WHERE id = 11");
      st.execute(bumpVector("shop_pg.items", "id = 13"));
      st.execute("UPDATE shop_pg.items SET doc = '{\"b\":\"x17\",\"a\":17}' WHERE id = 17");
      // accounts has only types PostgreSQL hashes itself: both sides are summed in the database
      st.execute(
          "UPDATE shop_pg.accounts SET email = 'changed@example.com' WHERE id = md5('42')::uuid");
    }
    long deep = awaitSettled(migration, "deep");
    List<JsonNode> both = results(deep);
    JsonNode accounts = both.get(0);
    assertThat(accounts.get("source_table").asText()).isEqualTo("accounts");
    assertThat(accounts.get("differing_rows").asLong()).isEqualTo(1);
    Map<String, JsonNode> account = differences(accounts.get("id").asLong());
    assertThat(account).containsOnlyKeys(md5Uuid(42));
    assertThat(account.get(md5Uuid(42)).get("columns").toString()).isEqualTo("[\"email\"]");
    assertThat(account.get(md5Uuid(42)).get("source_values").get("email").asText())
        .isEqualTo("user42@example.com");
    JsonNode result = both.get(1);
    assertThat(result.get("status").asText()).isEqualTo("MISMATCH");
    Map<String, JsonNode> found = differences(result.get("id").asLong());
    assertThat(found).containsOnlyKeys("7", "99999", "11", "13");
    assertThat(found.get("7").get("kind").asText()).isEqualTo("missing");
    assertThat(found.get("99999").get("kind").asText()).isEqualTo("extra");
    assertThat(found.get("11").get("columns").toString()).isEqualTo("[\"price\"]");
    assertThat(found.get("11").get("source_values").get("price").decimalValue())
        .isEqualByComparingTo("13.75");
    assertThat(found.get("13").get("columns").toString()).isEqualTo("[\"embedding\"]");

    // final, as a cutover asks for it: exact, both tables, the same differences
    setState(migration, "CUTTING_OVER");
    long fin = request(migration, "final");
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> requestStatus(fin) != null);
    long finalMillis = requestMillis(fin);
    LOG.infof(
        "Final validation of %s (2 PostgreSQL tables, %d rows): request to done in %d ms",
        migration, ROWS + 5000, finalMillis);
    assertThat(finalMillis).as("final validation, request to done").isLessThan(FINAL_BOUND_MS);
    assertThat(requestStatus(fin)).isEqualTo("MISMATCH");
    List<JsonNode> finals = results(fin);
    assertThat(finals).extracting(r -> r.get("mode").asText()).containsOnly("final");
    assertThat(differences(finals.get(0).get("id").asLong())).containsOnlyKeys(md5Uuid(42));
    assertThat(differences(finals.get(1).get("id").asLong()))
        .containsOnlyKeys("7", "99999", "11", "13");
  }

  @Test
  @DisplayName(
      "Seed 002's dirty data, migrated: deep and final validation are green, the rejected rows"
          + " accounted for")
  void agentPlatformIsGreenWithItsRejects() throws Exception {
    String migration = "ai-pa-" + UUID.randomUUID().toString().substring(0, 6);
    Path file = Files.createTempDirectory("deep-it").resolve("agents.db");
    Map<String, String> expectedRejects = AgentPlatformSample.create(file);
    MigrationPlan plan = PlanParser.withSystemEnvironment().parse(AgentPlatformSample.PLAN);
    SqliteMigrationFixtures.recordSqliteMigration(
        jdbcUrl,
        migration,
        "agent-platform",
        "agent_platform",
        file,
        plan.sources().get(0).tables());
    long agentRejects =
        expectedRejects.keySet().stream().filter(k -> k.startsWith("agents/")).count();
    long taskRejects = expectedRejects.size() - agentRejects;
    String rejects =
        "SELECT count(*) FROM tributary.rejects WHERE migration_id = '" + migration + "'";
    awaitRows(
        "SELECT (SELECT count(*) FROM agent_platform.agents) + (SELECT count(*) FROM"
            + " agent_platform.tasks) + ("
            + rejects
            + ")",
        AgentPlatformSample.AGENTS + AgentPlatformSample.TASKS);

    for (String mode : List.of("deep", "final")) {
      long request = awaitSettled(migration, mode);
      assertThat(requestStatus(request)).as(mode).isEqualTo("MATCH");
      Map<String, JsonNode> byTable = new HashMap<>();
      results(request).forEach(r -> byTable.put(r.get("source_table").asText(), r));
      JsonNode agents = byTable.get("agents");
      assertThat(agents.get("status").asText()).isEqualTo("MATCH");
      assertThat(agents.get("rejected_rows").asLong()).isEqualTo(agentRejects);
      assertThat(agents.get("compared_rows").asLong())
          .isEqualTo(AgentPlatformSample.AGENTS - agentRejects);
      assertThat(agents.get("detail").asText())
          .contains(agentRejects + " rows rejected by apply left out");
      JsonNode tasks = byTable.get("tasks");
      assertThat(tasks.get("status").asText()).isEqualTo("MATCH");
      assertThat(tasks.get("compared_rows").asLong())
          .isEqualTo(AgentPlatformSample.TASKS - taskRejects);
    }

    // continuous validation compares the values of the rows apply did not reject, too
    String latest =
        "SELECT status || '|' || coalesce(detail, '') FROM tributary.validations"
            + " WHERE migration_id = '"
            + migration
            + "' AND source_table = 'agents' AND mode = 'continuous' ORDER BY id DESC LIMIT 1";
    long kept = AgentPlatformSample.AGENTS - agentRejects;
    await()
        .atMost(WAIT)
        .until(
            () -> {
              try (Connection c = target()) {
                return scalarText(c, latest);
              }
            },
            r ->
                r != null
                    && r.startsWith(
                        "MATCH|"
                            + agentRejects
                            + " rows rejected by apply; checksums equal over the other "
                            + kept
                            + " rows"));
    try (Connection c = target();
        Statement st = c.createStatement()) {
      st.executeUpdate(
          "UPDATE agent_platform.agents SET name = 'changed behind apply'"
              + " WHERE id = (SELECT id FROM agent_platform.agents ORDER BY id LIMIT 1)");
    }
    await()
        .atMost(WAIT)
        .until(
            () -> {
              try (Connection c = target()) {
                return scalarText(c, latest);
              }
            },
            r ->
                r != null
                    && r.startsWith(
                        "MISMATCH|checksums differ over " + kept + " rows apply did not reject"));
  }

  // ---- requests, as the orchestrator writes them, and their results

  /** Requests validations until one is not PENDING (a difference may be in flight at first). */
  private long awaitSettled(String migration, String mode) {
    long[] id = new long[1];
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              id[0] = request(migration, mode);
              await().atMost(WAIT).until(() -> requestStatus(id[0]) != null);
              return !"PENDING".equals(requestStatus(id[0]));
            });
    return id[0];
  }

  private long request(String migration, String mode) throws Exception {
    try (Connection c = target();
        PreparedStatement st =
            c.prepareStatement(
                "INSERT INTO tributary.validation_requests (migration_id, mode, requested_by)"
                    + " VALUES (?, ?, 'DeepValidationIT') RETURNING id")) {
      st.setString(1, migration);
      st.setString(2, mode);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private void setState(String migration, String state) throws Exception {
    try (Connection c = target();
        PreparedStatement st =
            c.prepareStatement("UPDATE tributary.migrations SET state = ? WHERE id = ?")) {
      st.setString(1, state);
      st.setString(2, migration);
      assertThat(st.executeUpdate()).isEqualTo(1);
    }
  }

  /** Milliseconds from a request to its end, as the control schema recorded them. */
  private long requestMillis(long id) throws Exception {
    try (Connection c = target()) {
      return Long.parseLong(
          scalarText(
              c,
              "SELECT round(extract(epoch FROM done_at - requested_at) * 1000)::bigint"
                  + " FROM tributary.validation_requests WHERE id = "
                  + id));
    }
  }

  /** The request's status once done, else null. */
  private String requestStatus(long id) throws Exception {
    try (Connection c = target()) {
      return scalarText(
          c,
          "SELECT CASE WHEN done_at IS NULL THEN NULL ELSE coalesce(status, 'ERROR') END"
              + " FROM tributary.validation_requests WHERE id = "
              + id);
    }
  }

  private List<JsonNode> results(long request) throws Exception {
    return rows(
        "SELECT row_to_json(v)::text FROM tributary.validations v WHERE request_id = "
            + request
            + " ORDER BY source_table");
  }

  /** The differences of a result by the text of their key's one column. */
  private Map<String, JsonNode> differences(long validation) throws Exception {
    Map<String, JsonNode> out = new HashMap<>();
    for (JsonNode d :
        rows(
            "SELECT row_to_json(d)::text FROM tributary.validation_differences d"
                + " WHERE validation_id = "
                + validation
                + " ORDER BY position")) {
      JsonNode key = d.get("row_key");
      assertThat(key.size()).as("the key of %s", d).isEqualTo(1);
      out.put(key.elements().next().asText(), d);
    }
    return out;
  }

  private JsonNode awaitPublished(String key, long request) throws Exception {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "deep-it-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    JsonNode[] found = new JsonNode[1];
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
      consumer.subscribe(List.of(Topics.VALIDATION));
      await()
          .atMost(WAIT)
          .pollInSameThread()
          .until(
              () -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                  JsonNode value = json.readTree(r.value());
                  JsonNode comparison = value.get("comparison");
                  if (r.key().equals(key)
                      && comparison != null
                      && !comparison.isNull()
                      && value.get("requestId").asLong() == request) {
                    found[0] = value;
                  }
                }
                return found[0] != null;
              });
    }
    return found[0];
  }

  // ---- fixtures

  /** {@code md5(text)::uuid} as PostgreSQL spells it. */
  private static String md5Uuid(int i) throws Exception {
    String hex =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("MD5")
                    .digest(Integer.toString(i).getBytes(StandardCharsets.UTF_8)));
    return UUID.fromString(hex.replaceFirst("(.{8})(.{4})(.{4})(.{4})(.{12})", "$1-$2-$3-$4-$5"))
        .toString();
  }

  private static String docId(int i) {
    return String.format("doc-%04d", i);
  }

  /** Adds 0.25 to the second component of the vector of the row(s) matching the condition. */
  private static String bumpVector(String table, String where) {
    return "UPDATE "
        + table
        + " SET embedding = (SELECT array_agg(CASE WHEN u.i = 2 THEN u.v + 0.25 ELSE u.v END"
        + " ORDER BY u.i)::vector FROM unnest(embedding::real[]) WITH ORDINALITY AS u(v, i))"
        + " WHERE "
        + where;
  }

  private static void createDocs(Path file) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      st.execute(
          "CREATE TABLE docs (id TEXT PRIMARY KEY, title TEXT NOT NULL, meta TEXT, doc TEXT,"
              + " created_at TEXT, embedding BLOB)");
      c.setAutoCommit(false);
      try (PreparedStatement ins =
          c.prepareStatement("INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?)")) {
        for (int i = 1; i <= ROWS; i++) {
          ins.setString(1, docId(i));
          ins.setString(2, "Document " + i);
          ins.setString(3, "{\"z\": " + i + ", \"a\": [1, \"two\"]}");
          ins.setString(4, "{\"a\": " + i + ", \"b\": \"x" + i + "\"}");
          ins.setString(5, "2025-03-01 08:00:" + String.format("%02d", i % 60));
          ByteBuffer vector = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
          vector.putFloat(i).putFloat(0.5f).putFloat(-1.25f).putFloat(i / 7f);
          ins.setBytes(6, vector.array());
          ins.addBatch();
        }
        ins.executeBatch();
      }
      c.commit();
    }
  }

  private void awaitRows(String countSql, long expected) {
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              try (Connection c = target()) {
                return Long.parseLong(scalarText(c, countSql)) == expected;
              } catch (SQLException e) {
                return false; // the table is not there yet
              }
            });
  }

  private List<JsonNode> rows(String sql) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    try (Connection c = target();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        out.add(json.readTree(rs.getString(1)));
      }
    }
    return out;
  }

  private static String scalarText(Connection c, String sql) throws Exception {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  private Connection target() throws Exception {
    return DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
  }
}
