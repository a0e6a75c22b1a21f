package io.tributary.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;

/**
 * Seed 002's agent platform as test data: the Phase 1 SQLite schema ({@code agents}, {@code tasks},
 * text ids, JSON and timestamps as text) with dirty rows, and the plan that migrates it into the
 * enhanced PostgreSQL schema (uuid5 keys, jsonb, timestamptz, CHECK constraints).
 */
public final class AgentPlatformSample {
  static {
    try {
      Class.forName("org.sqlite.JDBC");
    } catch (ClassNotFoundException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private AgentPlatformSample() {}

  public static final String PLAN =
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

  public static final int AGENTS = 60;
  public static final int TASKS = 600;
  public static final OffsetDateTime BASE =
      OffsetDateTime.of(2025, 3, 1, 8, 0, 0, 0, ZoneOffset.UTC);

  private static final DateTimeFormatter ISO_Z =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'");
  private static final DateTimeFormatter SQLITE =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");
  private static final DateTimeFormatter OFFSET =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");
  private static final DateTimeFormatter RFC_1123 = DateTimeFormatter.RFC_1123_DATE_TIME;

  public static String agentOf(int task) {
    return String.format("agent-%04d", (task % AGENTS) + 1);
  }

  public static String taskId(int task) {
    return String.format("task-%05d", task);
  }

  /**
   * Writes seed 002's Phase 1 schema with dirty rows into a new SQLite file.
   *
   * @return the rows that must be rejected ({@code table/id}) and a word their reason contains
   */
  public static Map<String, String> create(Path file) throws Exception {
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
}
