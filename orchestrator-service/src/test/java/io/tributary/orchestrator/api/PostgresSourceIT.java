package io.tributary.orchestrator.api;

import static io.tributary.auth.Operator.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.tributary.orchestrator.SqliteSourcesTestResource;
import io.tributary.testing.MigrationFixtures;
import io.tributary.testing.TestInfrastructure;
import io.tributary.testing.TributaryTestResource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL sources through the operator API: a legacy database in the test cluster (camel-case
 * and reserved-word names, an enum, jsonb, uuid, numeric, timestamptz, bytea, text[], vector(3), a
 * second schema, a keyless table): a dry run takes the keyless table by its whole rows and says so;
 * with that table excluded the plan is provisioned: enum type and tables in the target schemas with
 * the source's column types, source and tables recorded in the control schema. Same test resources
 * as {@link MigrationResourceIT}, so both share one application start.
 */
@QuarkusTest
@WithTestResource(TributaryTestResource.class)
@WithTestResource(SqliteSourcesTestResource.class)
class PostgresSourceIT {
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

  private static final String SOURCE_DDL =
      """
      CREATE TYPE public."Mood" AS ENUM ('happy', 'so-so', 'it''s complicated');
      CREATE TABLE public."user" (
        "userId" bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        "limit" numeric(10,2) NOT NULL,
        "displayName" varchar(80),
        mood public."Mood",
        moods public."Mood"[],
        meta jsonb,
        "externalId" uuid,
        "createdAt" timestamptz NOT NULL DEFAULT now(),
        avatar bytea,
        tags text[],
        embedding vector(3));
      CREATE TABLE public."AgentRuns" (
        "runId" uuid PRIMARY KEY,
        "user" bigint REFERENCES public."user",
        "order" integer);
      CREATE UNIQUE INDEX user_external ON public."user" ("externalId");
      CREATE INDEX runs_order ON public."AgentRuns" ("order");
      CREATE INDEX runs_lower ON public."AgentRuns" (("order" + 1));
      CREATE EXTENSION IF NOT EXISTS pg_trgm;
      CREATE INDEX user_name_trgm ON public."user" USING gin ("displayName" gin_trgm_ops);
      CREATE TABLE public.audit_log (at timestamptz, message text);
      CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN NEW."order" := coalesce(NEW."order", 0) + 1000; RETURN NEW; END $$;
      CREATE TRIGGER touch BEFORE INSERT ON public."AgentRuns"
        FOR EACH ROW EXECUTE FUNCTION public.touch();
      CREATE VIEW public.happy_users AS
        SELECT "userId", "displayName" FROM public."user" WHERE mood = 'happy';
      CREATE SCHEMA "Billing";
      CREATE TABLE "Billing"."Invoices" (
        id integer PRIMARY KEY, amount numeric NOT NULL, "paidMood" public."Mood");
      INSERT INTO public."user" ("limit", "displayName", mood, moods, meta, "externalId", avatar,
                                 tags, embedding)
        VALUES (12.50, 'Zoë', 'so-so', '{happy,NULL}', '{"a": [1, 2.50]}',
                'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '\\x00ff', '{"x,y",NULL}', '[1,2,3]');
      INSERT INTO public.audit_log VALUES (now(), 'created');
      """;

  private static TestInfrastructure infra;
  private static String sourceDatabase;

  @ConfigProperty(name = TributaryTestResource.JDBC_URL)
  String jdbcUrl;

  @ConfigProperty(name = "quarkus.datasource.username")
  String user;

  @ConfigProperty(name = "quarkus.datasource.password")
  String password;

  @BeforeAll
  static void createSource() throws SQLException {
    infra = TestInfrastructure.get();
    sourceDatabase = infra.createDatabase("letta_src");
    try (Connection source = infra.connect(sourceDatabase);
        Statement st = source.createStatement()) {
      st.execute(SOURCE_DDL);
    }
  }

  /** The source's URL in a plan, as the given user. */
  private static String sourceUrl(String user, String password) {
    return "postgresql://"
        + user
        + ":"
        + password
        + "@"
        + infra.postgresHost()
        + ":"
        + infra.postgresPort()
        + "/"
        + sourceDatabase;
  }

