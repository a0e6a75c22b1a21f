package io.tributary.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.tributary.common.plan.MigrationPlan;
import io.tributary.common.plan.PlanError;
import io.tributary.common.plan.QualifiedTable;
import io.tributary.common.plan.SourceSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanValidatorTest {
  @TempDir Path dir;

  private MigrationPlan parse(String yaml) {
    return new PlanParser(Map.<String, String>of()::get).parse(yaml);
  }

  private List<PlanError> errorsOf(String yaml) {
    try {
      new PlanValidator(dir).validate(parse(yaml));
      throw new AssertionError("expected a PlanException");
    } catch (PlanException e) {
      return e.errors();
    }
  }

  @Test
  void makesPathsAbsoluteAndDerivesSchemas() throws Exception {
    Files.writeString(dir.resolve("a.db"), "");
    MigrationPlan plan =
        new PlanValidator(dir)
            .validate(parse("migration: m\nsources: [{name: my-app, kind: sqlite, path: a.db}]"));
    assertThat(plan.sources().get(0).path()).isEqualTo(dir.resolve("a.db").toString());
    assertThat(plan.sources().get(0).schema()).isEqualTo("my_app");
  }

  @Test
  void refusesWhatThisVersionCannotDo() {
    List<PlanError> errors =
        errorsOf(
            """
            migration: m
            sources:
              - {name: a, kind: sqlite, path: missing.db}
              - {name: b, kind: mysql, url: 'mysql://x/y', schema: a}
              - {name: c, kind: sqlite, schema: tributary}
              - {name: a, kind: sqlite, path: x.db, schema: Not-Valid}
            """);
    assertThat(errors)
        .extracting(PlanError::field)
        .containsExactlyInAnyOrder(
            "sources[0].path",
            "sources[1].kind",
            "sources[2].schema",
            "sources[2].path",
            "sources[3].name",
            "sources[3].schema",
            "sources[3].path");
    assertThat(errors.get(0).message()).contains("no such file");
  }

  @Test
  void aPathThatIsNoFileIsNamed() throws Exception {
    Files.createDirectories(dir.resolve("folder.db"));
    List<PlanError> errors =
        errorsOf("migration: m\nsources: [{name: a, kind: sqlite, path: folder.db}]\n");
    assertThat(errors).extracting(PlanError::field).containsExactly("sources[0].path");
    assertThat(errors.get(0).message()).startsWith("not a regular file (a SQLite database file)");
  }

  private MigrationPlan valid(String yaml) {
    return new PlanValidator(dir).validate(parse(yaml));
  }

  private String messageOf(List<PlanError> errors, String field) {
    return errors.stream()
        .filter(e -> e.field().equals(field))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no error for " + field + " in " + errors))
        .message();
  }

  @Test
  void postgresSourceKeepsItsUrlAndMapsSchemas() {
    SourceSpec source =
        valid(
                """
                migration: m
                sources:
                  - name: letta
                    kind: postgres
                    url: postgresql://letta:secret@localhost:15432/letta
                    schemas: { public: letta_agents, Billing: letta_billing }
                    exclude: [ public.audit_log, Billing.Old.Invoices ]
                """)
            .sources()
            .get(0);
    assertThat(source.url()).isEqualTo("postgresql://letta:secret@localhost:15432/letta");
    assertThat(source.path()).isNull();
    assertThat(source.schemas())
        .containsExactly(
            Map.entry("public", "letta_agents"), Map.entry("Billing", "letta_billing"));
    assertThat(source.schema()).isEqualTo("letta_agents");
    assertThat(source.targetSchemas()).containsExactly("letta_agents", "letta_billing");
    assertThat(source.excludedTables())
        .containsExactly(
            new QualifiedTable("public", "audit_log"),
            new QualifiedTable("Billing", "Old.Invoices"));
  }

  @Test
  void postgresSchemaAloneMeansPublicAndNeitherMeansTheDefault() {
    MigrationPlan plan =
        valid(
            """
            migration: m
            sources:
              - {name: letta, kind: postgres, url: 'postgresql://h/letta', schema: agents}
              - {name: 2nd-db, kind: postgres, url: 'postgres://u@h:5433'}
            """);
    assertThat(plan.sources().get(0).schemas()).containsExactly(Map.entry("public", "agents"));
    assertThat(plan.sources().get(0).schema()).isEqualTo("agents");
    assertThat(plan.sources().get(1).schemas()).containsExactly(Map.entry("public", "_2nd_db"));
    assertThat(plan.sources().get(1).schema()).isEqualTo("_2nd_db");
  }

  @Test
  void postgresUrlIsRequiredAndParsedWithoutShowingThePassword() {
    List<PlanError> errors =
        errorsOf(
            """
            migration: m
            sources:
              - {name: a, kind: postgres}
              - {name: b, kind: postgres, url: 'mysql://b:hunter2@h/d'}
              - {name: c, kind: postgres, url: 'postgresql://c:hunter2@/d'}
            """);
    assertThat(errors)
        .extracting(PlanError::field)
        .containsExactly("sources[0].url", "sources[1].url", "sources[2].url");
    assertThat(messageOf(errors, "sources[0].url")).contains("required for postgres sources");
    assertThat(messageOf(errors, "sources[1].url")).contains("not a PostgreSQL URL");
    assertThat(messageOf(errors, "sources[2].url")).contains("names no host");
    assertThat(errors).allSatisfy(e -> assertThat(e.message()).doesNotContain("hunter2"));
  }

  @Test
  void postgresSourcesTakeNoPathAndNotBothSchemaAndSchemas() {
    List<PlanError> errors =
        errorsOf(
            """
            migration: m
            sources:
              - {name: a, kind: postgres, url: 'postgresql://h/d', path: a.db}
              - {name: b, kind: postgres, url: 'postgresql://h/d', schema: x, schemas: {public: y}}
            """);
    assertThat(errors)
        .extracting(PlanError::field)
        .containsExactly("sources[0].path", "sources[1].schema");
    assertThat(messageOf(errors, "sources[0].path")).contains("give url");
    assertThat(messageOf(errors, "sources[1].schema")).contains("not both");
  }

  @Test
  void everyTargetSchemaIsValidatedAndTakesOneSchemaOfASource() throws Exception {
    Files.writeString(dir.resolve("a.db"), "");
    List<PlanError> errors =
        errorsOf(
            """
            migration: m
            sources:
              - {name: shop, kind: sqlite, path: a.db}
              - name: letta
                kind: postgres
                url: postgresql://h/d
                schemas: {public: shop, audit: Bad-Name, ops: pg_ops, sys: tributary, x: dup, y: dup}
              - {name: other, kind: postgres, url: 'postgresql://h/o', schemas: {public: dup}}
              - {name: third, kind: postgres, url: 'postgresql://h/t', schemas: {'': ok_schema}}
            """);
    assertThat(errors)
        .extracting(PlanError::field)
        .containsExactlyInAnyOrder(
            "sources[1].schemas.audit",
            "sources[1].schemas.ops",
            "sources[1].schemas.sys",
            "sources[1].schemas.y",
            "sources[3].schemas.");
    assertThat(messageOf(errors, "sources[1].schemas.audit")).contains("not a valid target schema");
    assertThat(messageOf(errors, "sources[1].schemas.ops")).contains("reserved");
    assertThat(messageOf(errors, "sources[1].schemas.sys")).contains("reserved");
    assertThat(messageOf(errors, "sources[1].schemas.y"))
        .isEqualTo("'dup' is the target of another schema of this source");
    assertThat(messageOf(errors, "sources[3].schemas.")).contains("must not be empty");
  }

  @Test
  void excludedTablesNameAMigratedSchema() {
    List<PlanError> errors =
        errorsOf(
            """
            migration: m
            sources:
              - name: letta
                kind: postgres
                url: postgresql://h/d
                schema: letta
                exclude: [public.ok, audit.log, no_schema, public., .t]
            """);
    assertThat(errors)
        .extracting(PlanError::field)
        .containsExactly(
            "sources[0].exclude[1]",
            "sources[0].exclude[2]",
            "sources[0].exclude[3]",
            "sources[0].exclude[4]");
    assertThat(messageOf(errors, "sources[0].exclude[1]"))
        .isEqualTo(
            "'audit.log' does not name a table of a migrated schema: write schema.table with one"
                + " of the source schemas [public], e.g. public.audit_log");
  }

  @Test
  void sqliteSourcesTakeExclude() throws Exception {
    Files.writeString(dir.resolve("a.db"), "");
    MigrationPlan plan =
        new PlanValidator(dir)
            .validate(
                parse(
                    "migration: m\nsources: [{name: a, kind: sqlite, path: a.db, exclude: [t]}]"));
    assertThat(plan.sources().get(0).exclude()).containsExactly("t");
  }

  @Test
  void mysqlStaysRefusedChromaNeedsItsPathPostgresTakesTableRulesAndTableSchemas() {
    List<PlanError> errors =
        errorsOf(
            """
            migration: m
            sources:
              - {name: a, kind: mysql, url: 'mysql://h/a'}
              - {name: b, kind: chroma, url: 'http://h:8000'}
              - name: c
                kind: postgres
                url: postgresql://h/c
                schema: letta_agents
                tables:
                  users: { key: { column: id } }
                  archival_passages: { schema: letta_embeddings }
                  source_passages: { schema: letta_embeddings }
                  jobs: { schema: 'Bad-Name' }
                  files: { schema: a }
            """);
    assertThat(errors)
        .extracting(PlanError::field)
        .containsExactlyInAnyOrder(
            "sources[0].kind",
            "sources[1].url",
            "sources[1].path",
            "sources[2].tables.jobs.schema");
    assertThat(messageOf(errors, "sources[0].kind"))
        .isEqualTo(
            "'mysql' sources are not supported by this version yet; supported: sqlite, postgres,"
                + " chroma");
    assertThat(messageOf(errors, "sources[1].url"))
        .isEqualTo("not used by chroma sources; give path");
    assertThat(messageOf(errors, "sources[1].path"))
        .isEqualTo("required for chroma sources: the store's directory");
    assertThat(messageOf(errors, "sources[2].tables.jobs.schema"))
        .contains("is not a valid target schema");
  }

  @Test
  void chromaStoresAreDirectoriesAndOnlyTheyListCollections() throws Exception {
    Path store = Files.createDirectories(dir.resolve("chroma"));
    Files.writeString(dir.resolve("app.db"), "");
    List<PlanError> errors =
        errorsOf(
            """
            migration: m
            sources:
              - {name: a, kind: chroma, path: chroma, collections: [notes, notes]}
              - {name: b, kind: chroma, path: app.db}
              - {name: c, kind: sqlite, path: app.db, collections: [x]}
              - {name: d, kind: chroma, path: chroma, collections: [x], exclude: [x]}
              - {name: e, kind: chroma, path: missing}
            """);
    assertThat(errors)
        .extracting(PlanError::field)
        .containsExactlyInAnyOrder(
            "sources[0].collections[1]",
            "sources[1].path",
            "sources[2].collections",
            "sources[3].collections[0]",
            "sources[4].path");
    assertThat(messageOf(errors, "sources[0].collections[1]")).isEqualTo("'notes' is listed twice");
    assertThat(messageOf(errors, "sources[1].path"))
        .isEqualTo("not a directory (a chroma store's directory): " + dir.resolve("app.db"));
    assertThat(messageOf(errors, "sources[2].collections"))
        .startsWith("not used by sqlite sources (only chroma stores have collections)");
    assertThat(messageOf(errors, "sources[4].path"))
        .isEqualTo("no such directory: " + dir.resolve("missing"));
    MigrationPlan plan =
        valid(
            """
            migration: m
            sources:
              - {name: memories, kind: chroma, path: chroma, collections: [notes]}
            """);
    assertThat(plan.sources().get(0).path()).isEqualTo(store.toString());
    assertThat(plan.sources().get(0).collections()).containsExactly("notes");
    assertThat(plan.sources().get(0).schema()).isEqualTo("memories");
  }

  /**
   * Security review M2: a plan names no file outside the sources directory (by {@code ..}, an
   * absolute path or a symbolic link), and the refusal says the same whether or not a file is
   * there: the dry run is no file-existence oracle.
   */
  @Test
  void pathsOutsideTheSourcesDirectoryAreRefusedAlikeWhetherOrNotTheyExist() throws Exception {
    Path sources = Files.createDirectories(dir.resolve("sources"));
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.writeString(outside.resolve("secret.db"), "");
    Files.createDirectories(outside.resolve("store"));
    Files.createSymbolicLink(sources.resolve("there.db"), outside.resolve("secret.db"));
    Files.createSymbolicLink(sources.resolve("nowhere.db"), outside.resolve("missing.db"));
    Files.createSymbolicLink(sources.resolve("store"), outside.resolve("store"));
    List<PlanError> errors;
    try {
      new PlanValidator(sources, "tributary.orchestrator.sources-dir")
          .validate(
              parse(
                  """
                  migration: m
                  sources:
                    - {name: a, kind: sqlite, path: ../outside/secret.db}
                    - {name: b, kind: sqlite, path: ../outside/missing.db}
                    - {name: c, kind: sqlite, path: %s}
                    - {name: d, kind: sqlite, path: %s}
                    - {name: e, kind: sqlite, path: there.db}
                    - {name: f, kind: sqlite, path: nowhere.db}
                    - {name: g, kind: chroma, path: store}
                    - {name: h, kind: chroma, path: ../outside/store}
                  """
                      .formatted(outside.resolve("secret.db"), outside.resolve("missing.db"))));
      throw new AssertionError("expected a PlanException");
    } catch (PlanException e) {
      errors = e.errors();
    }
    assertThat(errors).hasSize(8);
    for (PlanError error : errors) {
      assertThat(error.field()).endsWith(".path");
      assertThat(error.message())
          .contains("is outside the sources directory " + sources)
          .contains("tributary.orchestrator.sources-dir")
          .doesNotContain("no such")
          .doesNotContain("not a regular file")
          .doesNotContain("not readable");
    }
  }

  @Test
  void aLinkWithinTheSourcesDirectoryIsRecordedAsTheFileItPointsTo() throws Exception {
    Path real = Files.createDirectories(dir.resolve("files"));
    Files.writeString(real.resolve("app.db"), "");
    Files.createSymbolicLink(dir.resolve("current.db"), Path.of("files/app.db"));
    MigrationPlan plan =
        valid("migration: m\nsources: [{name: a, kind: sqlite, path: current.db}]");
    assertThat(plan.sources().get(0).path())
        .isEqualTo(real.resolve("app.db").toRealPath().toString());
  }

  @Test
  void objectRulesAreForSqliteSourcesOnly() {
    List<PlanError> errors =
        errorsOf(
            """
            migration: m
            sources:
              - name: letta
                kind: postgres
                url: 'postgresql://h/letta'
                objects: {view happy: SELECT 1}
            """);
    assertThat(errors)
        .extracting(PlanError::field, PlanError::message)
        .containsExactly(
            tuple(
                "sources[0].objects",
                "only sqlite sources take object rules; a postgres source's views, functions and"
                    + " triggers are made from its own definitions"));
  }
}
