package io.tributary.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.cast.CastPlanner;
import io.tributary.common.cast.PlanTypeParser;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.ColumnProfile;
import io.tributary.common.catalog.ForeignKey;
import io.tributary.common.catalog.InvalidPolicy;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.plan.ColumnRule;
import io.tributary.common.plan.KeyRule;
import io.tributary.common.plan.PlanError;
import io.tributary.common.plan.TableRule;
import io.tributary.common.sql.TableDdlBuilder;
import io.tributary.common.value.Uuid5;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CastPlannerTest {
  private static final TableDef AGENTS =
      table(
          "agents",
          new ColumnDef("id", "TEXT", "id", TargetType.TEXT, 1, false),
          new ColumnDef("capabilities", "TEXT", "capabilities", TargetType.TEXT, 0, true),
          new ColumnDef("created_at", "TEXT", "created_at", TargetType.TEXT, 0, true),
          new ColumnDef("heartbeat_at", "INTEGER", "heartbeat_at", TargetType.BIGINT, 0, true),
          new ColumnDef("embedding", "BLOB", "embedding", TargetType.BYTEA, 0, true),
          new ColumnDef("photo", "BLOB", "photo", TargetType.BYTEA, 0, true));
  private static final TableDef TASKS =
      table(
          "tasks",
          new ColumnDef("id", "TEXT", "id", TargetType.TEXT, 1, false),
          new ColumnDef("status", "TEXT", "status", TargetType.TEXT, 0, true),
          new ColumnDef("assigned_agent_id", "TEXT", "assigned_agent_id", TargetType.TEXT, 0, true),
          new ColumnDef("reviewer", "TEXT", "reviewer", TargetType.TEXT, 0, true));

  private static TableDef table(String name, ColumnDef... columns) {
    return new TableDef("ap", "main", name, "agent_platform", name, "t." + name, List.of(columns));
  }

  private static ColumnProfile text(long n, long uuids, long json, long iso) {
    return new ColumnProfile(n, n, 0, 0, uuids, json, iso, 0, 0, 0, 0, 0);
  }

  private static final Map<String, Map<String, ColumnProfile>> PROFILES =
      Map.of(
          "agents",
          Map.of(
              "id",
              text(10, 0, 0, 0),
              "capabilities",
              text(10, 0, 10, 0),
              "created_at",
              text(10, 0, 0, 10),
              "heartbeat_at",
              new ColumnProfile(10, 0, 10, 0, 0, 0, 0, 0, 0, 0, 1_700_000_000L, 1_800_000_000L),
              "embedding",
              new ColumnProfile(10, 0, 0, 10, 0, 0, 0, 0, 1536, 1536, 0, 0),
              "photo",
              new ColumnProfile(10, 0, 0, 10, 0, 0, 0, 0, 64, 64, 0, 0)),
          "tasks",
          Map.of("status", text(10, 0, 0, 0), "reviewer", text(10, 10, 0, 0)));

  @Test
  @DisplayName(
      "Automatic rules: JSON text to jsonb, ISO text and epoch integers to timestamptz, vectors")
  void automaticRules() {
    CastPlanner.Result result =
        CastPlanner.plan(
            "m", "ap", "sources[0]", List.of(AGENTS, TASKS), Map.of(), PROFILES, Map.of());
    assertThat(result.errors()).isEmpty();
    TableDef agents = result.tables().get(0);
    assertThat(agents.column("id").targetType()).isEqualTo(TargetType.TEXT);
    assertThat(agents.column("capabilities").targetType()).isEqualTo(TargetType.JSONB);
    assertThat(agents.column("created_at").targetType()).isEqualTo(TargetType.TIMESTAMPTZ);
    assertThat(agents.column("heartbeat_at").targetType()).isEqualTo(TargetType.TIMESTAMPTZ);
    assertThat(agents.column("embedding").targetSql()).isEqualTo("vector(384)");
    assertThat(agents.column("photo").targetType()).isEqualTo(TargetType.BYTEA);
    assertThat(result.tables().get(1).column("reviewer").targetType()).isEqualTo(TargetType.UUID);
    assertThat(result.notes())
        .anySatisfy(n -> assertThat(n).contains("agents.photo").contains("vector(16)"));
  }

  @Test
  @DisplayName(
      "uuid5 keys: the key and every column referencing it (declared or by the plan) remap alike")
  void uuid5KeysAndReferences() {
    Map<String, TableRule> rules =
        Map.of(
            "agents",
            new TableRule(new KeyRule("id", KeyRule.UUID5), Map.of(), List.of()),
            "tasks",
            new TableRule(
                null,
                Map.of(
                    "status", new ColumnRule(null, "varchar(50)", "null", null, "'pending'"),
                    "reviewer", new ColumnRule("reviewer_id", null, null, "agents.id", null),
                    "priority", new ColumnRule(null, "varchar(20)", null, null, "'medium'")),
                List.of("status IN ('pending', 'done')")));
    CastPlanner.Result result =
        CastPlanner.plan(
            "m",
            "ap",
            "sources[0]",
            List.of(AGENTS, TASKS),
            rules,
            PROFILES,
            Map.of(
                "tasks",
                List.of(
                    new ForeignKey("assigned_agent_id", "agents", "id"),
                    // a reference to another column than the remapped key keeps its values
                    new ForeignKey("status", "agents", "capabilities"))));
    assertThat(result.errors()).isEmpty();
    var namespace = Uuid5.tableNamespace("m", "ap", "agents");
    TableDef agents = result.tables().get(0);
    TableDef tasks = result.tables().get(1);
    assertThat(agents.column("id").targetType()).isEqualTo(TargetType.UUID);
    assertThat(agents.column("id").remap()).isEqualTo(namespace);
    assertThat(tasks.column("assigned_agent_id").remap()).isEqualTo(namespace);
    assertThat(tasks.column("assigned_agent_id").targetType()).isEqualTo(TargetType.UUID);
    assertThat(tasks.column("reviewer").remap()).isEqualTo(namespace);
    assertThat(tasks.column("reviewer").targetName()).isEqualTo("reviewer_id");
    assertThat(tasks.column("id").remap()).isNull();
    assertThat(tasks.column("status").remap()).isNull();
    assertThat(tasks.column("status").invalidPolicy()).isEqualTo(InvalidPolicy.NULL);
    assertThat(result.extras().get("tasks").foreignKeys())
        .extracting(fk -> fk.column() + "->" + fk.refTable() + "." + fk.refColumn())
        .containsExactly(
            "status->agents.capabilities",
            "assigned_agent_id->agents.id",
            "reviewer_id->agents.id");

    String ddl = TableDdlBuilder.createTable(tasks, result.extras().get("tasks"));
    assertThat(ddl)
        .contains("\"status\" character varying(50) DEFAULT 'pending'")
        .contains("\"reviewer_id\" uuid")
        .contains("\"priority\" character varying(20) DEFAULT 'medium'")
        .contains("CONSTRAINT \"tasks_check_1\" CHECK (status IN ('pending', 'done'))");
  }

  @Test
  @DisplayName("Rules that cannot apply are refused, each naming its plan field")
  void badRules() {
    Map<String, TableRule> rules =
        Map.of(
            "agnets",
            new TableRule(null, Map.of(), List.of()),
            "agents",
            new TableRule(
                new KeyRule("name", KeyRule.UUID5),
                Map.of(
                    "capabilities", new ColumnRule(null, "jsonbb", null, null, null),
                    "ghost", new ColumnRule(null, null, null, null, null),
                    "", new ColumnRule(null, "varchar(100)", null, null, null)),
                List.of()),
            "tasks",
            new TableRule(
                null,
                Map.of(
                    "id", new ColumnRule(null, null, "null", null, null),
                    "reviewer", new ColumnRule(null, null, null, "people.id", null)),
                List.of()));
    List<PlanError> errors =
        CastPlanner.plan("m", "ap", "sources[0]", List.of(AGENTS, TASKS), rules, PROFILES, Map.of())
            .errors();
    assertThat(errors)
        .extracting(PlanError::field)
        .containsExactlyInAnyOrder(
            "sources[0].tables.agnets",
            "sources[0].tables.agents.key.column",
            "sources[0].tables.agents.columns.capabilities.type",
            "sources[0].tables.agents.columns.ghost",
            "sources[0].tables.agents.columns.",
            "sources[0].tables.tasks.columns.id.invalid",
            "sources[0].tables.tasks.columns.reviewer.references");
    assertThat(errors)
        .filteredOn(e -> e.field().endsWith("ghost"))
        .first()
        .extracting(PlanError::message)
        .asString()
        .contains("give its type");
  }

  @Test
  @DisplayName("Plan types are read into their canonical spelling")
  void planTypes() {
    assertThat(PlanTypeParser.parse("VARCHAR(255)").sql()).isEqualTo("character varying(255)");
    assertThat(PlanTypeParser.parse("timestamptz").type()).isEqualTo(TargetType.TIMESTAMPTZ);
    assertThat(PlanTypeParser.parse("numeric(10, 2)").sql()).isEqualTo("numeric(10,2)");
    assertThat(PlanTypeParser.parse("vector(384)").sql()).isEqualTo("vector(384)");
    assertThat(PlanTypeParser.parse("text[]").elementType()).isEqualTo(TargetType.TEXT);
    assertThat(PlanTypeParser.parse("text[]").type()).isEqualTo(TargetType.ARRAY);
    assertThat(PlanTypeParser.parse("vector(16000)").sql()).isEqualTo("vector(16000)");
    for (String bad :
        List.of(
            "vector",
            "jsonb(3)",
            "money",
            "numeric(1,2,3)",
            "vector(16001)",
            "halfvec(0)",
            "numeric(5,6)",
            "varchar(99999999999)",
            "timestamptz(7)")) {
      Assertions.assertThatThrownBy(() -> PlanTypeParser.parse(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(bad);
    }
  }

  @Test
  @DisplayName(
      "A constant-length BLOB longer than pgvector's 16000 dimensions stays bytea, with a note")
  void noVectorBeyondPgvector() {
    TableDef chunks =
        table(
            "embeddings_vector_chunks00",
            new ColumnDef("rowid", "INTEGER", "rowid", TargetType.BIGINT, 1, false),
            new ColumnDef("vectors", "BLOB", "vectors", TargetType.BYTEA, 0, true));
    CastPlanner.Result result =
        CastPlanner.plan(
            "m",
            "ap",
            "sources[0]",
            List.of(chunks),
            Map.of(),
            Map.of(
                "embeddings_vector_chunks00",
                Map.of(
                    "vectors", new ColumnProfile(2, 0, 0, 2, 0, 0, 0, 0, 786_432, 786_432, 0, 0))),
            Map.of());
    assertThat(result.errors()).isEmpty();
    assertThat(result.tables().get(0).column("vectors").targetSql()).isEqualTo("bytea");
    assertThat(result.notes())
        .anySatisfy(n -> assertThat(n).contains("vectors").contains("16000").contains("bytea"));
  }
}
