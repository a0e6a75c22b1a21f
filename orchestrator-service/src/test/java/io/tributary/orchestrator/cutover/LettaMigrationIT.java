package io.tributary.orchestrator.cutover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.tributary.auth.Operator;
import io.tributary.testing.TestInfrastructure;
import io.tributary.testing.TributaryTestResource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.assertj.core.api.Assertions;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Letta's real PostgreSQL schema (letta-ai/letta, alembic head 1c28e167b74f: 48 tables, three of
 * them without a primary key, plus an operator's usage log with no key at all and equal rows,
 * {@code vector(4096)} embeddings, {@code json} columns, native enums, a deferrable composite
 * foreign key, a block/block_history foreign-key cycle, a free-standing sequence) migrates with one
 * plan into {@code letta_agents} and {@code letta_embeddings}, through the real pipeline (this
 * orchestrator, cdc-service and validator-service as child processes, PostgreSQL, Kafka): snapshot,
 * inserts, updates and deletes of every kind of table while replicating, target equal to the source
 * value for value, continuous and deep validation green, then a cutover with read-only roles.
 *
 * <p>Its own database (the prefix): the schemas {@code letta_agents} and {@code letta_embeddings}
 * must not exist in the target before (another IT provisions a {@code letta_agents}).
 */
@QuarkusTest
@WithTestResource(
    value = TributaryTestResource.class,
    initArgs = @ResourceArg(name = TributaryTestResource.PREFIX_ARG, value = "letta_target"))
