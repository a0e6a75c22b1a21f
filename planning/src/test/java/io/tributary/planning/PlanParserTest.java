package io.tributary.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.tributary.common.plan.MigrationPlan;
import io.tributary.common.plan.PlanError;
import io.tributary.common.plan.SourceKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PlanParserTest {
  private final PlanParser parser = new PlanParser(Map.of("DB_PASS", "s3cret")::get);

  private List<String> fieldsOf(String yaml) {
    try {
      parser.parse(yaml);
      throw new AssertionError("expected a PlanException");
    } catch (PlanException e) {
      return e.errors().stream().map(PlanError::field).toList();
    }
  }

  @Test
  @DisplayName("A plan with a sqlite source parses into its fields")
  void parsesSqlitePlan() {
    MigrationPlan plan =
        parser.parse(
            """
            migration: ai-pa
            target:
              url: postgresql://postgres:${DB_PASS}@localhost:5433/unified
            sources:
              - name: agent-platform
                kind: sqlite
                path: data/agents.db
                schema: agent_platform
            """);
    assertThat(plan.migration()).isEqualTo("ai-pa");
    assertThat(plan.targetUrl()).isEqualTo("postgresql://postgres:s3cret@localhost:5433/unified");
    assertThat(plan.sources()).hasSize(1);
    assertThat(plan.sources().get(0).kind()).isEqualTo(SourceKind.SQLITE);
    assertThat(plan.sources().get(0).path()).isEqualTo("data/agents.db");
    assertThat(plan.sources().get(0).schema()).isEqualTo("agent_platform");
  }

  @Test
  @DisplayName(
      "A NUL character anywhere in the plan is refused naming where (found by PlanCorpusIT)")
  void refusesNulCharacters() {
    assertThat(
            fieldsOf(
                "{\"migration\":\"m1\",\"sources\":[{\"name\":\"s\",\"kind\":\"sqlite\","
                    + "\"path\":\"/x\\u0000.db\",\"tables\":{\"a\\u0000b\":{}}}]}"))
        .containsExactlyInAnyOrder("sources[0].path", "sources[0].tables.a\\u0000b");
  }

  @Test
  @DisplayName(
      "A source without a usable name, named by a cutover action, is a 400 naming both (found by"
          + " PlanCorpusIT: it was a NullPointerException)")
  void sourceWithoutNameInCutoverAction() {
    assertThat(
            fieldsOf(
                """
                migration: m1
                sources:
                  - { name: [x], kind: sqlite, path: /x.db }
                  - { name: b, kind: sqlite, path: /y.db }
                cutover:
                  actions:
                    - env-file: { path: target/x.env, source: a }
                """))
        .containsExactlyInAnyOrder("sources[0].name", "cutover.actions[0].env-file.source");
  }

  @Test
  @DisplayName("JSON is accepted as well as YAML")
  void parsesJson() {
    MigrationPlan plan =
        parser.parse(
            "{\"migration\":\"m1\",\"sources\":[{\"name\":\"s\",\"kind\":\"sqlite\",\"path\":\"/x.db\"}]}");
    assertThat(plan.sources().get(0).name()).isEqualTo("s");
  }

  @Test
  @DisplayName("Every bad field is reported at once, each by its path")
  void reportsEveryBadField() {
    List<String> fields =
        fieldsOf(
            """
            migration: Bad Name
            colour: blue
            sources:
              - name: ok
                kind: oracle
                pth: x.db
              - kind: sqlite
                tables:
                  t:
                    key: { strategy: random }
                    columns:
                      c: { invalid: drop, typo: 1 }
            """);
    assertThat(fields)
        .containsExactlyInAnyOrder(
            "migration",
            "colour",
            "sources[0].kind",
            "sources[0].pth",
            "sources[1].name",
            "sources[1].tables.t.key.strategy",
            "sources[1].tables.t.columns.c.invalid",
            "sources[1].tables.t.columns.c.typo");
  }

  @Test
  @DisplayName("Missing sources, an empty plan and broken YAML name what is wrong")
  void structuralErrors() {
    assertThat(fieldsOf("migration: m")).containsExactly("sources");
    assertThat(fieldsOf("")).containsExactly("plan");
    assertThat(fieldsOf("migration: [unclosed")).containsExactly("plan");
    assertThat(fieldsOf("- a list")).containsExactly("plan");
  }

  @Test
  @DisplayName("A placeholder without a value in the environment is an error naming it")
  void unresolvedPlaceholder() {
    assertThatThrownBy(
            () ->
                parser.parse(
                    "migration: m\nsources: [{name: s, kind: postgres, url: 'postgresql://u:${NOPE}@h/d'}]"))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("sources[0].url")
        .hasMessageContaining("${NOPE}");
  }

  @Test
  @DisplayName(
      "A placeholder may not read the orchestrator's own settings, and an error quotes the"
          + " placeholder, never the value it resolved to")
  void placeholdersKeepTheEnvironmentToThemselves() {
    PlanParser secretive =
        new PlanParser(
            Map.of("QUARKUS_DATASOURCE_PASSWORD", "control-db-pw", "APP_NAME", "Hunter2 Secret")
                ::get);
    assertThatThrownBy(
            () ->
                secretive.parse(
                    "migration: m\nsources: [{name: s, kind: postgres,"
                        + " url: 'postgresql://u:${QUARKUS_DATASOURCE_PASSWORD}@h/d'}]"))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining(
            "sources[0].url: placeholder ${QUARKUS_DATASOURCE_PASSWORD} names a variable plans"
                + " may not read")
        .hasMessageNotContaining("control-db-pw");
    assertThatThrownBy(
            () -> secretive.parse("migration: m\nsources: [{name: '${APP_NAME}', kind: sqlite}]"))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("'${APP_NAME}' is not a valid name")
        .hasMessageNotContaining("Hunter2");
  }

  @Test
  @DisplayName("A postgres source parses with url, schemas and exclude, in plan order")
  void parsesPostgresPlan() {
    MigrationPlan plan =
        parser.parse(
            """
            migration: ai-pa
            sources:
              - name: letta
                kind: postgres
                url: postgresql://letta:${DB_PASS}@localhost:15432/letta
                schemas: { public: letta_agents, audit: letta_audit }
                exclude: [ public.audit_log, audit.Big.Table ]
            """);
    var source = plan.sources().get(0);
    assertThat(source.kind()).isEqualTo(SourceKind.POSTGRES);
    assertThat(source.url()).isEqualTo("postgresql://letta:s3cret@localhost:15432/letta");
    assertThat(source.schemas())
        .containsExactly(Map.entry("public", "letta_agents"), Map.entry("audit", "letta_audit"));
    assertThat(source.exclude()).containsExactly("public.audit_log", "audit.Big.Table");
    assertThat(source.excludedTables())
        .extracting(Object::toString)
        .containsExactly("public.audit_log", "audit.Big.Table");
    assertThat(source.excludedTables().get(1).table()).isEqualTo("Big.Table");
  }

  @Test
  @DisplayName("exclude must be a list of strings, schemas a non-empty mapping")
  void badExcludeAndSchemas() {
    assertThat(
            fieldsOf(
                "migration: m\nsources: [{name: s, kind: postgres, url: 'postgresql://h/d',"
                    + " exclude: public.t}]"))
        .containsExactly("sources[0].exclude");
    assertThat(
            fieldsOf(
                "migration: m\nsources: [{name: s, kind: postgres, url: 'postgresql://h/d',"
                    + " exclude: [ok.t, {a: b}, '']}]"))
        .containsExactly("sources[0].exclude[1]", "sources[0].exclude[2]");
    assertThat(
            fieldsOf(
                "migration: m\nsources: [{name: s, kind: postgres, url: 'postgresql://h/d',"
                    + " schemas: {}}]"))
        .containsExactly("sources[0].schemas");
    assertThat(
            fieldsOf(
                "migration: m\nsources: [{name: s, kind: postgres, url: 'postgresql://h/d',"
                    + " schemas: [public]}]"))
        .containsExactly("sources[0].schemas");
    assertThat(
            fieldsOf(
                "migration: m\nsources: [{name: s, kind: postgres, url: 'postgresql://h/d',"
                    + " excludes: [public.t]}]"))
        .as("unknown fields stay refused")
        .containsExactly("sources[0].excludes");
  }

  @Test
  @DisplayName(
      "A sqlite source's objects: a view's query, a trigger's statements or skip; each bad entry"
          + " is an error at its own field")
  void parsesObjectRules() {
    MigrationPlan plan =
        parser.parse(
            withObjects(
                """
                    view active: SELECT id FROM notes WHERE NOT archived
                    "trigger touch": >-
                      CREATE FUNCTION touch_fn() RETURNS trigger LANGUAGE plpgsql AS
                      $$ BEGIN NEW.at := now(); RETURN NEW; END $$;
                      CREATE TRIGGER touch BEFORE UPDATE ON notes FOR EACH ROW
                      EXECUTE FUNCTION touch_fn()
                    view legacy: skip
              """));
    var objects = plan.sources().get(0).objects();
    assertThat(objects.get("view active").replacement())
        .isEqualTo("SELECT id FROM notes WHERE NOT archived");
    assertThat(objects.get("trigger touch").replacement())
        .startsWith("CREATE FUNCTION touch_fn()")
        .contains("END $$;\nCREATE TRIGGER touch");
    assertThat(objects.get("view legacy").skip()).isTrue();

    try {
      parser.parse(
          withObjects(
              """
                table notes: SELECT 1
                view a: DELETE FROM notes
                view b: SELECT 1; RESET ROLE
                trigger t: "CREATE TRIGGER t BEFORE UPDATE ON n FOR EACH ROW EXECUTE FUNCTION f(); RESET ROLE"
                trigger u: "CREATE FUNCTION f() AS $$ unclosed"
                view c: [1]
          """));
      throw new AssertionError("expected a PlanException");
    } catch (PlanException e) {
      String queryOnly =
          "a view's replacement is its query, one SELECT (or WITH, VALUES) statement; Tributary"
              + " makes the view of it";
      assertThat(e.errors())
          .extracting(PlanError::field, PlanError::message)
          .containsExactly(
              tuple(
                  "sources[0].objects.table notes",
                  "'table notes' names no object: write 'view <name>' or 'trigger <name>'"),
              tuple("sources[0].objects.view a", queryOnly),
              tuple("sources[0].objects.view b", queryOnly),
              tuple(
                  "sources[0].objects.trigger t",
                  "a trigger's replacement is made of CREATE FUNCTION, CREATE PROCEDURE and"
                      + " CREATE TRIGGER statements; this one is not: RESET ROLE"),
              tuple("sources[0].objects.trigger u", "a dollar-quoted body $$ is not closed"),
              tuple("sources[0].objects.view c", "expected a string"));
    }
  }

  /** A plan of one sqlite source with {@code entries} (indented by four) as its objects. */
  private static String withObjects(String entries) {
    return """
        migration: m
        sources:
          - name: app
            kind: sqlite
            path: app.db
            objects:
        """
        + entries;
  }
}
