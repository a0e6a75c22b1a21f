package io.tributary.tools;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Generates the benchmark's SQLite database (bench/run.sh), shaped like seed 002's agent platform
 * plus a vector store:
 *
 * <ul>
 *   <li>{@code agents}: UUID text ids, a JSON array of capabilities, a ~300-character system
 *       prompt, ISO-8601 timestamps (Python's {@code isoformat()}: no zone, microseconds);
 *   <li>{@code tasks}: ~60-character titles, ~400-character descriptions, a foreign key to {@code
 *       agents} (one in twenty unassigned), status and priority labels;
 *   <li>{@code embeddings}: ~500-character content, a foreign key to {@code tasks} and a 384-dim
 *       float32 vector as a little-endian BLOB;
 * </ul>
 *
 * with secondary indexes on the foreign keys and on {@code tasks.status}. The content depends only
 * on the row counts: the same counts give the same file, byte for byte.
 *
 * <p>Usage: {@code BenchDataset <file> <agents> <tasks> <embeddings>}.
 */
public final class BenchDataset {
  /** Dimensions of the embedding vectors. */
  public static final int DIMENSIONS = 384;

  private static final long SEED = 20261123L;
  private static final Instant EPOCH = Instant.parse("2024-01-01T00:00:00Z");
  private static final long SPAN_SECONDS = 2L * 365 * 24 * 3600;
  private static final DateTimeFormatter ISO =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS");
  private static final String[] WORDS = {
    "agent",
    "task",
    "workflow",
    "review",
    "deploy",
    "customer",
    "report",
    "analysis",
    "summary",
    "draft",
    "schedule",
    "meeting",
    "research",
    "market",
    "pipeline",
    "budget",
    "forecast",
    "invoice",
    "contract",
    "support",
    "ticket",
    "escalation",
    "release",
    "feature",
    "bug",
    "migration",
    "database",
    "vector",
    "embedding",
    "search",
    "index",
    "latency",
    "throughput",
    "quarterly",
    "weekly",
    "priority",
    "owner",
    "stakeholder",
    "compliance",
    "security",
    "audit",
    "onboarding",
    "training",
    "dataset",
    "model",
    "prompt",
    "evaluation",
    "benchmark",
    "the",
    "a",
    "of",
    "for",
    "with",
    "and",
    "to",
    "in",
    "on",
    "from",
    "by",
    "about",
    "über",
    "naïve",
    "café",
    "résumé",
    "東京",
    "données",
    "straße",
    "prepare",
    "update",
    "collect",
    "verify",
    "compare",
    "write",
    "send",
    "plan",
    "track",
    "improve",
    "reduce",
    "measure",
    "notify",
    "archive"
  };
  private static final String[] AGENT_TYPES = {"chief_of_staff", "master_operator"};
  private static final String[] AGENT_STATUSES = {"idle", "active", "busy", "error", "offline"};
  private static final String[] CAPABILITIES = {
    "web_search",
    "code_execution",
    "email",
    "calendar",
    "file_access",
    "summarization",
    "translation",
    "planning",
    "data_analysis",
    "image_generation"
  };
  private static final String[] PROVIDERS = {"openrouter", "openai", "anthropic", "local"};
  private static final String[] MODELS = {"auto", "gpt-4o", "claude-sonnet", "llama-3-70b"};
  private static final String[] TASK_STATUSES = {
    "pending", "in_progress", "completed", "failed", "cancelled"
  };
  private static final String[] PRIORITIES = {"low", "medium", "high", "urgent"};

  private final int agents;
  private final int tasks;
  private final int embeddings;

  public BenchDataset(int agents, int tasks, int embeddings) {
    if (agents < 1 || tasks < 1 || embeddings < 1) {
      throw new IllegalArgumentException(
          "every table needs at least one row (agents "
              + agents
              + ", tasks "
              + tasks
              + ", embeddings "
              + embeddings
              + ")");
    }
    this.agents = agents;
    this.tasks = tasks;
    this.embeddings = embeddings;
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      throw new IllegalArgumentException(
          "usage: BenchDataset <file> <agents> <tasks> <embeddings>");
    }
    BenchDataset dataset =
        new BenchDataset(
            Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
    long started = System.nanoTime();
    long rows = dataset.create(Path.of(args[0]));
    System.out.printf(
        "%s: %,d rows in %.1f s%n", args[0], rows, (System.nanoTime() - started) / 1e9);
  }

  /** Creates the database at {@code file} (replacing it). Returns the row count. */
  public long create(Path file) throws SQLException, IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path temp = parent.resolve(file.getFileName() + ".tmp");
    Files.deleteIfExists(temp);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + temp)) {
      try (Statement st = c.createStatement()) {
        // Generation only: the finished file is a plain rollback-journal database.
        st.execute("PRAGMA journal_mode = OFF");
        st.execute("PRAGMA synchronous = OFF");
        st.execute("PRAGMA page_size = 4096");
      }
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        st.execute(
            "CREATE TABLE agents (id TEXT PRIMARY KEY, name TEXT NOT NULL, agent_type TEXT NOT"
                + " NULL, status TEXT DEFAULT 'idle', capabilities TEXT, system_prompt TEXT,"
                + " model_provider TEXT DEFAULT 'openrouter', model_name TEXT DEFAULT 'auto',"
                + " created_at TEXT, updated_at TEXT)");
        st.execute(
            "CREATE TABLE tasks (id TEXT PRIMARY KEY, title TEXT NOT NULL, description TEXT,"
                + " status TEXT DEFAULT 'pending', priority TEXT DEFAULT 'medium',"
                + " assigned_agent_id TEXT, created_at TEXT, updated_at TEXT,"
                + " FOREIGN KEY (assigned_agent_id) REFERENCES agents (id))");
        st.execute(
            "CREATE TABLE embeddings (id TEXT PRIMARY KEY, task_id TEXT NOT NULL REFERENCES"
                + " tasks (id), content TEXT NOT NULL, embedding BLOB NOT NULL, created_at TEXT)");
      }
      SplittableRandom random = new SplittableRandom(SEED);
      String[] agentIds = agents(c, random.split());
      String[] taskIds = tasks(c, random.split(), agentIds);
      embeddings(c, random.split(), taskIds);
      try (Statement st = c.createStatement()) {
        st.execute("CREATE INDEX idx_tasks_assigned_agent ON tasks (assigned_agent_id)");
        st.execute("CREATE INDEX idx_tasks_status ON tasks (status)");
        st.execute("CREATE INDEX idx_embeddings_task ON embeddings (task_id)");
      }
      c.commit();
      c.setAutoCommit(true);
      try (Statement st = c.createStatement()) {
        st.execute("PRAGMA journal_mode = DELETE");
      }
    }
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
    return (long) agents + tasks + embeddings;
  }

  private String[] agents(Connection c, SplittableRandom random) throws SQLException {
    String[] ids = new String[agents];
    try (PreparedStatement st =
        c.prepareStatement("INSERT INTO agents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (int i = 0; i < agents; i++) {
        ids[i] = uuid(random);
        long created = random.nextLong(SPAN_SECONDS);
        st.setString(1, ids[i]);
        st.setString(2, "Agent " + words(random, 12) + " #" + i);
        st.setString(3, AGENT_TYPES[random.nextInt(AGENT_TYPES.length)]);
        st.setString(4, AGENT_STATUSES[random.nextInt(AGENT_STATUSES.length)]);
        st.setString(5, capabilities(random));
        st.setString(6, "You are an assistant. " + words(random, 278));
        st.setString(7, PROVIDERS[random.nextInt(PROVIDERS.length)]);
        st.setString(8, MODELS[random.nextInt(MODELS.length)]);
        st.setString(9, timestamp(created, random));
        st.setString(10, timestamp(created + random.nextLong(86_400 * 30L), random));
        st.addBatch();
        if (i % 10_000 == 9_999) {
          st.executeBatch();
        }
      }
      st.executeBatch();
    }
    return ids;
  }

  private String[] tasks(Connection c, SplittableRandom random, String[] agentIds)
      throws SQLException {
    String[] ids = new String[tasks];
    try (PreparedStatement st =
        c.prepareStatement("INSERT INTO tasks VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (int i = 0; i < tasks; i++) {
        ids[i] = uuid(random);
        long created = random.nextLong(SPAN_SECONDS);
        st.setString(1, ids[i]);
        st.setString(2, words(random, 60));
        st.setString(3, words(random, 400));
        st.setString(4, TASK_STATUSES[random.nextInt(TASK_STATUSES.length)]);
        st.setString(5, PRIORITIES[random.nextInt(PRIORITIES.length)]);
        if (random.nextInt(20) == 0) {
          st.setNull(6, Types.VARCHAR);
        } else {
          st.setString(6, agentIds[random.nextInt(agentIds.length)]);
        }
        st.setString(7, timestamp(created, random));
        st.setString(8, timestamp(created + random.nextLong(86_400 * 7L), random));
        st.addBatch();
        if (i % 10_000 == 9_999) {
          st.executeBatch();
        }
      }
      st.executeBatch();
    }
    return ids;
  }

  private void embeddings(Connection c, SplittableRandom random, String[] taskIds)
      throws SQLException {
    ByteBuffer vector =
        ByteBuffer.allocate(DIMENSIONS * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    try (PreparedStatement st =
        c.prepareStatement("INSERT INTO embeddings VALUES (?, ?, ?, ?, ?)")) {
      for (int i = 0; i < embeddings; i++) {
        st.setString(1, uuid(random));
        st.setString(2, taskIds[random.nextInt(taskIds.length)]);
        st.setString(3, words(random, 500));
        vector.clear();
        for (int d = 0; d < DIMENSIONS; d++) {
          vector.putFloat((float) (random.nextDouble() * 2 - 1));
        }
        st.setBytes(4, vector.array().clone());
        st.setString(5, timestamp(random.nextLong(SPAN_SECONDS), random));
        st.addBatch();
        if (i % 5_000 == 4_999) {
          st.executeBatch();
        }
      }
      st.executeBatch();
    }
  }

  private static String uuid(SplittableRandom random) {
    long msb = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
    long lsb = (random.nextLong() & ~(0xC000_0000_0000_0000L)) | 0x8000_0000_0000_0000L;
    return new UUID(msb, lsb).toString();
  }

  private static String timestamp(long secondsAfterEpoch, SplittableRandom random) {
    return LocalDateTime.ofEpochSecond(
            EPOCH.getEpochSecond() + secondsAfterEpoch,
            random.nextInt(1_000_000) * 1000,
            ZoneOffset.UTC)
        .format(ISO);
  }

  private static String capabilities(SplittableRandom random) {
    StringBuilder json = new StringBuilder("[");
    int n = 1 + random.nextInt(5);
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        json.append(", ");
      }
      json.append('"').append(CAPABILITIES[random.nextInt(CAPABILITIES.length)]).append('"');
    }
    return json.append(']').toString();
  }

  /** Words until the text is about {@code length} characters long. */
  private static String words(SplittableRandom random, int length) {
    StringBuilder text = new StringBuilder(length + 16);
    while (text.length() < length) {
      if (!text.isEmpty()) {
        text.append(random.nextInt(12) == 0 ? ". " : " ");
      }
      text.append(WORDS[random.nextInt(WORDS.length)]);
    }
    return text.toString();
  }
}
