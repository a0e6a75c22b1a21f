package io.tributary.cdc;

import static io.tributary.testing.AgentPlatformSample.AGENTS;
import static io.tributary.testing.AgentPlatformSample.BASE;
import static io.tributary.testing.AgentPlatformSample.PLAN;
import static io.tributary.testing.AgentPlatformSample.TASKS;
import static io.tributary.testing.AgentPlatformSample.agentOf;
import static io.tributary.testing.AgentPlatformSample.taskId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.plan.MigrationPlan;
import io.tributary.common.sql.SchemaRoleDdlBuilder;
import io.tributary.common.value.Uuid5;
import io.tributary.planning.PlanParser;
import io.tributary.testing.AgentPlatformSample;
import io.tributary.testing.TributaryTestResource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.Assertions;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Seed 002's agent platform: the Phase 1 SQLite schema ({@code agents}, {@code tasks}, text ids,
 * JSON and timestamps as text) with dirty rows, migrated into its enhanced PostgreSQL schema by a
 * plan (uuid5 keys, jsonb, timestamptz, CHECK constraints on status and priority). Every source row
 * ends either in the target with the right values or in {@code tributary.rejects} with its reason,
 * and foreign keys are remapped to the agents' new UUIDs.
 */
@QuarkusTest
@QuarkusTestResource(TributaryTestResource.class)
class AgentPlatformIT {
  @ConfigProperty(name = "tributary.test.jdbc-url")
  String jdbcUrl;

  @Test
  @DisplayName(
      "Seed 002: every dirty row is either migrated with the right values or rejected with its reason")
  void agentPlatformMigratesIntoTheEnhancedSchema() throws Exception {
    Path file = Files.createTempDirectory("tributary-it").resolve("agents.db");
    Map<String, String> expectedRejects = AgentPlatformSample.create(file);
    MigrationPlan plan = PlanParser.withSystemEnvironment().parse(PLAN);
    List<TableDef> tables =
        ControlFixtures.recordSqliteMigration(
            jdbcUrl,
            "ai-pa",
            "agent-platform",
            "agent_platform",
            file,
            plan.sources().get(0).tables());
    TableDef agents =
        tables.stream().filter(t -> t.sourceTable().equals("agents")).findFirst().orElseThrow();
    assertThat(agents.column("id").targetType()).isEqualTo(TargetType.UUID);

    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                count("SELECT count(*) FROM agent_platform.agents")
                            + count(
                                "SELECT count(*) FROM tributary.rejects WHERE migration_id = 'ai-pa' AND source_table = 'agents'")
                        == AGENTS
                    && count("SELECT count(*) FROM agent_platform.tasks")
                            + count(
                                "SELECT count(*) FROM tributary.rejects WHERE migration_id = 'ai-pa' AND source_table = 'tasks'")
                        == TASKS);

