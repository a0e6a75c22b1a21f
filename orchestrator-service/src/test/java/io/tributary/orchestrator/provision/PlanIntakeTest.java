package io.tributary.orchestrator.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.RowIdentity;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.plan.PlanError;
import io.tributary.common.sql.FinalizeStep;
import io.tributary.common.sql.TableDdlBuilder;
import io.tributary.orchestrator.SqliteFiles;
import io.tributary.planning.PlanException;
import io.tributary.planning.PlanParser;
import io.tributary.source.spi.SourceKinds;
import io.tributary.source.spi.intake.IntakeContext;
import io.tributary.source.spi.intake.SourceCatalog;
import io.tributary.testing.SqliteVec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanIntakeTest {
  private static final TargetAddress TARGET = new TargetAddress("127.0.0.1", 15433, "unified");

  @TempDir Path dir;

  private PlanIntake intake;

  @BeforeEach
  void setUp() {
    intake =
        new PlanIntake(
            new PlanParser(Map.of("PGUSER", "postgres")::get),
            dir,
            TARGET,
            new SourceIntakes(
                SourceKinds.load()
                    .offering(kind -> kind.intake(new IntakeContext(Duration.ofSeconds(10))))));
  }

  private ProvisioningRequest accept(String plan) {
    return intake.prepare(plan, intake.parse(plan));
  }

  private List<PlanError> refuse(String plan) {
    PlanException e = catchThrowableOfType(PlanException.class, () -> accept(plan));
    assertThat(e).as("the plan is refused").isNotNull();
    return e.errors();
  }

  private Path shop() throws Exception {
    return SqliteFiles.create(
        dir.resolve("shop.db"),
        "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, balance REAL)",
        "CREATE TABLE order_tags (order_id INTEGER, tag TEXT, \"group\" TEXT, PRIMARY KEY"
            + " (order_id, tag))");
  }

  @Test
  @DisplayName(
      "A plan with a relative SQLite path is accepted with the path made absolute and DDL per"
          + " table")
  void acceptsPlan() throws Exception {
    shop();
    String plan =
        """
        migration: shop
        target:
          url: postgresql://${PGUSER}@localhost:15433/unified
        sources:
          - name: shop-db
            kind: sqlite
            path: shop.db
        """;

    ProvisioningRequest request = accept(plan);

    assertThat(request.migration()).isEqualTo("shop");
    assertThat(request.planText()).isEqualTo(plan);
    assertThat(request.planJson()).contains("\"migration\":\"shop\"").contains("${PGUSER}");
    assertThat(request.sources()).hasSize(1);
    SourceCatalog source = request.sources().get(0);
    assertThat(source.source().path())
        .isEqualTo(dir.resolve("shop.db").toAbsolutePath().toString());
    assertThat(source.source().schema()).isEqualTo("shop_db");
    assertThat(request.tables())
        .extracting(TableDef::sourceTable, TableDef::targetSchema, TableDef::topic)
        .containsExactly(
            tuple("customers", "shop_db", "tributary.shop.shop-db.main.customers"),
            tuple("order_tags", "shop_db", "tributary.shop.shop-db.main.order_tags"));
    assertThat(request.tables().get(0).column("balance").targetType()).isEqualTo(TargetType.DOUBLE);
    assertThat(request.ddl())
        .containsExactly(
            "CREATE EXTENSION IF NOT EXISTS vector",
            "DO $tributary$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'shop_db')"
                + " THEN CREATE ROLE \"shop_db\" LOGIN; COMMENT ON ROLE \"shop_db\" IS"
                + " 'tributary: schema role'; END IF; IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE"
                + " rolname = 'shop_db_apply') THEN CREATE ROLE \"shop_db_apply\" NOLOGIN; COMMENT"
                + " ON ROLE \"shop_db_apply\" IS 'tributary: schema role'; END IF; IF NOT"
                + " has_database_privilege('shop_db_apply', current_database(), 'TEMPORARY') THEN"
                + " EXECUTE format('GRANT TEMPORARY ON DATABASE %I TO %I', current_database(),"
                + " 'shop_db_apply'); END IF; END $tributary$",
            "GRANT \"shop_db\" TO CURRENT_USER",
            "GRANT \"shop_db_apply\" TO CURRENT_USER",
            "CREATE SCHEMA IF NOT EXISTS \"shop_db\" AUTHORIZATION \"shop_db\"",
            "ALTER SCHEMA \"shop_db\" OWNER TO \"shop_db\"",
            "REVOKE ALL ON SCHEMA \"shop_db\" FROM PUBLIC",
            "GRANT USAGE ON SCHEMA \"shop_db\" TO \"shop_db_apply\"",
            "ALTER DEFAULT PRIVILEGES FOR ROLE \"shop_db\" IN SCHEMA \"shop_db\" GRANT SELECT,"
                + " INSERT, UPDATE, DELETE, TRUNCATE ON TABLES TO \"shop_db_apply\"",
            "ALTER DEFAULT PRIVILEGES FOR ROLE \"shop_db\" IN SCHEMA \"shop_db\" GRANT USAGE,"
                + " SELECT, UPDATE ON SEQUENCES TO \"shop_db_apply\"",
            "GRANT USAGE ON SCHEMA \"shop_db\" TO tributary_validator",
            "ALTER DEFAULT PRIVILEGES FOR ROLE \"shop_db\" IN SCHEMA \"shop_db\" GRANT SELECT ON"
                + " TABLES TO tributary_validator",
            "SET LOCAL ROLE \"shop_db\"",
            "CREATE TABLE IF NOT EXISTS \"shop_db\".\"customers\" (\n"
                + "  \"id\" bigint NOT NULL,\n"
                + "  \"name\" text NOT NULL,\n"
                + "  \"balance\" double precision,\n"
                + "  \"_tributary_partition\" integer DEFAULT"
                + " current_setting('tributary.copy_partition', true)::integer,\n"
                + "  \"_tributary_offset\" bigint DEFAULT"
                + " current_setting('tributary.copy_offset', true)::bigint,\n"
                + "  \"_tributary_key\" text,\n"
                + "  \"_tributary_row\" integer\n"
                + ") WITH (autovacuum_enabled = false)",
            "CREATE TABLE IF NOT EXISTS \"shop_db\".\"order_tags\" (\n"
                + "  \"order_id\" bigint NOT NULL,\n"
                + "  \"tag\" text NOT NULL,\n"
                + "  \"group\" text,\n"
                + "  \"_tributary_partition\" integer DEFAULT"
                + " current_setting('tributary.copy_partition', true)::integer,\n"
                + "  \"_tributary_offset\" bigint DEFAULT"
                + " current_setting('tributary.copy_offset', true)::bigint,\n"
                + "  \"_tributary_key\" text,\n"
                + "  \"_tributary_row\" integer\n"
                + ") WITH (autovacuum_enabled = false)",
            "RESET ROLE");
  }

  @Test
  @DisplayName(
      "A target.url naming another database is refused, saying which database this deployment uses")
  void refusesOtherTarget() throws Exception {
    shop();
    List<PlanError> errors =
        refuse(
            """
            migration: shop
            target: { url: "postgresql://postgres:secret@db.example.com:5432/postgres" }
            sources: [ { name: shop-db, kind: sqlite, path: shop.db } ]
            """);

    assertThat(errors).extracting(PlanError::field).containsExactly("target.url");
    assertThat(errors.get(0).message())
        .contains("this deployment migrates into 127.0.0.1:15433/unified")
        .contains("db.example.com:5432/postgres")
        .doesNotContain("secret");
  }

  @Test
  @DisplayName("A target.url that is no PostgreSQL URL is refused on target.url")
  void refusesUnreadableTarget() throws Exception {
    shop();
    List<PlanError> errors =
        refuse(
            """
            migration: shop
            target: { url: "mysql://localhost/app" }
            sources: [ { name: shop-db, kind: sqlite, path: shop.db } ]
            """);

    assertThat(errors).extracting(PlanError::field).containsExactly("target.url");
  }

  @Test
  @DisplayName("Target and source problems are reported together")
  void reportsAllProblems() {
    List<PlanError> errors =
        refuse(
            """
            migration: shop
            target: { url: "postgresql://localhost:5432/other" }
            sources:
              - { name: a, kind: sqlite, path: missing.db }
              - { name: b, kind: mysql, url: "mysql://localhost/b" }
            """);

    assertThat(errors)
        .extracting(PlanError::field)
        .containsExactlyInAnyOrder("target.url", "sources[0].path", "sources[1].kind");
  }

  @Test
  @DisplayName(
      "An unreachable PostgreSQL source is refused on its url, naming it without the password")
  void refusesUnreachablePostgresSource() {
    List<PlanError> errors =
        refuse(
            """
            migration: letta
            sources:
              - { name: letta, kind: postgres, url: "postgresql://letta:hunter2@127.0.0.1:1/letta" }
            """);

    assertThat(errors).extracting(PlanError::field).containsExactly("sources[0].url");
    assertThat(errors.get(0).message())
        .startsWith("cannot connect to PostgreSQL source letta@127.0.0.1:1/letta: ")
        .contains("check host and port")
        .doesNotContain("hunter2");
  }

  @Test
  @DisplayName(
      "A table without a primary key is keyed by its UNIQUE NOT NULL index, or by the plan's"
          + " columns; with neither it is identified by its whole rows, and the answer says so;"
          + " with its rowid hidden by columns it is refused, naming the table and the plan field")
  void keylessTablesGetARowIdentityOrAreRefused() throws Exception {
    SqliteFiles.create(
        dir.resolve("logs.db"),
        "CREATE TABLE entries (at TEXT NOT NULL, message TEXT)",
        "CREATE TABLE tags (agent_id TEXT NOT NULL, tag TEXT NOT NULL, note TEXT,"
            + " UNIQUE (agent_id, tag))",
        "CREATE TABLE marks (code TEXT NOT NULL, label TEXT)",
        "CREATE TABLE levels (id INTEGER PRIMARY KEY)",
        "CREATE TABLE odd (rowid TEXT, _rowid_ TEXT, oid TEXT)");

    List<PlanError> errors =
        refuse("migration: logs\nsources: [ { name: logs, kind: sqlite, path: logs.db } ]\n");
    assertThat(errors)
        .extracting(PlanError::field)
        .containsExactly("sources[0].tables.odd.key.columns");
    assertThat(errors.get(0).message())
        .contains(
            "main.odd has no primary key and no UNIQUE index over NOT NULL columns, so nothing"
                + " identifies its rows (its columns named rowid, _rowid_ and oid hide the rowid"
                + " that whole-row capture reads)");

    ProvisioningRequest whole =
        accept(
            "migration: logs\nsources: [ { name: logs, kind: sqlite, path: logs.db, exclude:"
                + " [odd] } ]\n");
    TableDef entries = table(whole, "entries");
    assertThat(entries.rowIdentity()).isEqualTo(RowIdentity.WHOLE_ROW);
    assertThat(entries.keyColumns()).isEmpty();
    assertThat(String.join("\n", whole.ddl()))
        .contains(
            "CREATE TABLE IF NOT EXISTS \"logs\".\"entries\" (\n  \"at\" text NOT NULL,\n  \"message\" text\n)");
    assertThat(whole.notes())
        .anySatisfy(
            n ->
                assertThat(n)
                    .startsWith(
                        "logs: table main.entries has no primary key and no UNIQUE index over NOT NULL"
                            + " columns: its rows are identified by all of their values"));

    ProvisioningRequest request =
        accept(
            """
            migration: logs
            sources:
              - name: logs
                kind: sqlite
                path: logs.db
                exclude: [odd]
                tables:
                  entries: { key: { columns: [at] } }
                  marks: { key: { columns: [code] } }
            """);
    assertThat(table(request, "entries").keyColumns())
        .extracting(ColumnDef::name)
        .containsExactly("at");
    TableDef tags = table(request, "tags");
    assertThat(tags.rowIdentity()).isEqualTo(RowIdentity.UNIQUE);
    assertThat(tags.keyColumns()).extracting(ColumnDef::name).containsExactly("agent_id", "tag");
    assertThat(tags.keyColumns().isEmpty()).isFalse();
    assertThat(TableDdlBuilder.addKey(tags))
        .as("made for a bulk load: apply builds the identity constraint once the snapshot is in")
        .contains("CONSTRAINT \"tags_agent_id_tag_key\" UNIQUE (\"agent_id\", \"tag\")");
    TableDef marks = table(request, "marks");
    assertThat(marks.rowIdentity()).isEqualTo(RowIdentity.DECLARED);
    assertThat(marks.identityIndex()).isNull();
    assertThat(table(request, "levels").rowIdentity()).isEqualTo(RowIdentity.PRIMARY_KEY);
  }

  @Test
  @DisplayName("key.columns naming a nullable or missing column is refused naming the column")
  void declaredKeyColumnsMustExistAndBeNotNull() throws Exception {
    SqliteFiles.create(dir.resolve("marks.db"), "CREATE TABLE marks (code TEXT, label TEXT)");

    List<PlanError> errors =
        refuse(
            """
            migration: marks
            sources:
              - name: marks
                kind: sqlite
                path: marks.db
                tables: { marks: { key: { columns: [code, nope] } } }
            """);

    assertThat(errors)
        .extracting(PlanError::message)
        .containsExactly(
            "column 'code' of marks may be NULL; a row identity needs NOT NULL columns",
            "no column 'nope' in marks (it has code, label)");
    assertThat(errors)
        .extracting(PlanError::field)
        .containsOnly("sources[0].tables.marks.key.columns");
  }

  private static TableDef table(ProvisioningRequest request, String name) {
    return request.tables().stream()
        .filter(t -> t.sourceTable().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  @DisplayName("A file that is not a SQLite database is refused on the source's path")
  void refusesNonDatabase() throws Exception {
    Files.writeString(dir.resolve("notes.db"), "these are not the tables you are looking for");

    List<PlanError> errors =
        refuse("migration: notes\nsources: [ { name: notes, kind: sqlite, path: notes.db } ]\n");

    assertThat(errors).extracting(PlanError::field).containsExactly("sources[0].path");
  }

  @Test
  @DisplayName("A database without tables is refused: there is nothing to migrate")
  void refusesEmptyDatabase() throws Exception {
    SqliteFiles.create(
        dir.resolve("empty.db"), "CREATE TABLE t (id INTEGER PRIMARY KEY)", "DROP TABLE t");

    List<PlanError> errors =
        refuse("migration: empty\nsources: [ { name: empty, kind: sqlite, path: empty.db } ]\n");

    assertThat(errors).extracting(PlanError::field).containsExactly("sources[0].path");
    assertThat(errors.get(0).message()).startsWith("no tables to migrate");
  }

  @Test
  @DisplayName("Two tables whose names map to the same topic are refused, naming both")
  void refusesTopicCollision() throws Exception {
    SqliteFiles.create(
        dir.resolve("dots.db"),
        "CREATE TABLE \"a.b\" (id INTEGER PRIMARY KEY)",
        "CREATE TABLE a_b (id INTEGER PRIMARY KEY)");

    List<PlanError> errors =
        refuse("migration: dots\nsources: [ { name: dots, kind: sqlite, path: dots.db } ]\n");

    assertThat(errors).extracting(PlanError::field).containsExactly("sources[0].path");
    assertThat(errors.get(0).message())
        .contains("'dots/main.a.b'")
        .contains("'dots/main.a_b'")
        .contains("tributary.dots.dots.main.a_b");
  }

  @Test
  @DisplayName(
      "Virtual tables: vec0 migrates (its shadow tables do not), a full-text table is named as not"
          + " migrated, any other is refused by name until excluded")
  void virtualTables() throws Exception {
    Path file = dir.resolve("memos.db");
    try (Connection c = SqliteVec.open(file);
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE entities (id INTEGER PRIMARY KEY, filepath TEXT NOT NULL)");
      st.execute(
          "CREATE VIRTUAL TABLE entities_vec_v2 USING vec0(embedding float[768]"
              + " distance_metric=cosine, app_name text, file_created_at_date text partition key)");
      st.execute("CREATE VIRTUAL TABLE entities_fts USING fts5(id, filepath, tags, metadata)");
      st.execute("CREATE VIRTUAL TABLE boxes USING rtree(id, minx, maxx)");
      st.execute("INSERT INTO entities VALUES (1, '/a.png')");
      st.execute(
          "INSERT INTO entities_vec_v2 (rowid, embedding, app_name, file_created_at_date)"
              + " VALUES (1, '["
              + "0.5, ".repeat(767)
              + "0.5]', 'Code', '2026-11-23')");
      st.execute("INSERT INTO entities_fts VALUES (1, '/a.png', 'tag', '{}')");
    }
    String plan =
        "migration: memos\nsources: [ { name: memos, kind: sqlite, path: memos.db%s } ]\n";

    List<PlanError> errors = refuse(String.format(plan, ""));
    assertThat(errors).extracting(PlanError::field).containsExactly("sources[0].path");
    assertThat(errors.get(0).message())
        .contains("virtual table 'boxes' (module rtree) is not migrated")
        .contains("exclude");

    ProvisioningRequest request = accept(String.format(plan, ", exclude: [boxes]"));
    assertThat(request.tables())
        .extracting(TableDef::sourceTable)
        .containsExactly("entities", "entities_vec_v2");
    TableDef vec = table(request, "entities_vec_v2");
    assertThat(vec.column("embedding").targetSql()).isEqualTo("vector(768)");
    assertThat(vec.keyColumns()).extracting(ColumnDef::name).containsExactly("rowid");
    assertThat(request.notes())
        .anySatisfy(
            n ->
                assertThat(n)
                    .startsWith("memos: entities_fts: a full-text index (fts5), not migrated")
                    .contains("entities_fts_data"))
        .anySatisfy(n -> assertThat(n).contains("entities_vec_v2: a sqlite-vec vec0 table"));
    assertThat(String.join("\n", request.ddl()))
        .contains("\"embedding\" vector(768) NOT NULL")
        .doesNotContain("entities_vec_v2_chunks")
        .doesNotContain("entities_fts");
    assertThat(request.finalizeSteps())
        .extracting(FinalizeStep::statement)
        .contains(
            "CREATE INDEX IF NOT EXISTS \"entities_vec_v2_embedding_hnsw_idx\" ON"
                + " \"memos\".\"entities_vec_v2\" USING hnsw (\"embedding\" vector_cosine_ops)");
  }
}
