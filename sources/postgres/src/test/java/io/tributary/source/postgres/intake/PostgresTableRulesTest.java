package io.tributary.source.postgres.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.EnumDef;
import io.tributary.common.catalog.IndexDef;
import io.tributary.common.catalog.RowIdentity;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.plan.PlanError;
import io.tributary.common.plan.SourceKind;
import io.tributary.common.plan.SourceSpec;
import io.tributary.common.plan.TableRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A PostgreSQL source's per-table rules ({@link PostgresTableRules}), shaped from Letta's. */
class PostgresTableRulesTest {
  private static final String PATH = "sources[0]";

  private static SourceSpec source(Map<String, String> schemas, Map<String, TableRule> tables) {
    return new SourceSpec(
        "letta",
        SourceKind.POSTGRES,
        null,
        "postgresql://h/d",
        schemas.values().iterator().next(),
        schemas,
        tables,
        List.of(),
        null);
  }

  private static TableRule toSchema(String schema) {
    return new TableRule(null, Map.of(), List.of(), schema);
  }

  private static ColumnDef id() {
    return new ColumnDef("id", "varchar", "id", TargetType.TEXT, 1, false);
  }

  private static ColumnDef enumColumn(String name, String targetSql) {
    return new ColumnDef(
        name, "vectordbprovider", name, TargetType.ENUM, 0, false, targetSql, null, null);
  }

  private static TableDef table(String schema, String target, String name, ColumnDef... columns) {
    return new TableDef(
        "letta",
        schema,
        name,
        target,
        name,
        "tributary.m.letta." + schema + "." + name,
        List.of(columns));
  }

  private static Map<String, TableDef> byName(PostgresTableRules.Shaped shaped) {
    return shaped.tables().stream()
        .collect(
            Collectors.toMap(
                t -> t.sourceSchema() + "." + t.sourceTable(),
                Function.identity(),
                (a, b) -> a,
                LinkedHashMap::new));
  }

  @Test
  @DisplayName(
      "Letta's plan: archival_passages and source_passages go to letta_embeddings, the rest stay"
          + " in letta_agents; the keyless tools_agents is keyed by its unique index; catalog order"
          + " is kept")
  void perTableSchemas() {
    ColumnDef agentId = new ColumnDef("agent_id", "varchar", "agent_id", TargetType.TEXT, 0, false);
    ColumnDef toolId = new ColumnDef("tool_id", "varchar", "tool_id", TargetType.TEXT, 0, false);
    List<TableDef> tables =
        List.of(
            table("public", "letta_agents", "agents", id()),
            table("public", "letta_agents", "archival_passages", id()),
            table("public", "letta_agents", "source_passages", id()),
            table("public", "letta_agents", "tools_agents", agentId, toolId));
    List<PlanError> errors = new ArrayList<>();

    PostgresTableRules.Shaped shaped =
        PostgresTableRules.apply(
            "m",
            source(
                Map.of("public", "letta_agents"),
                Map.of(
                    "archival_passages", toSchema("letta_embeddings"),
                    "public.source_passages", toSchema("letta_embeddings"))),
            PATH,
            tables,
            List.of(),
            Map.of(
                "tools_agents",
                List.of(
                    new IndexDef(
                        "tools_agents",
                        "unique_agent_tool",
                        true,
                        List.of("agent_id", "tool_id")))),
            errors);

    assertThat(errors).isEmpty();
    assertThat(shaped.tables())
        .extracting(t -> t.sourceTable() + " -> " + t.targetSchema() + "." + t.targetTable())
        .containsExactly(
            "agents -> letta_agents.agents",
            "archival_passages -> letta_embeddings.archival_passages",
            "source_passages -> letta_embeddings.source_passages",
            "tools_agents -> letta_agents.tools_agents");
    TableDef toolsAgents = byName(shaped).get("public.tools_agents");
    assertThat(toolsAgents.rowIdentity()).isEqualTo(RowIdentity.UNIQUE);
    assertThat(toolsAgents.identityIndex()).isEqualTo("unique_agent_tool");
    assertThat(toolsAgents.keyColumns())
        .extracting(ColumnDef::name)
        .containsExactly("agent_id", "tool_id");
    assertThat(byName(shaped).get("public.agents").rowIdentity())
        .isEqualTo(RowIdentity.PRIMARY_KEY);
  }