    // each rejected row is the one planted, with its reason
    Map<String, String> rejected = new HashMap<>();
    try (Connection c = target();
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT source_table, row_key, reason, row_data FROM tributary.rejects"
                        + " WHERE migration_id = 'ai-pa'")) {
      while (rs.next()) {
        String id = ChangeEventCodec.MAPPER.readTree(rs.getString(2)).get("id").asText();
        rejected.put(rs.getString(1) + "/" + id, rs.getString(3));
        assertThat(rs.getString(4)).as("the original row is kept").contains(id);
      }
    }
    assertThat(rejected.keySet()).containsExactlyInAnyOrderElementsOf(expectedRejects.keySet());
    expectedRejects.forEach(
        (row, reason) -> assertThat(rejected.get(row)).as("reason for %s", row).contains(reason));

    // migrated rows carry the right values: uuid5 ids, parsed JSON, UTC instants
    UUID namespace = Uuid5.tableNamespace("ai-pa", "agent-platform", "agents");
    try (Connection c = target()) {
      try (ResultSet rs =
          c.createStatement()
              .executeQuery(
                  "SELECT id, capabilities::text, created_at, updated_at, status"
                      + " FROM agent_platform.agents ORDER BY created_at")) {
        int seen = 0;
        while (rs.next()) {
          seen++;
          UUID id = (UUID) rs.getObject(1);
          assertThat(id.version()).isEqualTo(5);
          assertThat(rs.getString(2)).startsWith("[\"");
          assertThat(rs.getObject(3, OffsetDateTime.class)).isAfterOrEqualTo(BASE);
        }
        assertThat(seen)
            .isEqualTo(
                AGENTS
                    - expectedRejects.keySet().stream()
                        .filter(k -> k.startsWith("agents/"))
                        .count());
      }
      assertThat(
              scalar(
                  c,
                  "SELECT extract(epoch FROM created_at)::bigint FROM agent_platform.agents WHERE id = '"
                      + Uuid5.of(namespace, "agent-0003")
                      + "'"))
          .as("an epoch-seconds created_at")
          .isEqualTo(BASE.plusMinutes(3).toInstant().getEpochSecond());
      assertThat(scalar(c, "SELECT count(*) FROM agent_platform.agents WHERE updated_at IS NULL"))
          .as("an unparseable updated_at became NULL (invalid: null)")
          .isEqualTo(1);
      // every task's agent is the remapped agent id; a reference in the wrong case points at no
      // agent (SQLite compares text keys exactly) and is kept as the uuid5 of what was written
      assertThat(
              scalar(
                  c,
                  "SELECT count(*) FROM agent_platform.tasks t JOIN agent_platform.agents a"
                      + " ON a.id = t.assigned_agent_id"))
          .isEqualTo(
              count("SELECT count(*) FROM agent_platform.tasks")
                  - 1
                  - tasksOfRejectedAgents(expectedRejects));
      assertThat(
              scalar(
                  c,
                  "SELECT count(*) FROM agent_platform.tasks WHERE assigned_agent_id = '"
                      + Uuid5.of(namespace, "AGENT-0010")
                      + "'"))
          .isEqualTo(1);
    }
    assertIsolatedByRoles();
    replayAfterTheCauseIsFixed(expectedRejects, namespace);
  }

  /**
   * The CHECK that refused agent-0007 ('intern') is dropped and the rejects are replayed: that row
   * arrives, the others are rejected again with the same reasons.
   */
  private void replayAfterTheCauseIsFixed(Map<String, String> expectedRejects, UUID namespace)
      throws Exception {
    try (Connection c = target();
        Statement st = c.createStatement()) {
      st.execute("ALTER TABLE agent_platform.agents DROP CONSTRAINT agents_check_1");
      // what POST /migrations/ai-pa/rejects/replay records
      st.execute(
          "INSERT INTO tributary.replays (migration_id, source_name) VALUES ('ai-pa', 'agent-platform')");
    }
    String agent7 = Uuid5.of(namespace, "agent-0007").toString();
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                count("SELECT count(*) FROM agent_platform.agents WHERE id = '" + agent7 + "'")
                    == 1);
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                count(
                        "SELECT count(*) FROM tributary.rejects WHERE migration_id = 'ai-pa' AND replayed_at IS NULL")
                    == expectedRejects.size() - 1);
    assertThat(count("SELECT replayed_rows FROM tributary.replays WHERE migration_id = 'ai-pa'"))
        .isEqualTo(expectedRejects.size());
    try (Connection c = target();
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT row_key, reason FROM tributary.rejects WHERE migration_id = 'ai-pa' AND replayed_at IS NULL")) {
      while (rs.next()) {
        String id = ChangeEventCodec.MAPPER.readTree(rs.getString(1)).get("id").asText();
        String key = (id.startsWith("agent") ? "agents/" : "tasks/") + id;
        assertThat(expectedRejects).containsKey(key);
        assertThat(rs.getString(2)).contains(expectedRejects.get(key));
      }
    }

    // a plan change (what PATCH .../columns/capabilities {"invalid": "null"} records), then a
    // second replay: the two agents with broken JSON arrive with NULL capabilities
    try (Connection c = target();
        Statement st = c.createStatement()) {
      st.execute(
          "UPDATE tributary.tables SET definition = jsonb_set(definition, ARRAY['columns',"
              + " (SELECT (i - 1)::text FROM jsonb_array_elements(definition->'columns')"
              + " WITH ORDINALITY e(col, i) WHERE col->>'name' = 'capabilities'), 'invalid'],"
              + " '\"NULL\"') WHERE migration_id = 'ai-pa' AND source_table = 'agents'");
      st.execute(
          "INSERT INTO tributary.replays (migration_id, source_name, source_table)"
              + " VALUES ('ai-pa', 'agent-platform', 'agents')");
    }
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                count(
                        "SELECT count(*) FROM agent_platform.agents WHERE capabilities IS NULL"
                            + " AND id IN ('"
                            + Uuid5.of(namespace, "agent-0005")
                            + "', '"
                            + Uuid5.of(namespace, "agent-0006")
                            + "')")
                    == 2);
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                count(
                        "SELECT count(*) FROM tributary.rejects"
                            + " WHERE migration_id = 'ai-pa' AND replayed_at IS NULL")
                    == expectedRejects.size() - 3);
  }

  /**
   * Each schema belongs to its own role, which reaches neither other schemas nor the control
   * schema.
   */
  private void assertIsolatedByRoles() throws Exception {
    try (Connection c = target();
        Statement st = c.createStatement()) {
      for (String s : SchemaRoleDdlBuilder.createSchema("other_app")) {
        st.execute(s);
      }
      st.execute("SET ROLE other_app");
      st.execute("CREATE TABLE IF NOT EXISTS other_app.notes (id bigint PRIMARY KEY)");
      st.execute("RESET ROLE");
      st.execute("SET ROLE agent_platform");
      assertThat(scalar(c, "SELECT count(*) FROM agent_platform.agents")).isPositive();
      for (String forbidden :
          List.of(
              "SELECT count(*) FROM other_app.notes",
              "SELECT count(*) FROM tributary.migrations")) {
        Assertions.assertThatThrownBy(() -> scalar(c, forbidden))
            .as(forbidden)
            .hasMessageContaining("permission denied");
      }
      st.execute("SET ROLE other_app");
      Assertions.assertThatThrownBy(() -> scalar(c, "SELECT count(*) FROM agent_platform.agents"))
          .hasMessageContaining("permission denied");
      st.execute("RESET ROLE");
    }
  }

  /** Tasks are assigned round-robin: those whose agent was rejected reference no target row. */
  private static long tasksOfRejectedAgents(Map<String, String> expectedRejects) {
    long n = 0;
    for (int i = 1; i <= TASKS; i++) {
      String agent = agentOf(i);
      if (expectedRejects.containsKey("agents/" + agent)
          && !expectedRejects.containsKey("tasks/" + taskId(i))
          && i != 17) {
        n++;
      }
    }
    return n;
  }

  private Connection target() throws Exception {
    return DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
  }

  private long count(String sql) throws Exception {
    try (Connection c = target()) {
      return scalar(c, sql);
    }
  }

  private static long scalar(Connection c, String sql) throws Exception {
    try (ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @SuppressWarnings("unused")
  private static JsonNode json(String text) throws Exception {
    return ChangeEventCodec.MAPPER.readTree(text);
  }
}