class LettaMigrationIT {
  static {
    try {
      Class.forName("org.postgresql.Driver");
    } catch (ClassNotFoundException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static final Duration WAIT = Duration.ofMinutes(3);
  private static final String AGENTS = "letta_agents";
  private static final String EMBEDDINGS = "letta_embeddings";
  private static final List<String> KEYLESS =
      List.of("agents_tags", "blocks_agents", "tools_agents");

  /**
   * A table the operators added beside Letta's (a usage log, as teams add for billing): no primary
   * key, no unique index, equal rows, NULLs and json: identified by its whole rows.
   */
  private static final String USAGE_LOG = "agent_usage_log";

  private static final String USAGE_LOG_DDL =
      """
      CREATE TABLE agent_usage_log (agent_id varchar NOT NULL, event text, tokens integer,
                                    payload json, at timestamptz);
      INSERT INTO agent_usage_log
        SELECT 'agent-1b7f3a1e-5a8c-4d2e-9f10-000000000001', 'step', 10, '{"model": "gpt-4.1",  "n": 1}',
               '2026-11-01 10:00:00+00'
          FROM generate_series(1, 3);
      INSERT INTO agent_usage_log
        SELECT 'agent-1b7f3a1e-5a8c-4d2e-9f10-000000000002', NULL, NULL, NULL, NULL
          FROM generate_series(1, 2);
      INSERT INTO agent_usage_log VALUES
        ('agent-1b7f3a1e-5a8c-4d2e-9f10-000000000003', 'summary', 250, '[]', now());
      """;

  private static final String AGENT = "agent-1b7f3a1e-5a8c-4d2e-9f10-00000000000";
  private static final String TOOL = "tool-7a6b5c4d-0000-4000-8000-00000000000";
  private static final String BLOCK = "block-4d5e6f70-0000-4000-8000-00000000000";

  /**
   * What the application does while the migration replicates, one transaction each, as Letta's ORM
   * would: the three keyless association tables get an insert, an update (of a key column: a key
   * change; of a non-key column through the composite foreign key's ON UPDATE CASCADE) and a
   * delete; tables with primary keys get inserts (the message takes the sequence's next value),
   * updates of json columns, of an enum, of a whole embedding and of a passage's text alone (its
   * TOASTed embedding unchanged), and deletes (one cascading to passage_tags across the schemas).
   */
  private static final List<String> CHANGES =
      List.of(
          // agents_tags: insert, update (its key: every column), delete
          "INSERT INTO agents_tags (agent_id, tag) VALUES ('" + AGENT + "4', 'supervisor')",
          "UPDATE agents_tags SET tag = 'production' WHERE agent_id = '"
              + AGENT
              + "1' AND tag = 'prod'",
          "DELETE FROM agents_tags WHERE agent_id = '" + AGENT + "3' AND tag = 'sleeptime'",
          // tools_agents: insert, update of the key (tool_id), delete
          "INSERT INTO tools_agents (agent_id, tool_id) VALUES ('" + AGENT + "4', '" + TOOL + "1')",
          "UPDATE tools_agents SET tool_id = '"
              + TOOL
              + "1' WHERE agent_id = '"
              + AGENT
              + "5' AND tool_id = '"
              + TOOL
              + "7'",
          "DELETE FROM tools_agents WHERE agent_id = '"
              + AGENT
              + "2' AND tool_id = '"
              + TOOL
              + "6'",
          // blocks_agents: insert, update (block_label, by relabelling the block: ON UPDATE
          // CASCADE), delete
          "INSERT INTO blocks_agents (agent_id, block_id, block_label) VALUES ('"
              + AGENT
              + "3', '"
              + BLOCK
              + "3', 'persona')",
          "UPDATE block SET label = 'team_notes', version = version + 1 WHERE id = '"
              + BLOCK
              + "6'",
          "DELETE FROM blocks_agents WHERE agent_id = '"
              + AGENT
              + "2' AND block_id = '"
              + BLOCK
              + "4'",
          // tables with primary keys: json, enum, vector, text next to an unchanged vector
          "UPDATE agents SET name = 'support-bot v2', llm_config = '{\"model\": \"gpt-4.1-mini\","
              + " \"context_window\": 1047576, \"temperature\": 0.5}', metadata_ = '{\"team\":"
              + " \"support\", \"tier\": 2, \"note\": \"Zürich ✓\"}' WHERE id = '"
              + AGENT
              + "1'",
          "UPDATE identities SET properties = '[{\"key\":\"plan\",\"value\":\"enterprise\"}]'"
              + " WHERE id = 'identity-6f708192-0000-4000-8000-000000000001'",
          "UPDATE steps SET status = 'CANCELLED' WHERE status IS DISTINCT FROM 'CANCELLED'"
              + " AND id = (SELECT min(id) FROM steps)",
          "UPDATE archival_passages SET embedding = (SELECT array_agg(CASE WHEN i <= 1536 THEN"
              + " round(cos(i)::numeric / 4, 6)::real ELSE 0::real END ORDER BY i)::vector(4096)"
              + " FROM generate_series(1, 4096) i), metadata_ = '{\"reembedded\": true}'"
              + " WHERE id = 'passage-e7f8091a-0000-4000-8000-000000000001'",
          "UPDATE archival_passages SET text = text || ' (checked)'"
              + " WHERE id = 'passage-e7f8091a-0000-4000-8000-000000000003'",
          "UPDATE source_passages SET tags = '[\"faq\", \"billing\"]'"
              + " WHERE id = 'passage-c5d6e7f8-0000-4000-8000-000000000002'",
          "INSERT INTO archival_passages (id, text, embedding_config, metadata_, embedding,"
              + " organization_id, archive_id, tags, created_at)"
              + " SELECT 'passage-new-0001', 'A new memory 🧠', embedding_config, '{}',"
              + " embedding, organization_id, archive_id, '[\"new\"]', now()"
              + " FROM archival_passages WHERE id = 'passage-e7f8091a-0000-4000-8000-000000000002'",
          "INSERT INTO passage_tags (id, tag, passage_id, archive_id, organization_id)"
              + " SELECT 'passage_tag-new-0001', 'new', 'passage-new-0001', archive_id,"
              + " organization_id FROM archival_passages WHERE id = 'passage-new-0001'",
          // cascades to its passage_tags row (letta_agents -> letta_embeddings on the target)
          "DELETE FROM archival_passages WHERE id = 'passage-e7f8091a-0000-4000-8000-000000000005'",
          "INSERT INTO messages (id, agent_id, role, text, tool_calls, created_at,"
              + " organization_id, content)"
              + " VALUES ('message-new-0001', '"
              + AGENT
              + "1', 'user', 'Is my refund done?', '[]', now(),"
              + " 'org-00000000-0000-4000-8000-000000000000',"
              + " '[{\"type\": \"text\", \"text\": \"Is my refund done?\"}]')",
          "DELETE FROM prompts WHERE id = 'prompt-d7e8f90a-0000-4000-8000-000000000002'",
          // the keyless usage log: one more equal row, one of the equal rows updated, one of two
          // equal NULL rows deleted
          "INSERT INTO agent_usage_log SELECT * FROM agent_usage_log WHERE tokens = 10 LIMIT 1",
          "UPDATE agent_usage_log SET tokens = 11 WHERE ctid = (SELECT ctid FROM agent_usage_log"
              + " WHERE tokens = 10 LIMIT 1)",
          "DELETE FROM agent_usage_log WHERE ctid = (SELECT ctid FROM agent_usage_log"
              + " WHERE event IS NULL LIMIT 1)");

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

  private static String resource(String name) throws IOException {
    try (InputStream in = LettaMigrationIT.class.getResourceAsStream("/letta/" + name)) {
      assertThat(in).as("test resource letta/" + name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private Connection target() throws SQLException {
    return DriverManager.getConnection(jdbcUrl, user, password);
  }

  private static List<Map<String, Object>> query(Connection c, String sql, Object... parameters)
      throws SQLException {
    try (PreparedStatement statement = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      List<Map<String, Object>> rows = new ArrayList<>();
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
            row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
          }
          rows.add(row);
        }
      }
      return rows;
    }
  }

  private static List<String> strings(Connection c, String sql, Object... parameters)
      throws SQLException {
    return query(c, sql, parameters).stream()
        .map(r -> String.valueOf(r.values().iterator().next()))
        .toList();
  }

  /** The source's tables (schema public), sorted. */
  private static List<String> sourceTables(Connection source) throws SQLException {
    return strings(
        source,
        "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace"
            + " AND relkind = 'r' ORDER BY relname COLLATE \"C\"");
  }

  /**
   * The rows of a table by value, in one canonical order: each row as the text of its columns,
   * every column by its text form: {@code json} as written (key order and spaces kept, as
   * PostgreSQL keeps them), vectors component by component, timestamps in the session's zone, enums
   * by label.
   */
  private static List<String> rows(Connection c, String schema, String table, List<String> columns)
      throws SQLException {
    return strings(
        c,
        "SELECT row_text FROM (SELECT ROW("
            + String.join(", ", columns)
            + ")::text AS row_text FROM "
            + quote(schema)
            + "."
            + quote(table)
            + ") r ORDER BY row_text COLLATE \"C\"");
  }

  /** The select list of a source table: its columns in order. */
  private static List<String> columns(Connection source, String table) throws SQLException {
    return strings(
        source,
        "SELECT quote_ident(attname) FROM pg_attribute"
            + " WHERE attrelid = ('public.' || quote_ident(?))::regclass AND attnum > 0"
            + " AND NOT attisdropped ORDER BY attnum",
        table);
  }

  private static List<String> concat(List<String> list, String more) {
    List<String> out = new ArrayList<>(list);
    out.add(more);
    return out;
  }

  private static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  private static String targetSchemaOf(String table) {
    return table.equals("archival_passages") || table.equals("source_passages")
        ? EMBEDDINGS
        : AGENTS;
  }

  /** Tables whose target rows differ from the source's, with the first difference of each. */
  private Map<String, String> differences(String sourceDb) throws SQLException {
    Map<String, String> out = new TreeMap<>();
    try (Connection source = TestInfrastructure.get().connect(sourceDb);
        Connection target = target()) {
      for (String table : sourceTables(source)) {
        List<String> columns = columns(source, table);
        List<String> expected = rows(source, "public", table, columns);
        List<String> actual;
        try {
          actual = rows(target, targetSchemaOf(table), table, columns);
        } catch (SQLException e) {
          out.put(table, e.getMessage());
          continue;
        }
        if (!expected.equals(actual)) {
          List<String> missing = new ArrayList<>(expected);
          missing.removeAll(actual);
          List<String> extra = new ArrayList<>(actual);
          extra.removeAll(expected);
          out.put(
              table,
              expected.size()
                  + " source rows, "
                  + actual.size()
                  + " target rows; missing "
                  + abbreviate(missing)
                  + ", extra "
                  + abbreviate(extra));
        }
      }
    }
    return out;
  }

  private static String abbreviate(List<String> rows) {
    return rows.stream()
        .map(r -> r.length() > 300 ? r.substring(0, 300) + "…" : r)
        .toList()
        .toString();
  }

  private static JsonPath migration(String id) {
    return Operator.given()
        .when()
        .get("/migrations/{id}", id)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  /** Each table's latest validation as {@code status checked-at}, by source table. */
  private static Map<String, Map<String, Object>> validations(String id) {
    Map<String, Map<String, Object>> out = new TreeMap<>();
    List<Map<String, Object>> tables = migration(id).getList("tables");
    for (Map<String, Object> t : tables) {
      @SuppressWarnings("unchecked")
      Map<String, Object> v = (Map<String, Object>) t.get("validation");
      out.put((String) t.get("sourceTable"), v == null ? Map.of() : v);
    }
    return out;
  }

  private static boolean allMatchSince(String id, OffsetDateTime since) {
    return validations(id).values().stream()
        .allMatch(
            v ->
                "MATCH".equals(v.get("status"))
                    && v.get("at") != null
                    && OffsetDateTime.parse((String) v.get("at")).isAfter(since)
                    && v.get("sourceChecksum") != null
                    && v.get("sourceChecksum").equals(v.get("targetChecksum")));
  }

  /**
   * Every index of the given schemas but primary keys, as {@code table UNIQUE (columns) NULLS NOT
   * DISTINCT}: what finalize must have carried over (names aside).
   */
  private static List<String> indexes(Connection c, String... schemas) throws SQLException {
    return strings(
        c,
        "SELECT d FROM (SELECT DISTINCT t.relname || CASE WHEN i.indisunique THEN ' UNIQUE' ELSE '' END || ' ('"
            + " || (SELECT string_agg(a.attname, ', ' ORDER BY k.ord) FROM unnest(i.indkey)"
            + " WITH ORDINALITY k(attnum, ord) JOIN pg_attribute a ON a.attrelid = t.oid"
            + " AND a.attnum = k.attnum) || ')'"
            + " || CASE WHEN i.indnullsnotdistinct THEN ' NULLS NOT DISTINCT' ELSE '' END AS d"
            + " FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid"
            + " WHERE NOT i.indisprimary AND t.relnamespace::regnamespace::text = ANY (?)) x"
            + " ORDER BY d COLLATE \"C\"",
        (Object) schemas);
  }

  /**
   * Every column of the given schemas' tables as {@code table.column type[ NOT NULL][ DEFAULT
   * expression]}, enums by their name, the target schemas' names taken out of defaults: what
   * provisioning and finalize's DEFAULT steps must have rebuilt.
   */
  private static List<String> columnDefinitions(Connection c, String... schemas)
      throws SQLException {
    return strings(
        c,
        "SELECT d FROM (SELECT c.relname || '.' || a.attname || ' '"
            + " || CASE WHEN t.typtype = 'e' THEN t.typname"
            + " ELSE format_type(a.atttypid, a.atttypmod) END"
            + " || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END"
            + " || coalesce(' DEFAULT ' || replace(replace(pg_get_expr(ad.adbin, ad.adrelid),"
            + " 'letta_agents.', ''), 'letta_embeddings.', ''), '') AS d"
            + " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
            + " JOIN pg_type t ON t.oid = a.atttypid"
            + " LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum"
            + " WHERE c.relkind = 'r' AND c.relnamespace::regnamespace::text = ANY (?)"
            + " AND a.attnum > 0 AND NOT a.attisdropped) x ORDER BY d COLLATE \"C\"",
        (Object) schemas);
  }

  /** The comparison of a deep or final result, as the REST API nests it. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> comparison(Map<String, Object> result) {
    assertThat(result.get("comparison")).as("comparison of %s", result).isInstanceOf(Map.class);
    return (Map<String, Object>) result.get("comparison");
  }

  private static String replicaIdentity(Connection source, String table) throws SQLException {
    return strings(
            source,
            "SELECT relreplident::text FROM pg_class WHERE oid = ('public.' || quote_ident(?))"
                + "::regclass",
            table)
        .get(0);
  }

  @Test
  @DisplayName(
      "Letta's real schema (48 tables, 3 without a primary key, vector(4096), json, enums) and a"
          + " keyless usage log with equal rows move"
          + " with one plan into letta_agents and letta_embeddings: inserts, updates and deletes"
          + " while replicating arrive value for value, validation is green, and the cutover"
          + " leaves the source's replica identities as they were")
  void migratesLettaWithOnePlan() throws Exception {
    TestInfrastructure infra = TestInfrastructure.get();
    String sourceDb = infra.createDatabase("letta_legacy");
    String appRole = TestInfrastructure.uniqueName("letta_app");
    List<String> tables;
    try (Connection c = infra.connect(sourceDb);
        Statement st = c.createStatement()) {
      st.execute(resource("schema.sql"));
      st.execute(resource("sample-data.sql"));
      st.execute(USAGE_LOG_DDL);
      st.execute("CREATE ROLE " + appRole + " LOGIN PASSWORD 'letta'");
      st.execute(
          "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO " + appRole);
      st.execute("GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO " + appRole);
      tables = sourceTables(c);
      assertThat(tables).hasSize(50).contains("alembic_version", USAGE_LOG).containsAll(KEYLESS);
      for (String table : tables) {
        assertThat(replicaIdentity(c, table)).as("%s before", table).isEqualTo("d");
      }
    }

    String id = "letta-" + UUID.randomUUID().toString().substring(0, 6);
    CutoverApi.submit(
        """
        migration: %s
        sources:
          - name: letta
            kind: postgres
            url: %s
            schema: %s
            tables:
              archival_passages: { schema: %s }
              source_passages: { schema: %s }
        cutover:
          timeouts: { freeze: 10s, drain: 60s, validate: 120s }
        """
            .formatted(id, infra.sourceUrl(sourceDb), AGENTS, EMBEDDINGS, EMBEDDINGS));

    // every table is recorded, the passages in letta_embeddings, the rest in letta_agents
    JsonPath submitted = migration(id);
    assertThat(submitted.getList("tables.sourceTable", String.class))
        .containsExactlyInAnyOrderElementsOf(tables);
    List<Map<String, Object>> recorded = submitted.getList("tables");
    for (Map<String, Object> t : recorded) {
      assertThat(t.get("targetSchema"))
          .as("target schema of %s", t.get("sourceTable"))
          .isEqualTo(targetSchemaOf((String) t.get("sourceTable")));
    }

    CutoverApi.awaitState(id, "REPLICATING", WAIT);
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> assertThat(differences(sourceDb)).as("after the snapshot").isEmpty());

    try (Connection c = infra.connect(sourceDb);
        Statement st = c.createStatement()) {
      // while capturing, the keyless tables log their key columns (a unique index) or whole rows
      for (String table : KEYLESS) {
        assertThat(replicaIdentity(c, table)).as("%s while capturing", table).isIn("i", "f");
      }
      assertThat(replicaIdentity(c, USAGE_LOG)).as("the usage log while capturing").isEqualTo("f");
    }

    OffsetDateTime changedAt;
    try (Connection c = infra.connect(sourceDb)) {
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        for (String change : CHANGES) {
          assertThat(st.executeUpdate(change)).as(change).isPositive();
        }
      }
      c.commit();
      changedAt = OffsetDateTime.now();
      // the changes are what they say: spot checks on the source
      assertThat(strings(c, "SELECT agent_id || ':' || tag FROM agents_tags"))
          .contains(AGENT + "1:production", AGENT + "4:supervisor")
          .doesNotContain(AGENT + "1:prod", AGENT + "3:sleeptime");
      assertThat(
              strings(c, "SELECT block_label FROM blocks_agents WHERE block_id = ?", BLOCK + "6"))
          .containsExactly("team_notes");
      c.commit();
    }

    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> assertThat(differences(sourceDb)).as("after the changes").isEmpty());
    // the association tables, value for value (the general comparison covers them too)
    try (Connection source = infra.connect(sourceDb);
        Connection target = target()) {
      for (String table : concat(KEYLESS, USAGE_LOG)) {
        List<String> columns = columns(source, table);
        assertThat(rows(target, AGENTS, table, columns))
            .as(table)
            .isEqualTo(rows(source, "public", table, columns))
            .isNotEmpty();
      }
      assertThat(
              strings(
                  target,
                  "SELECT agent_id || ':' || tool_id FROM letta_agents.tools_agents"
                      + " WHERE agent_id = ?",
                  AGENT + "5"))
          .containsExactlyInAnyOrder(AGENT + "5:" + TOOL + "1", AGENT + "5:" + TOOL + "8");
      assertThat(
              strings(
                  target,
                  "SELECT (embedding::real[])[1]::text || '/' || vector_dims(embedding)"
                      + " FROM letta_embeddings.archival_passages WHERE id = ?",
                  "passage-e7f8091a-0000-4000-8000-000000000001"))
          .containsExactly(
              strings(
                      source,
                      "SELECT (embedding::real[])[1]::text || '/' || vector_dims(embedding)"
                          + " FROM archival_passages WHERE id = ?",
                      "passage-e7f8091a-0000-4000-8000-000000000001")
                  .get(0));
      assertThat(
              strings(
                  target,
                  "SELECT llm_config::text FROM letta_agents.agents WHERE id = ?",
                  AGENT + "1"))
          .containsExactly(
              "{\"model\": \"gpt-4.1-mini\", \"context_window\": 1047576, \"temperature\": 0.5}");
    }

    // continuous validation: every table MATCH, checked after the changes
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () ->
                assertThat(allMatchSince(id, changedAt))
                    .as("continuous validation of every table: %s", validations(id))
                    .isTrue());
    assertThat(validations(id)).hasSize(tables.size());

    // deep validation: no differences anywhere
    JsonPath deep = CutoverApi.deepValidation(id, Map.of(), WAIT);
    assertThat(deep.getString("error")).as(deep.prettify()).isNull();
    assertThat(deep.getList("results.table", String.class))
        .as("deep validation results")
        .containsExactlyInAnyOrderElementsOf(tables);
    List<Map<String, Object>> results = deep.getList("results");
    for (Map<String, Object> r : results) {
      assertThat(r.get("status"))
          .as("deep validation of %s: %s", r.get("table"), r)
          .isEqualTo("MATCH");
      assertThat(((Number) comparison(r).get("missingRows")).longValue())
          .as("missing, %s", r)
          .isZero();
      assertThat(((Number) comparison(r).get("extraRows")).longValue()).as("extra, %s", r).isZero();
      assertThat(((Number) comparison(r).get("differingRows")).longValue())
          .as("differing, %s", r)
          .isZero();
    }
    Map<String, Object> usageResult =
        results.stream().filter(r -> r.get("table").equals(USAGE_LOG)).findFirst().get();
    assertThat(((Number) comparison(usageResult).get("comparedRows")).longValue()).isEqualTo(6);
    Map<String, Object> keylessResult =
        results.stream().filter(r -> r.get("table").equals("tools_agents")).findFirst().get();
    assertThat(((Number) comparison(keylessResult).get("comparedRows")).longValue()).isEqualTo(9);

    // the application's role writes until the cutover
    String appUrl = infra.jdbcUrl(sourceDb);
    try (Connection app = DriverManager.getConnection(appUrl, appRole, "letta");
        Statement st = app.createStatement()) {
      st.execute(
          "INSERT INTO agents_tags (agent_id, tag) VALUES ('" + AGENT + "2', 'before-cutover')");
    }

    CutoverApi.cutover(id, "Letta moves to the unified database");
    JsonPath cutover = CutoverApi.awaitOutcome(id, WAIT);
    assertThat(cutover.getString("outcome")).as(cutover.prettify()).isEqualTo("cut_over");
    assertThat(CutoverApi.state(id)).isEqualTo("CUT_OVER");
    assertThat(cutover.getString("steps.find { it.step == 'freeze' }.detail")).contains(appRole);
    assertThat(cutover.getString("steps.find { it.step == 'finalize' }.detail"))
        .as("every finalize step done: the grants of the tables moved to %s too", EMBEDDINGS)
        .doesNotContain("not done");

    // the source: read-only for the application, replica identities restored
    try (Connection app = DriverManager.getConnection(appUrl, appRole, "letta");
        Statement st = app.createStatement()) {
      Assertions.assertThatThrownBy(
              () ->
                  st.execute(
                      "INSERT INTO agents_tags (agent_id, tag) VALUES ('"
                          + AGENT
                          + "2', 'after-cutover')"))
          .hasMessageContaining("read-only transaction");
    }
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              try (Connection c = infra.connect(sourceDb)) {
                // every table as it was: the keyless ones, and those with TOASTable columns
                for (String table : tables) {
                  assertThat(replicaIdentity(c, table))
                      .as("%s after the cutover", table)
                      .isEqualTo("d");
                }
                assertThat(
                        strings(
                            c,
                            "SELECT count(*) FROM pg_replication_slots WHERE slot_name LIKE ?",
                            "tributary_" + id.replace('-', '_') + "%"))
                    .containsExactly("0");
              }
            });

    // the target: every row, every table in its schema, keyless tables keyed by UNIQUE constraints
    assertThat(differences(sourceDb)).as("after the cutover").isEmpty();
    try (Connection target = target()) {
      assertThat(
              strings(
                  target,
                  "SELECT table_name FROM information_schema.tables WHERE table_schema = ?"
                      + " ORDER BY table_name COLLATE \"C\"",
                  EMBEDDINGS))
          .containsExactly("archival_passages", "source_passages");
      assertThat(
              strings(
                  target,
                  "SELECT string_agg(c.relname || ' ' || has_table_privilege(?, c.oid, 'SELECT,"
                      + " INSERT, UPDATE, DELETE'), ', ' ORDER BY c.relname) FROM pg_class c"
                      + " WHERE c.relnamespace = ?::regnamespace AND c.relkind = 'r'",
                  appRole,
                  EMBEDDINGS))
          .as("the application's grants on the tables the plan moved, in their schema")
          .containsExactly("archival_passages true, source_passages true");
      assertThat(
              strings(
                  target,
                  "SELECT count(*) FROM information_schema.tables WHERE table_schema = ?",
                  AGENTS))
          .containsExactly(Integer.toString(tables.size() - 2));
      assertThat(
              strings(
                  target,
                  "SELECT n.nspname || '.' || c.relname || ' ' || pg_get_userbyid(c.relowner)"
                      + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                      + " WHERE n.nspname IN ('letta_agents', 'letta_embeddings')"
                      + " AND c.relkind = 'r' AND n.nspname <> pg_get_userbyid(c.relowner)"))
          .as("tables not owned by their schema's role")
          .isEmpty();
      for (String table : concat(KEYLESS, USAGE_LOG)) {
        assertThat(
                strings(
                    target,
                    "SELECT count(*) FROM pg_constraint WHERE contype = 'p' AND conrelid = ?::regclass",
                    AGENTS + "." + table))
            .as("%s has no primary key", table)
            .containsExactly("0");
      }
      assertThat(
              strings(
                  target,
                  "SELECT conrelid::regclass::text || ' ' || pg_get_constraintdef(oid)"
                      + " FROM pg_constraint WHERE contype = 'u'"
                      + " AND conrelid IN ('letta_agents.agents_tags'::regclass,"
                      + " 'letta_agents.blocks_agents'::regclass,"
                      + " 'letta_agents.tools_agents'::regclass) ORDER BY 1"))
          .containsExactly(
              "letta_agents.agents_tags UNIQUE (agent_id, tag)",
              "letta_agents.blocks_agents UNIQUE (agent_id, block_id)",
              "letta_agents.tools_agents UNIQUE (agent_id, tool_id)");
      // finalize carried over every index and unique constraint, NULLS NOT DISTINCT included; every
      // column has its source type, NOT NULL and default (the sequence's included)
      try (Connection source = infra.connect(sourceDb)) {
        assertThat(columnDefinitions(target, AGENTS, EMBEDDINGS))
            .containsExactlyElementsOf(columnDefinitions(source, "public"))
            .contains(
                "messages.sequence_id bigint NOT NULL DEFAULT"
                    + " nextval('message_seq_id'::regclass)",
                "archival_passages.embedding vector(4096)",
                "sources.vector_db_provider vectordbprovider NOT NULL");
        assertThat(indexes(target, AGENTS, EMBEDDINGS))
            .containsExactlyElementsOf(indexes(source, "public"))
            .contains(
                "tools UNIQUE (organization_id, project_id, name) NULLS NOT DISTINCT",
                "blocks_agents UNIQUE (agent_id, block_label)");
      }
      // blocks_agents' second unique key, as a unique index
      assertThat(
              strings(
                  target,
                  "SELECT pg_get_indexdef(indexrelid) FROM pg_index WHERE indisunique"
                      + " AND indrelid = 'letta_agents.blocks_agents'::regclass ORDER BY 1"))
          .anySatisfy(d -> assertThat(d).contains("(agent_id, block_label)"));
      // a foreign key across the schemas, with its action: passage_tags (letta_agents) ->
      // archival_passages (letta_embeddings)
      assertThat(
              strings(
                  target,
                  "SELECT pg_get_constraintdef(oid) || ' ' || convalidated FROM pg_constraint"
                      + " WHERE contype = 'f' AND conrelid = 'letta_agents.passage_tags'::regclass"
                      + " AND confrelid = 'letta_embeddings.archival_passages'::regclass"))
          .containsExactly(
              "FOREIGN KEY (passage_id) REFERENCES letta_embeddings.archival_passages(id)"
                  + " ON DELETE CASCADE true");
      assertThat(
              strings(
                  target,
                  "SELECT format_type(atttypid, atttypmod) FROM pg_attribute"
                      + " WHERE attrelid = 'letta_embeddings.archival_passages'::regclass"
                      + " AND attname = 'embedding'"))
          .containsExactly("vector(4096)");
    }

    // finalize ran every step: indexes, the source's foreign keys (composite, deferrable, with
    // their actions, across the two schemas), defaults and the sequence
    try (Connection target = target()) {
      assertThat(
              strings(
                  target,
                  "SELECT kind || ' ' || state || ': ' || coalesce(detail, '') || ' ' || statement"
                      + " FROM tributary.finalize_steps WHERE migration_id = ?"
                      + " AND state NOT IN ('done', 'skipped') ORDER BY position",
                  id))
          .as("finalize steps not done")
          .isEmpty();
      assertThat(
              strings(
                  target,
                  "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'f'"
                      + " AND conrelid = 'letta_agents.blocks_agents'::regclass"
                      + " AND conname = 'fk_block_id_label'"))
          .containsExactly(
              "FOREIGN KEY (block_id, block_label) REFERENCES letta_agents.block(id, label)"
                  + " ON UPDATE CASCADE ON DELETE CASCADE DEFERRABLE");
      assertThat(
              strings(
                  target,
                  "SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef"
                      + " WHERE adrelid = 'letta_agents.messages'::regclass"
                      + " AND adnum = (SELECT attnum FROM pg_attribute"
                      + " WHERE attrelid = 'letta_agents.messages'::regclass"
                      + " AND attname = 'sequence_id')"))
          .containsExactly("nextval('letta_agents.message_seq_id'::regclass)");
    }

    // the application, switched to the target, works there as the role of its schema: it reaches
    // its tables in both schemas, numbers messages after the source's, and the foreign keys'
    // actions cascade as they did in the source
    long highestSequence;
    try (Connection c = infra.connect(sourceDb)) {
      highestSequence = Long.parseLong(strings(c, "SELECT max(sequence_id) FROM messages").get(0));
    }
    try (Connection admin = target();
        Statement st = admin.createStatement()) {
      st.execute("ALTER ROLE " + AGENTS + " PASSWORD 'letta-target'");
    }
    try (Connection app = DriverManager.getConnection(jdbcUrl, AGENTS, "letta-target")) {
      assertThat(
              strings(
                  app,
                  "SELECT count(*) FROM letta_agents.passage_tags t"
                      + " JOIN letta_embeddings.archival_passages p ON p.id = t.passage_id"))
          .containsExactly("5");
      assertThat(
              strings(
                  app,
                  "INSERT INTO letta_agents.messages (id, agent_id, role, tool_calls,"
                      + " organization_id) VALUES ('message-after-cutover', ?, 'user', '[]',"
                      + " 'org-00000000-0000-4000-8000-000000000000') RETURNING sequence_id",
                  AGENT + "1"))
          .containsExactly(Long.toString(highestSequence + 1));
      try (Statement st = app.createStatement()) {
        st.execute("UPDATE letta_agents.block SET label = 'notes' WHERE id = '" + BLOCK + "6'");
        st.execute(
            "DELETE FROM letta_embeddings.archival_passages"
                + " WHERE id = 'passage-e7f8091a-0000-4000-8000-000000000001'");
        st.execute("DELETE FROM letta_agents.tools WHERE id = '" + TOOL + "5'");
      }
      assertThat(
              strings(
                  app,
                  "SELECT block_label FROM letta_agents.blocks_agents WHERE block_id = ?",
                  BLOCK + "6"))
          .as("ON UPDATE CASCADE of the composite foreign key")
          .containsExactly("notes");
      assertThat(
              strings(
                  app,
                  "SELECT count(*) FROM letta_agents.passage_tags WHERE passage_id = ?",
                  "passage-e7f8091a-0000-4000-8000-000000000001"))
          .as("ON DELETE CASCADE from letta_embeddings into letta_agents")
          .containsExactly("0");
      assertThat(
              strings(
                  app,
                  "SELECT count(*) FROM letta_agents.tools_agents WHERE tool_id = ?",
                  TOOL + "5"))
          .as("ON DELETE CASCADE into a table without a primary key")
          .containsExactly("0");
    }
  }
}