  @Test
  @DisplayName(
      "A rule names its table as t when one migrated schema holds it, as schema.t when several"
          + " do; t alone is then refused as ambiguous, an unknown name is refused, and t and"
          + " schema.t for one table are refused as given twice")
  void ruleNames() {
    List<TableDef> tables =
        List.of(
            table("public", "app", "notes", id()),
            table("archive", "app_archive", "notes", id()),
            table("public", "app", "agents", id()));
    Map<String, String> schemas = new LinkedHashMap<>();
    schemas.put("public", "app");
    schemas.put("archive", "app_archive");

    List<PlanError> fine = new ArrayList<>();
    PostgresTableRules.Shaped shaped =
        PostgresTableRules.apply(
            "m",
            source(schemas, Map.of("archive.notes", toSchema("cold"), "agents", toSchema("hot"))),
            PATH,
            tables,
            List.of(),
            Map.of(),
            fine);
    assertThat(fine).isEmpty();
    assertThat(shaped.tables())
        .extracting(t -> t.sourceSchema() + "." + t.sourceTable() + " -> " + t.targetSchema())
        .containsExactly("public.notes -> app", "archive.notes -> cold", "public.agents -> hot");

    List<PlanError> errors = new ArrayList<>();
    PostgresTableRules.apply(
        "m",
        source(
            schemas,
            Map.of(
                "notes", toSchema("x"),
                "Agents", toSchema("x"),
                "agents", toSchema("x"),
                "public.agents", toSchema("y"))),
        PATH,
        tables,
        List.of(),
        Map.of(),
        errors);
    assertThat(errors)
        .extracting(e -> e.field() + ": " + e.message())
        .contains(
            "sources[0].tables.notes: 'notes' names tables of several schemas (public.notes,"
                + " archive.notes): write schema.table",
            "sources[0].tables.Agents: no migrated table 'Agents' in source schemas [public,"
                + " archive] (names are case-sensitive; an excluded table takes no rules)")
        .anySatisfy(
            e ->
                assertThat(e)
                    .endsWith(
                        "rules for public.agents are given twice (as table and schema.table)"))
        .hasSize(3);
  }

  @Test
  @DisplayName(
      "Enum types follow their tables: a type only tables of another target schema use is created"
          + " there and their columns respelled; a type used from two target schemas stays")
  void enumsFollowTheirTables() {
    EnumDef provider =
        new EnumDef(
            "public",
            "vectordbprovider",
            "letta_agents",
            "vectordbprovider",
            List.of("NATIVE", "TPUF"));
    EnumDef status =
        new EnumDef(
            "public", "stepstatus", "letta_agents", "stepstatus", List.of("PENDING", "SUCCESS"));
    List<TableDef> tables =
        List.of(
            table(
                "public",
                "letta_agents",
                "archival_passages",
                id(),
                enumColumn("provider", provider.targetSql())),
            table(
                "public", "letta_agents", "steps", id(), enumColumn("status", status.targetSql())),
            table(
                "public",
                "letta_agents",
                "source_passages",
                id(),
                enumColumn("status", status.targetSql())));
    List<PlanError> errors = new ArrayList<>();

    PostgresTableRules.Shaped shaped =
        PostgresTableRules.apply(
            "m",
            source(
                Map.of("public", "letta_agents"),
                Map.of(
                    "archival_passages", toSchema("letta_embeddings"),
                    "source_passages", toSchema("letta_embeddings"))),
            PATH,
            tables,
            List.of(provider, status),
            Map.of(),
            errors);

    assertThat(errors).isEmpty();
    assertThat(shaped.enums())
        .extracting(e -> e.sourceName() + " in " + e.targetSchema())
        .containsExactly("vectordbprovider in letta_embeddings", "stepstatus in letta_agents");
    assertThat(byName(shaped).get("public.archival_passages").column("provider").targetSql())
        .isEqualTo("\"letta_embeddings\".\"vectordbprovider\"");
    assertThat(byName(shaped).get("public.source_passages").column("status").targetSql())
        .isEqualTo("\"letta_agents\".\"stepstatus\"");
    assertThat(shaped.notes())
        .contains(
            "enum type public.vectordbprovider is created in letta_embeddings, with the tables that"
                + " use it");
  }
}