  private static String plan(String migration, String url, String exclude) {
    return """
           migration: %s
           sources:
             - name: letta
               kind: postgres
               url: %s
               schemas: { public: letta_agents, Billing: letta_billing }
           %s"""
        .formatted(migration, url, exclude == null ? "" : "    exclude: [ " + exclude + " ]\n");
  }

  private static ValidatableResponse postYaml(String body) {
    return given()
        .contentType("application/yaml")
        .body(body.getBytes(StandardCharsets.UTF_8))
        .when()
        .post("/migrations")
        .then();
  }

  private List<Map<String, Object>> query(String sql, Object... parameters) throws SQLException {
    try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
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

  /** {@code "name" type[ NOT NULL]} of each column of a target table, as PostgreSQL spells it. */
  private List<String> columns(String schema, String table) throws SQLException {
    return query(
            "SELECT quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod)"
                + " || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END AS c"
                + " FROM pg_attribute a"
                + " WHERE a.attrelid = (quote_ident(?) || '.' || quote_ident(?))::regclass"
                + " AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
            schema,
            table)
        .stream()
        .map(r -> (String) r.get("c"))
        .toList();
  }

  private List<String> primaryKey(String schema, String table) throws SQLException {
    return query(
            "SELECT a.attname FROM pg_index i"
                + " CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)"
                + " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum"
                + " WHERE i.indisprimary"
                + " AND i.indrelid = (quote_ident(?) || '.' || quote_ident(?))::regclass"
                + " ORDER BY k.ord",
            schema,
            table)
        .stream()
        .map(r -> (String) r.get("attname"))
        .toList();
  }

  private long count(String sql, Object... parameters) throws SQLException {
    return ((Number) query(sql, parameters).get(0).values().iterator().next()).longValue();
  }

  /** POSTs a plan that must be refused; its errors as {@code field: message}. */
  private static List<String> refusal(String plan) {
    List<Map<String, String>> errors =
        postYaml(plan).statusCode(400).extract().jsonPath().getList("errors");
    return errors.stream().map(e -> e.get("field") + ": " + e.get("message")).toList();
  }

  private static void grant(String sql) throws SQLException {
    try (Connection source = infra.connect(sourceDatabase);
        Statement st = source.createStatement()) {
      st.execute(sql);
    }
  }

  @Test
  @DisplayName(
      "A table nothing else identifies is taken whole-row, the answer says so; excluded, the plan"
          + " is provisioned and recorded without it")
  void keylessTableIsWholeRowOrExcluded() throws Exception {
    String url = sourceUrl(infra.postgresUser(), infra.postgresPassword());
    long migrations = count("SELECT count(*) FROM tributary.migrations");
    // the target database lacks the extension the source's trigram index needs (its server has it)
    try (Connection target = DriverManager.getConnection(jdbcUrl, user, password);
        Statement st = target.createStatement()) {
      st.execute("DROP EXTENSION IF EXISTS pg_trgm");
    }

    // a table nothing else identifies is identified by its whole rows, and the answer says so
    given()
        .contentType("application/yaml")
        .queryParam("dryRun", true)
        .body(plan("letta-keyless", url, null).getBytes(StandardCharsets.UTF_8))
        .when()
        .post("/migrations")
        .then()
        .statusCode(200)
        .body(
            "notes",
            Matchers.hasItem(
                "letta: table public.audit_log has no primary key and no UNIQUE index over NOT"
                    + " NULL columns: its rows are identified by all of their values (equal rows keep"
                    + " their number), its replica identity is FULL while it is captured, and its"
                    + " changes go through one partition; name its key with key: {columns:"
                    + " [...]} if some columns identify its rows"))
        .body(
            "statements",
            Matchers.hasItem(
                Matchers.startsWith(
                    "CREATE TABLE IF NOT EXISTS \"letta_agents\".\"audit_log\" (\n"
                        + "  \"at\" timestamp with time zone,\n"
                        + "  \"message\" text\n)")))
        // the schema's function, trigger and view are named, and made with the tables (issue 49)
        .body(
            "notes",
            Matchers.hasItems(
                "letta: function public.touch() is made as letta_agents.touch()",
                "letta: trigger public.AgentRuns.touch is made as letta_agents.AgentRuns.touch",
                "letta: view public.happy_users is made as letta_agents.happy_users"))
        // the extension the trigram index needs: made first, as the target database lacks it
        .body(
            "notes",
            Matchers.hasItem(
                "letta: extension pg_trgm is made as public.pg_trgm; made where the target"
                    + " database lacks it; needed by index user_name_trgm uses operator"
                    + " class gin_trgm_ops for access method gin"))
        .body(
            "statements[0]",
            equalTo("CREATE EXTENSION IF NOT EXISTS \"pg_trgm\" WITH SCHEMA \"public\""))
        .body("objects.size()", equalTo(4))
        .body(
            "objects.find { it.name == 'public.AgentRuns.touch' }.target",
            equalTo("letta_agents.AgentRuns.touch"))
        .body("objects.find { it.name == 'public.AgentRuns.touch' }.kind", equalTo("trigger"))
        .body("objects.findAll { it.made }.source", Matchers.everyItem(equalTo("letta")));
    assertThat(count("SELECT count(*) FROM tributary.migrations")).isEqualTo(migrations);
    assertThat(count("SELECT count(*) FROM pg_namespace WHERE nspname = 'letta_agents'"))
        .as("nothing provisioned")
        .isZero();

    postYaml(plan("letta-pg", url, "public.audit_log"))
        .statusCode(201)
        .body("id", equalTo("letta-pg"))
        .body("state", equalTo("SNAPSHOTTING"));

    // finalize carries over plain indexes, the identity and the foreign key between migrated tables
    assertThat(
            query(
                "SELECT kind, statement FROM tributary.finalize_steps"
                    + " WHERE migration_id = 'letta-pg' AND kind NOT IN ('ANALYZE', 'OBJECT')"
                    + " AND statement NOT LIKE '%gin_trgm_ops%'"
                    + " ORDER BY position"))
        .extracting(r -> r.get("kind") + " " + r.get("statement"))
        .satisfiesExactly(
            s ->
                assertThat(s)
                    .isEqualTo(
                        "UNIQUE CREATE UNIQUE INDEX IF NOT EXISTS \"user_external\" ON"
                            + " \"letta_agents\".\"user\" (\"externalId\")"),
            s ->
                assertThat(s)
                    .isEqualTo(
                        "INDEX CREATE INDEX IF NOT EXISTS \"runs_order\" ON"
                            + " \"letta_agents\".\"AgentRuns\" (\"order\")"),
            // an expression index, from the source's own definition
            s ->
                assertThat(s)
                    .startsWith("INDEX SELECT pg_catalog.set_config('search_path'")
                    .endsWith(
                        "; CREATE INDEX IF NOT EXISTS \"runs_lower\" ON"
                            + " \"letta_agents\".\"AgentRuns\" USING btree (((\"order\" + 1)))"),
            s -> assertThat(s).startsWith("IDENTITY DO").contains("\"userId\""),
            // the source's built-in default; the serial's nextval is the identity's business
            s ->
                assertThat(s)
                    .isEqualTo(
                        "DEFAULT ALTER TABLE \"letta_agents\".\"user\" ALTER COLUMN \"createdAt\""
                            + " SET DEFAULT now()"),
            s -> assertThat(s).startsWith("SEQUENCE SELECT setval"),
            s ->
                assertThat(s)
                    .startsWith("FOREIGN_KEY DO")
                    .contains(
                        "FOREIGN KEY (\"user\") REFERENCES \"letta_agents\".\"user\" (\"userId\")"),
            s -> assertThat(s).startsWith("VALIDATE ALTER TABLE"));

    // the extension was made with the tables, and finalize will build the trigram index with it
    assertThat(query("SELECT extname FROM pg_extension WHERE extname = 'pg_trgm'"))
        .extracting(r -> r.get("extname"))
        .containsExactly("pg_trgm");
    assertThat(
            query(
                "SELECT statement FROM tributary.finalize_steps WHERE migration_id = 'letta-pg'"
                    + " AND statement LIKE '%gin_trgm_ops%'"))
        .extracting(r -> (String) r.get("statement"))
        .singleElement()
        .asString()
        .endsWith(
            "CREATE INDEX IF NOT EXISTS \"user_name_trgm\" ON \"letta_agents\".\"user\" USING gin"
                + " (\"displayName\" gin_trgm_ops)");
    // the schema's objects: made with the tables, in dependency order, as the schema's owner
    assertThat(
            query(
                "SELECT target_table, state FROM tributary.finalize_steps"
                    + " WHERE migration_id = 'letta-pg' AND kind = 'OBJECT' ORDER BY position"))
        .extracting(r -> r.get("target_table") + " " + r.get("state"))
        .containsExactly(
            "letta_agents.touch() done",
            "letta_agents.happy_users done",
            "letta_agents.AgentRuns.touch done");
    assertThat(
            query(
                "SELECT pg_get_userbyid(c.relowner) AS owner FROM pg_class c"
                    + " WHERE c.oid = 'letta_agents.happy_users'::regclass"))
        .extracting(r -> r.get("owner"))
        .containsExactly("letta_agents");
    assertThat(
            query(
                "SELECT tgname FROM pg_trigger"
                    + " WHERE tgrelid = 'letta_agents.\"AgentRuns\"'::regclass AND NOT tgisinternal"))
        .extracting(r -> r.get("tgname"))
        .containsExactly("touch");

    // the enum type, re-created in the target schema of its source schema
    assertThat(
            query(
                "SELECT e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid"
                    + " JOIN pg_namespace n ON n.oid = t.typnamespace"
                    + " WHERE n.nspname = 'letta_agents' AND t.typname = 'Mood'"
                    + " ORDER BY e.enumsortorder"))
        .extracting(r -> r.get("enumlabel"))
        .containsExactly("happy", "so-so", "it's complicated");

    // the tables, with the source's column types
    assertThat(columns("letta_agents", "user"))
        .containsExactly(
            "\"userId\" bigint NOT NULL",
            "\"limit\" numeric(10,2) NOT NULL",
            "\"displayName\" character varying(80)",
            "mood letta_agents.\"Mood\"",
            "moods letta_agents.\"Mood\"[]",
            "meta jsonb",
            "\"externalId\" uuid",
            "\"createdAt\" timestamp with time zone NOT NULL",
            "avatar bytea",
            "tags text[]",
            "embedding vector(3)");
    assertThat(primaryKey("letta_agents", "user"))
        .as("array columns have no binary COPY form here: made with its key, loaded by upsert")
        .containsExactly("userId");
    assertThat(columns("letta_agents", "AgentRuns"))
        .as("bulk loaded: each row's provenance beside it until the key is built")
        .containsExactly(
            "\"runId\" uuid NOT NULL",
            "\"user\" bigint",
            "\"order\" integer",
            "_tributary_partition integer",
            "_tributary_offset bigint",
            "_tributary_key text",
            "_tributary_row integer");
    assertThat(primaryKey("letta_agents", "AgentRuns"))
        .as("made for a bulk load: its key comes once its snapshot is in")
        .isEmpty();
    MigrationFixtures.buildKeys(jdbcUrl, user, password, "letta-pg");
    assertThat(columns("letta_agents", "AgentRuns"))
        .as("provenance dropped with the key")
        .containsExactly("\"runId\" uuid NOT NULL", "\"user\" bigint", "\"order\" integer");
    assertThat(primaryKey("letta_agents", "AgentRuns")).containsExactly("runId");
    assertThat(columns("letta_billing", "Invoices"))
        .containsExactly(
            "id integer NOT NULL", "amount numeric NOT NULL", "\"paidMood\" letta_agents.\"Mood\"");
    assertThat(count("SELECT count(*) FROM letta_agents.\"user\""))
        .as("provisioning creates tables, capture fills them")
        .isZero();
    assertThat(query("SELECT to_regclass('letta_agents.audit_log') IS NULL AS absent"))
        .containsExactly(Map.of("absent", true));

    // the control schema: the source as SQLite sources are recorded, every table with its topic
    assertThat(
            query(
                "SELECT name, kind, location, target_schema FROM tributary.sources"
                    + " WHERE migration_id = 'letta-pg'"))
        .containsExactly(
            Map.of(
                "name", "letta",
                "kind", "postgres",
                "location", url,
                "target_schema", "letta_agents"));
    List<Map<String, Object>> tables =
        query(
            "SELECT source_schema, source_table, target_schema, target_table, topic,"
                + " definition->>'sourceSchema' AS def_schema,"
                + " jsonb_array_length(definition->'columns') AS def_columns,"
                + " (SELECT c->>'targetSql' FROM jsonb_array_elements(definition->'columns') c"
                + "   WHERE c->>'name' = 'moods') AS moods_sql"
                + " FROM tributary.tables WHERE migration_id = 'letta-pg'"
                + " ORDER BY source_schema, source_table");
    assertThat(tables)
        .extracting(
            r -> r.get("source_schema") + "." + r.get("source_table") + " -> " + r.get("topic"))
        .containsExactly(
            "Billing.Invoices -> tributary.letta-pg.letta.Billing.Invoices",
            "public.AgentRuns -> tributary.letta-pg.letta.public.AgentRuns",
            "public.user -> tributary.letta-pg.letta.public.user");
    assertThat(tables)
        .extracting(r -> r.get("target_schema") + "." + r.get("target_table"))
        .containsExactly("letta_billing.Invoices", "letta_agents.AgentRuns", "letta_agents.user");
    assertThat(tables.get(2))
        .containsEntry("def_schema", "public")
        .containsEntry("def_columns", 11)
        .containsEntry("moods_sql", "\"letta_agents\".\"Mood\"[]");

    given()
        .get("/migrations/{id}/events", "letta-pg")
        .then()
        .statusCode(200)
        .body("[1].reason", equalTo("created schemas [letta_agents, letta_billing] and 3 tables"));
    given()
        .get("/migrations/{id}", "letta-pg")
        .then()
        .statusCode(200)
        .body("sources.size()", equalTo(1))
        .body("sources[0].name", equalTo("letta"))
        .body("sources[0].kind", equalTo("postgres"))
        .body("tables.size()", equalTo(3));
  }

  @Test
  @DisplayName(
      "Bad credentials, a user without REPLICATION and missing grants are refused, saying what to"
          + " run")
  void refusesCredentialsAndUsersThatCannotReplicate() throws SQLException {
    String role = TestInfrastructure.uniqueName("no_repl");
    try (Connection source = infra.connect(sourceDatabase);
        Statement st = source.createStatement()) {
      st.execute("CREATE ROLE " + role + " LOGIN PASSWORD 'Pw-" + role + "'");
    }

    postYaml(
            plan(
                "letta-badpw",
                sourceUrl(infra.postgresUser(), "wrong-" + role),
                "public.audit_log"))
        .statusCode(400)
        .body("errors.size()", equalTo(1))
        .body("errors[0].field", equalTo("sources[0].url"))
        .body(
            "errors[0].message",
            Matchers.allOf(
                Matchers.startsWith("cannot connect to PostgreSQL source"),
                Matchers.containsString("check the user and password"),
                Matchers.not(Matchers.containsString("wrong-"))));

    String replication =
        "user '"
            + role
            + "' may not replicate, but capture reads changes through a replication slot:"
            + " run ALTER ROLE \""
            + role
            + "\" WITH REPLICATION, or name a user that has it in the url";
    String plan = plan("letta-norepl", sourceUrl(role, "Pw-" + role), "public.audit_log");
    assertThat(refusal(plan))
        .containsExactly(
            "sources[0].url: " + replication,
            "sources[0].schemas.Billing: user '"
                + role
                + "' may not use schema Billing: run GRANT USAGE ON SCHEMA \"Billing\" TO \""
                + role
                + "\" (and GRANT SELECT ON ALL TABLES IN SCHEMA \"Billing\" TO \""
                + role
                + "\")");

    grant("GRANT USAGE ON SCHEMA \"Billing\" TO " + role);
    assertThat(refusal(plan))
        .containsExactly(
            "sources[0].url: " + replication,
            "sources[0].url: user '"
                + role
                + "' may not read table Billing.Invoices: run GRANT SELECT ON"
                + " \"Billing\".\"Invoices\" TO \""
                + role
                + "\", or list Billing.Invoices under exclude",
            "sources[0].url: user '"
                + role
                + "' may not read table public.AgentRuns: run GRANT"
                + " SELECT ON \"public\".\"AgentRuns\" TO \""
                + role
                + "\", or list"
                + " public.AgentRuns under exclude",
            "sources[0].url: user '"
                + role
                + "' may not read table public.user: run GRANT"
                + " SELECT ON \"public\".\"user\" TO \""
                + role
                + "\", or list public.user"
                + " under exclude");

    grant("GRANT SELECT ON ALL TABLES IN SCHEMA public, \"Billing\" TO " + role);
    assertThat(refusal(plan)).containsExactly("sources[0].url: " + replication);
    assertThat(
            count(
                "SELECT count(*) FROM tributary.migrations WHERE id IN ('letta-badpw', 'letta-norepl')"))
        .as("nothing recorded")
        .isZero();
  }
}
