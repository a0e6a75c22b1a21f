package io.tributary.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tributary.common.cast.Uuid5;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.plan.MigrationPlan;
import io.tributary.common.plan.PlanParser;
import io.tributary.common.sql.TargetType;
import io.tributary.testing.TributaryTestResource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
  private static final String PLAN =
      """
      migration: ai-pa
      sources:
        - name: agent-platform
          kind: sqlite
          path: agents.db
          schema: agent_platform
          tables:
            agents:
              key: { column: id, strategy: uuid5 }
              columns:
                name: { type: varchar(255) }
                agent_type: { type: varchar(50) }
                status: { type: varchar(50), default: "'idle'" }
                capabilities: { type: jsonb, default: "'[]'" }
                created_at: { type: timestamptz }
                updated_at: { type: timestamptz, invalid: "null" }
                performance_metrics: { type: jsonb, default: "'{}'" }
              checks:
                - "agent_type IN ('chief_of_staff', 'master_operator')"
                - "status IN ('idle', 'active', 'busy', 'error', 'offline')"
            tasks:
              columns:
                title: { type: varchar(500) }
                status: { type: varchar(50) }
                priority: { type: varchar(20) }
                assigned_agent_id: { type: uuid, references: agents.id }
                created_at: { type: timestamptz }
                updated_at: { type: timestamptz }
              checks:
                - "status IN ('pending', 'in_progress', 'completed', 'failed', 'cancelled')"
                - "priority IN ('low', 'medium', 'high', 'urgent')"
      """;

  private static final int AGENTS = 60;
  private static final int TASKS = 600;
  private static final OffsetDateTime BASE =
      OffsetDateTime.of(2025, 3, 1, 8, 0, 0, 0, ZoneOffset.UTC);

  private static final DateTimeFormatter ISO_Z =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'");
  private static final DateTimeFormatter SQLITE =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");
  private static final DateTimeFormatter OFFSET =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");
  private static final DateTimeFormatter RFC_1123 = DateTimeFormatter.RFC_1123_DATE_TIME;

  @ConfigProperty(name = "tributary.test.jdbc-url")
  String jdbcUrl;

  @Test
  @DisplayName(
      "Seed 002: every dirty row is either migrated with the right values or rejected with its reason")
  void agentPlatformMigratesIntoTheEnhancedSchema() throws Exception {
    Path file = Files.createTempDirectory("tributary-it").resolve("agents.db");
    Map<String, String> expectedRejects = createSource(file);
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
      st.execute("CREATE SCHEMA IF NOT EXISTS other_app");
      st.execute("CREATE TABLE IF NOT EXISTS other_app.notes (id bigint PRIMARY KEY)");
      for (String s :
          io.tributary.common.sql.SchemaRoleDdlBuilder.isolate("other_app", List.of(), List.of())) {
        st.execute(s);
      }
      st.execute("ALTER TABLE other_app.notes OWNER TO other_app");
      st.execute("SET ROLE agent_platform");
      assertThat(scalar(c, "SELECT count(*) FROM agent_platform.agents")).isPositive();
      for (String forbidden :
          List.of(
              "SELECT count(*) FROM other_app.notes",
              "SELECT count(*) FROM tributary.migrations")) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> scalar(c, forbidden))
            .as(forbidden)
            .hasMessageContaining("permission denied");
      }
      st.execute("SET ROLE other_app");
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> scalar(c, "SELECT count(*) FROM agent_platform.agents"))
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

  private static String agentOf(int task) {
    return String.format("agent-%04d", (task % AGENTS) + 1);
  }

  private static String taskId(int task) {
    return String.format("task-%05d", task);
  }

  /** Seed 002's Phase 1 schema with dirty rows; returns the rows that must be rejected. */
  private static Map<String, String> createSource(Path file) throws Exception {
    Map<String, String> rejects = new HashMap<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      st.execute(
          """
          CREATE TABLE agents (
              id TEXT PRIMARY KEY,
              name TEXT NOT NULL,
              agent_type TEXT NOT NULL,
              status TEXT DEFAULT 'idle',
              capabilities TEXT,
              system_prompt TEXT,
              model_provider TEXT DEFAULT 'openrouter',
              model_name TEXT DEFAULT 'auto',
              created_at TEXT,
              updated_at TEXT)""");
      st.execute(
          """
          CREATE TABLE tasks (
              id TEXT PRIMARY KEY,
              title TEXT NOT NULL,
              description TEXT,
              status TEXT DEFAULT 'pending',
              priority TEXT DEFAULT 'medium',
              assigned_agent_id TEXT,
              created_at TEXT,
              updated_at TEXT,
              FOREIGN KEY (assigned_agent_id) REFERENCES agents (id))""");
      c.setAutoCommit(false);
      try (PreparedStatement ins =
          c.prepareStatement("INSERT INTO agents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        for (int i = 1; i <= AGENTS; i++) {
          String id = String.format("agent-%04d", i);
          OffsetDateTime created = BASE.plusMinutes(i);
          ins.setString(1, id);
          ins.setString(2, "Agent " + i);
          ins.setString(3, i % 2 == 0 ? "chief_of_staff" : "master_operator");
          ins.setString(4, i % 3 == 0 ? "busy" : "idle");
          ins.setString(5, "[\"search\", \"code\", \"agent " + i + "\"]");
          ins.setString(6, "You are agent " + i + ".");
          ins.setString(7, "openrouter");
          ins.setString(8, "auto");
          // seven timestamp spellings real applications write
          switch (i % 7) {
            case 0 -> ins.setString(9, ISO_Z.format(created)); // 2025-03-01T08:07:00Z
            case 1 -> ins.setString(9, SQLITE.format(created)); // SQLite datetime(): UTC
            case 2 -> ins.setString(9, SQLITE.format(created) + ".123456");
            case 3 -> ins.setLong(9, created.toEpochSecond()); // epoch seconds
            case 4 -> ins.setLong(9, created.toInstant().toEpochMilli()); // epoch millis
            case 5 ->
                ins.setString(
                    9, OFFSET.format(created.withOffsetSameInstant(ZoneOffset.ofHours(2))));
            default -> ins.setString(9, RFC_1123.format(created)); // Sat, 1 Mar 2025 08:06:00 GMT
          }
          ins.setString(10, created.plusDays(1).toString());
          switch (i) {
            case 5 -> {
              ins.setString(5, "[\"search\", \"code\""); // truncated JSON
              rejects.put("agents/" + id, "capabilities");
            }
            case 6 -> {
              ins.setString(5, "{'tools': 'shell'}"); // single quotes: not JSON
              rejects.put("agents/" + id, "capabilities");
            }
            case 7 -> {
              ins.setString(3, "intern"); // violates the CHECK on agent_type
              rejects.put("agents/" + id, "agents_check_1");
            }
            case 8 -> {
              ins.setString(9, "last tuesday"); // no timestamp
              rejects.put("agents/" + id, "created_at");
            }
            case 9 -> ins.setString(10, "soon"); // invalid: null
            case 11 -> {
              ins.setString(2, "Agent\0eleven"); // NUL byte
              rejects.put("agents/" + id, "NUL");
            }
            default -> {}
          }
          ins.addBatch();
        }
        ins.executeBatch();
      }
      try (PreparedStatement ins =
          c.prepareStatement("INSERT INTO tasks VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
        String[] statuses = {"pending", "in_progress", "completed", "failed", "cancelled"};
        String[] priorities = {"low", "medium", "high", "urgent"};
        for (int i = 1; i <= TASKS; i++) {
          String id = taskId(i);
          ins.setString(1, id);
          ins.setString(2, "Task " + i + ": " + "x".repeat(40));
          ins.setString(3, "Description of task " + i + ". " + "y".repeat(300));
          ins.setString(4, statuses[i % statuses.length]);
          ins.setString(5, priorities[i % priorities.length]);
          ins.setString(6, agentOf(i));
          ins.setString(7, BASE.plusSeconds(i).toString());
          ins.setString(8, BASE.plusSeconds(2L * i).toString());
          switch (i) {
            case 17 -> ins.setString(6, "AGENT-0010"); // case-mismatched reference
            case 23 -> {
              ins.setString(4, "done"); // violates the CHECK on status
              rejects.put("tasks/" + id, "tasks_check_1");
            }
            case 29 -> {
              ins.setString(5, "critical"); // violates the CHECK on priority
              rejects.put("tasks/" + id, "tasks_check_2");
            }
            case 31 -> {
              ins.setString(7, "2025-02-30 10:00:00"); // no such day
              rejects.put("tasks/" + id, "created_at");
            }
            default -> {}
          }
          ins.addBatch();
        }
        ins.executeBatch();
      }
      c.commit();
    }
    return rejects;
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
