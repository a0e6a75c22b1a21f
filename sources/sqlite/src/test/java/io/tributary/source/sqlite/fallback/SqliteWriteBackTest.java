package io.tributary.source.sqlite.fallback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tributary.common.cast.CastPlanner;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.ForeignKey;
import io.tributary.common.catalog.RowIdentity;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.event.Op;
import io.tributary.common.plan.ColumnRule;
import io.tributary.common.plan.KeyRule;
import io.tributary.common.plan.TableRule;
import io.tributary.common.value.Uuid5;
import io.tributary.common.value.ValueCodec;
import io.tributary.source.spi.writeback.ReverseChange;
import io.tributary.source.spi.writeback.WriteBack;
import io.tributary.source.spi.writeback.WriteBack.ReverseReject;
import io.tributary.source.spi.writeback.WriteBack.WriteBackResult;
import io.tributary.source.spi.writeback.WriteBack.WrittenRow;
import io.tributary.source.spi.writeback.WriteBackKind.WriteBackSource;
import io.tributary.source.sqlite.catalog.SqliteCatalogReader;
import io.tributary.source.sqlite.catalog.SqliteColumnProfiler;
import io.tributary.source.sqlite.freeze.SqliteReadOnlyStatementBuilder;
import io.tributary.testing.SqliteVec;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQLite write-back against real files: a source migrated with the plan's rules (uuid5 keys, a
 * renamed column, an added column, typed columns) and the automatic casting rules (timestamps in
 * several formats, JSON, epoch integers) takes the target's changes back in its own forms, past its
 * freeze, and capture reads every value it wrote as the target's value.
 */
class SqliteWriteBackTest {
  private static final String MIGRATION = "demo";
  private static final String SOURCE = "app";
  private static final String MESSAGE = "tributary: app has moved to PostgreSQL";
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String BIG = "x".repeat(5000);

  @TempDir Path dir;
  private Path file;
  private List<TableDef> tables;
  private int lsn;

  @BeforeEach
  void source() throws Exception {
    file = dir.resolve("app.db");
    try (Connection c = SqliteVec.open(file);
        Statement st = c.createStatement()) {
      st.execute("PRAGMA journal_mode=WAL");
      st.execute(
          "CREATE TABLE agents (id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at TEXT,"
              + " config TEXT, qty INTEGER CHECK (qty >= 0), active BOOLEAN)");
      st.execute(
          "INSERT INTO agents VALUES ('agent-7', 'Seven', '2024-05-01 10:00:00',"
              + " '{\"model\": \"gpt\"}', 3, 'true'),"
              + " ('agent-8', 'Eight', '2024-05-02 11:00:00', '{}', 1, 'false')");
      st.execute(
          "CREATE TABLE messages (id INTEGER PRIMARY KEY, agent_id TEXT REFERENCES agents(id),"
              + " body TEXT, sent_at TEXT, big TEXT)");
      st.execute(
          "INSERT INTO messages VALUES (1, 'agent-7', 'hello', '2024-05-01T10:00:00.123Z', '"
              + BIG
              + "'), (2, 'agent-8', 'hi', '2024-05-01T10:00:01.456Z', 'small')");
      st.execute(
          "CREATE TABLE stamps (id INTEGER PRIMARY KEY, spaced TEXT, zulu TEXT, offset_at TEXT,"
              + " micro TEXT, epoch_at INTEGER, millis_at INTEGER, day TEXT, empty_at TEXT)");
      st.execute(
          "INSERT INTO stamps VALUES (1, '2024-05-01 10:00:00', '2024-05-01T10:00:00Z',"
              + " '2024-05-01T10:00:00+00:00', '2024-05-01T10:00:00.123456+00:00', 1714557600,"
              + " 1714557600123, '2024-05-01', NULL)");
      st.execute("CREATE TABLE tags (agent_id TEXT REFERENCES agents(id), tag TEXT)");
      st.execute("INSERT INTO tags VALUES ('agent-7', 'a'), ('agent-7', 'a'), ('agent-8', 'b')");
      st.execute("CREATE VIRTUAL TABLE vecs USING vec0(embedding float[2])");
    }
    List<TableDef> read = SqliteCatalogReader.read(file, MIGRATION, SOURCE, "app");
    Map<String, List<ForeignKey>> foreignKeys = new HashMap<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      for (TableDef t : read) {
        foreignKeys.put(t.sourceTable(), SqliteColumnProfiler.foreignKeys(c, t.sourceTable()));
      }
    }
    Map<String, TableRule> rules =
        Map.of(
            "agents",
            new TableRule(
                new KeyRule(null, KeyRule.UUID5, null),
                Map.of("active", new ColumnRule(null, "boolean", null, null, null)),
                null),
            "messages",
            new TableRule(
                new KeyRule(null, KeyRule.UUID5, null),
                Map.of(
                    "body", new ColumnRule("content", null, null, null, null),
                    "score", new ColumnRule(null, "integer", null, null, "0")),
                null),
            "stamps",
            new TableRule(
                null,
                Map.of("empty_at", new ColumnRule(null, "timestamptz", null, null, null)),
                null));
    CastPlanner.Result plan =
        CastPlanner.plan(
            MIGRATION,
            SOURCE,
            "sources[0]",
            read,
            rules,
            SqliteColumnProfiler.profile(file, read),
            foreignKeys);
    assertThat(plan.errors()).isEmpty();
    tables =
        plan.tables().stream()
            .map(
                t ->
                    t.sourceTable().equals("tags")
                        ? t.withIdentity(RowIdentity.WHOLE_ROW, List.of(), null)
                        : t)
            .toList();
    assertThat(table("stamps").column("epoch_at").targetType().sql())
        .isEqualTo("timestamp with time zone");
    assertThat(table("messages").column("agent_id").remap()).isNotNull();
  }

  private TableDef table(String name) {
    return tables.stream().filter(t -> t.sourceTable().equals(name)).findFirst().orElseThrow();
  }

  private static String uuid(String table, String key) {
    return Uuid5.of(Uuid5.tableNamespace(MIGRATION, SOURCE, table), key).toString();
  }

  private WriteBack open() throws SQLException {
    return new SqliteWriteBackKind(Duration.ofSeconds(2))
        .open(new WriteBackSource(MIGRATION, SOURCE, file.toString(), "app", tables));
  }

  private WriteBackResult write(ReverseChange... changes) throws SQLException {
    try (WriteBack writeBack = open()) {
      return writeBack.write(List.of(changes));
    }
  }

  private ReverseChange change(
      String table, Op op, Map<String, JsonNode> before, Map<String, JsonNode> after) {
    return new ReverseChange(table(table), op, before, after, "0/" + Integer.toHexString(++lsn));
  }

  /** A target row: target column names and envelope values, in pairs. */
  private static Map<String, JsonNode> row(Object... pairs) {
    Map<String, JsonNode> row = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      Object v = pairs[i + 1];
      row.put(
          (String) pairs[i],
          v instanceof JsonNode n ? n : v == null ? NODES.nullNode() : ValueCodec.toJson(v));
    }
    return row;
  }

  private Map<String, Object> source(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      if (!rs.next()) {
        return null;
      }
      Map<String, Object> out = new LinkedHashMap<>();
      for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
        out.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
      }
      return out;
    }
  }

  private List<List<Object>> rows(String sql) throws SQLException {
    List<List<Object>> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          row.add(rs.getObject(i));
        }
        out.add(row);
      }
    }
    return out;
  }

  /** Capture, reading the source row again, gets the target's value of every column given. */
  private void assertCapturedAs(String table, String where, Map<String, JsonNode> target)
      throws SQLException {
    Map<String, Object> row = source("SELECT * FROM " + table + " WHERE " + where);
    assertThat(row).as("row of %s where %s", table, where).isNotNull();
    for (ColumnDef column : table(table).columns()) {
      if (target.containsKey(column.targetName())) {
        Object captured = ValueCodec.fromSource(row.get(column.name()), column);
        Object expected = ValueCodec.decode(target.get(column.targetName()), column);
        assertThat(captured)
            .as("%s.%s held as %s", table, column.name(), row.get(column.name()))
            .isEqualTo(expected);
      }
    }
  }

  @Test
  @DisplayName(
      "uuid5 keys go back to their text and integer originals, renamed columns under their source"
          + " names, the plan's added column left out, JSON as its text, booleans as the column's"
          + " words, times in the column's format; capture reads every value back as the target's")
  void valuesGoBackInTheSourcesForms() throws Exception {
    Map<String, JsonNode> agent =
        row(
            "id",
            uuid("agents", "agent-7"),
            "name",
            "Seven!",
            "created_at",
            "2025-03-09T14:05:07.25Z",
            "config",
            "{\"model\": \"claude\", \"tools\": [1, 2]}",
            "qty",
            5L,
            "active",
            false);
    Map<String, JsonNode> message =
        row(
            "id",
            uuid("messages", "1"),
            "agent_id",
            uuid("agents", "agent-8"),
            "content",
            "hello again",
            "sent_at",
            "2025-03-09T14:05:07Z",
            "big",
            "small now",
            "score",
            9L);
    WriteBackResult result =
        write(
            change("agents", Op.UPDATE, Map.of(), agent),
            change("messages", Op.UPDATE, Map.of(), message));

    assertThat(result.rejects()).isEmpty();
    assertThat(result.written())
        .extracting(WrittenRow::sourceTable, WrittenRow::rowKey)
        .containsExactly(tuple("agents", "{\"id\":\"agent-7\"}"), tuple("messages", "{\"id\":1}"));
    assertThat(source("SELECT * FROM agents WHERE id = 'agent-7'"))
        .containsEntry("name", "Seven!")
        .containsEntry("created_at", "2025-03-09 14:05:07.250")
        .containsEntry("config", "{\"model\": \"claude\", \"tools\": [1, 2]}")
        .containsEntry("qty", 5)
        .containsEntry("active", "false");
    assertThat(source("SELECT * FROM messages WHERE id = 1"))
        .containsEntry("agent_id", "agent-8")
        .containsEntry("body", "hello again")
        .containsEntry("sent_at", "2025-03-09T14:05:07.000Z")
        .doesNotContainKey("score");
    assertThat(source("SELECT count(*) AS n FROM agents")).containsEntry("n", 2);
    assertCapturedAs("agents", "id = 'agent-7'", agent);
    assertCapturedAs("messages", "id = 1", message);
  }

  @Test
  @DisplayName(
      "A row the applications created after the switch keeps its uuid as its text key, and a"
          + " column referencing it gets that text; in an INTEGER PRIMARY KEY it cannot go back")
  void rowsCreatedAfterTheSwitch() throws Exception {
    String created = UUID.randomUUID().toString();
    Map<String, JsonNode> agent =
        row("id", created, "name", "New", "created_at", "2025-03-09T14:05:07Z", "qty", 0L);
    WriteBackResult result =
        write(
            change("agents", Op.CREATE, Map.of(), agent),
            change(
                "messages",
                Op.UPDATE,
                Map.of(),
                row("id", uuid("messages", "2"), "agent_id", created, "content", "moved")),
            change(
                "messages",
                Op.CREATE,
                Map.of(),
                row("id", UUID.randomUUID().toString(), "agent_id", created, "content", "new")));

    assertThat(source("SELECT name, created_at FROM agents WHERE id = '" + created + "'"))
        .containsEntry("name", "New")
        .containsEntry("created_at", "2025-03-09 14:05:07");
    assertThat(source("SELECT agent_id, body FROM messages WHERE id = 2"))
        .containsEntry("agent_id", created)
        .containsEntry("body", "moved");
    assertThat(result.written()).hasSize(2);
    assertThat(result.written().get(0).rowKey()).isEqualTo("{\"id\":\"" + created + "\"}");
    assertThat(result.rejects())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.sourceTable()).isEqualTo("messages");
              assertThat(r.op()).isEqualTo("c");
              assertThat(r.reason()).contains("INTEGER PRIMARY KEY", "'id'", "no original");
              assertThat(r.row()).contains("\"content\":\"new\"");
            });
    assertThat(source("SELECT count(*) AS n FROM messages")).containsEntry("n", 2);
  }

  @Test
  @DisplayName(
      "Times go back in each column's own format: a space or T, Z or +00:00, the fraction it"
          + " writes, Unix seconds or milliseconds, a date alone; a column with nothing to sample"
          + " as datetime() writes")
  void timestampsInEachColumnsFormat() throws Exception {
    String instant = "2025-03-09T14:05:07.25Z";
    Map<String, JsonNode> stamps =
        row(
            "id", 1L,
            "spaced", instant,
            "zulu", instant,
            "offset_at", instant,
            "micro", instant,
            "epoch_at", instant,
            "millis_at", instant,
            "day", "2025-03-09",
            "empty_at", instant);
    Map<String, JsonNode> whole =
        row(
            "id", 2L,
            "spaced", "2025-03-09T14:05:07Z",
            "zulu", "2025-03-09T14:05:07Z",
            "offset_at", "2025-03-09T14:05:07Z",
            "micro", "2025-03-09T14:05:07Z",
            "epoch_at", "2025-03-09T14:05:07Z",
            "millis_at", "2025-03-09T14:05:07Z",
            "day", "2025-03-10",
            "empty_at", "2025-03-09T14:05:07Z");
    WriteBackResult result =
        write(
            change("stamps", Op.UPDATE, Map.of(), stamps),
            change("stamps", Op.CREATE, Map.of(), whole));
    assertThat(result.rejects()).isEmpty();
    assertThat(source("SELECT * FROM stamps WHERE id = 1"))
        .containsEntry("spaced", "2025-03-09 14:05:07.250")
        .containsEntry("zulu", "2025-03-09T14:05:07.250Z")
        .containsEntry("offset_at", "2025-03-09T14:05:07.250+00:00")
        .containsEntry("micro", "2025-03-09T14:05:07.250000+00:00")
        .containsEntry("epoch_at", 1741529107.25)
        .containsEntry("millis_at", 1741529107250L)
        .containsEntry("day", "2025-03-09")
        .containsEntry("empty_at", "2025-03-09 14:05:07.250");
    assertThat(source("SELECT * FROM stamps WHERE id = 2"))
        .containsEntry("spaced", "2025-03-09 14:05:07")
        .containsEntry("zulu", "2025-03-09T14:05:07Z")
        .containsEntry("micro", "2025-03-09T14:05:07.000000+00:00")
        .containsEntry("epoch_at", 1741529107)
        .containsEntry("empty_at", "2025-03-09 14:05:07");
    assertCapturedAs("stamps", "id = 1", stamps);
    assertCapturedAs("stamps", "id = 2", whole);
  }

  @Test
  @DisplayName(
      "A delete deletes by the original key; an update without a column the WAL did not carry"
          + " leaves that column as it is")
  void deletesAndUnchangedColumns() throws Exception {
    WriteBackResult result =
        write(
            change("messages", Op.DELETE, row("id", uuid("messages", "2")), Map.of()),
            change(
                "messages",
                Op.UPDATE,
                row("id", uuid("messages", "1")),
                row("id", uuid("messages", "1"), "content", "edited")));
    assertThat(result.rejects()).isEmpty();
    assertThat(result.written())
        .extracting(WrittenRow::rowKey)
        .containsExactly("{\"id\":2}", "{\"id\":1}");
    assertThat(source("SELECT * FROM messages WHERE id = 2")).isNull();
    assertThat(source("SELECT * FROM messages WHERE id = 1"))
        .containsEntry("body", "edited")
        .containsEntry("big", BIG)
        .containsEntry("agent_id", "agent-7");
  }

  @Test
  @DisplayName(
      "A table without a key: an update and a delete touch one row equal to the old one, equal"
          + " rows keep their number, and an update of a row without a twin written twice is"
          + " written once")
  void keylessTables() throws Exception {
    WriteBackResult result =
        write(
            change(
                "tags",
                Op.UPDATE,
                row("agent_id", uuid("agents", "agent-7"), "tag", "a"),
                row("agent_id", uuid("agents", "agent-7"), "tag", "c")),
            change(
                "tags",
                Op.DELETE,
                row("agent_id", uuid("agents", "agent-8"), "tag", "b"),
                Map.of()),
            change(
                "tags",
                Op.CREATE,
                Map.of(),
                row("agent_id", uuid("agents", "agent-8"), "tag", "z")));
    assertThat(result.rejects()).isEmpty();
    String all = "SELECT agent_id, tag FROM tags ORDER BY agent_id, tag";
    assertThat(rows(all))
        .isEqualTo(
            List.of(List.of("agent-7", "a"), List.of("agent-7", "c"), List.of("agent-8", "z")));
    assertThat(result.written().get(0).rowKey())
        .isEqualTo("{\"agent_id\":\"agent-7\",\"tag\":\"c\"}");

    ReverseChange update =
        change(
            "tags",
            Op.UPDATE,
            row("agent_id", uuid("agents", "agent-8"), "tag", "z"),
            row("agent_id", uuid("agents", "agent-8"), "tag", "y"));
    assertThat(write(update).rejects()).isEmpty();
    assertThat(write(update).rejects()).isEmpty();
    assertThat(rows(all))
        .as("written twice")
        .isEqualTo(
            List.of(List.of("agent-7", "a"), List.of("agent-7", "c"), List.of("agent-8", "y")));
  }

  @Test
  @DisplayName(
      "Changes the file refuses (a CHECK, a NOT NULL, a vec0 table without its extension) are"
          + " rejects naming the reason, and the rest of the batch commits")
  void refusedChangesAreRejects() throws Exception {
    WriteBackResult result =
        write(
            change("agents", Op.UPDATE, Map.of(), row("id", uuid("agents", "agent-7"), "qty", -1L)),
            change(
                "agents", Op.UPDATE, Map.of(), row("id", uuid("agents", "agent-8"), "name", null)),
            change(
                "vecs",
                Op.CREATE,
                Map.of(),
                row("rowid", 9L, "embedding", NODES.arrayNode().add(0.5).add(1.5))),
            change(
                "messages",
                Op.UPDATE,
                Map.of(),
                row("id", uuid("messages", "2"), "content", "still written")));
    assertThat(result.rejects())
        .extracting(ReverseReject::sourceTable)
        .containsExactly("agents", "agents", "vecs");
    assertThat(result.rejects().get(0).reason()).contains("CHECK constraint failed", "agents");
    // the source's key, as the write-back's keys are kept (validation in reverse looks it up)
    assertThat(result.rejects().get(0).rowKey()).isEqualTo("{\"id\":\"agent-7\"}");
    assertThat(result.rejects().get(1).reason()).contains("NOT NULL", "agents.name");
    assertThat(result.rejects().get(2).reason()).contains("vec0");
    assertThat(result.written()).extracting(WrittenRow::sourceTable).containsExactly("messages");
    assertThat(source("SELECT qty FROM agents WHERE id = 'agent-7'")).containsEntry("qty", 3);
    assertThat(source("SELECT body FROM messages WHERE id = 2"))
        .containsEntry("body", "still written");
  }

  @Test
  @DisplayName(
      "Past the freeze: the write-back writes while an application's connection is still refused"
          + " with the freeze's message, and the gate's table is left empty")
  void pastTheFreeze() throws Exception {
    freeze(true);
    WriteBackResult result =
        write(
            change(
                "agents", Op.UPDATE, Map.of(), row("id", uuid("agents", "agent-7"), "name", "X")),
            change("messages", Op.DELETE, row("id", uuid("messages", "2")), Map.of()));
    assertThat(result.rejects()).isEmpty();
    assertThat(source("SELECT name FROM agents WHERE id = 'agent-7'")).containsEntry("name", "X");
    assertThat(source("SELECT * FROM messages WHERE id = 2")).isNull();
    assertApplicationRefused();
    assertThat(source("SELECT count(*) AS n FROM tributary_writeback")).containsEntry("n", 0);
  }

  @Test
  @DisplayName(
      "A file frozen by an earlier version (triggers without the gate) gets its triggers again"
          + " with the gate, under the same names, when the write-back opens it")
  void oldFreezeIsUpgraded() throws Exception {
    freeze(false);
    String readOnly =
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'tributary_readonly_%'"
            + " ORDER BY name";
    List<List<Object>> before = rows(readOnly);
    WriteBackResult result =
        write(
            change("agents", Op.UPDATE, Map.of(), row("id", uuid("agents", "agent-8"), "qty", 7L)));
    assertThat(result.rejects()).isEmpty();
    assertThat(source("SELECT qty FROM agents WHERE id = 'agent-8'")).containsEntry("qty", 7);
    assertThat(rows(readOnly)).isEqualTo(before);
    assertThat(
            rows(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE"
                    + " 'tributary_readonly_%'"))
        .allSatisfy(
            r -> assertThat(SqliteReadOnlyStatementBuilder.isGated((String) r.get(0))).isTrue());
    assertApplicationRefused();
  }

  @Test
  @DisplayName(
      "An application cannot open the gate (issue 47, M6): its insert into the gate's table is"
          + " refused, a TEMP table of that name does not shadow it, and the write-back still"
          + " writes")
  void applicationCannotOpenTheGate() throws Exception {
    freeze(true);
    try (Connection application = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = application.createStatement()) {
      assertThatThrownBy(() -> st.execute("INSERT INTO tributary_writeback VALUES ('app')"))
          .hasMessageContaining(SqliteReadOnlyStatementBuilder.GATE_GUARD_FUNCTION);
      st.execute("CREATE TEMP TABLE tributary_writeback (writer TEXT)");
      st.execute("INSERT INTO temp.tributary_writeback VALUES ('app')");
      assertThatThrownBy(() -> st.execute("UPDATE agents SET name = 'app' WHERE id = 'agent-8'"))
          .hasMessageContaining(MESSAGE);
    }
    assertApplicationRefused();
    WriteBackResult result =
        write(
            change("agents", Op.UPDATE, Map.of(), row("id", uuid("agents", "agent-8"), "qty", 5L)));
    assertThat(result.rejects()).isEmpty();
    assertThat(source("SELECT qty FROM agents WHERE id = 'agent-8'")).containsEntry("qty", 5);
    assertThat(source("SELECT count(*) AS n FROM tributary_writeback")).containsEntry("n", 0);
  }

  @Test
  @DisplayName(
      "A file frozen before the gate's guard, with a row an application committed into the gate:"
          + " the write-back removes the row and adds the guard, and the application is refused"
          + " again")
  void foreignGateRowIsRemoved() throws Exception {
    freeze(true);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      st.execute("DROP TRIGGER " + SqliteReadOnlyStatementBuilder.GATE_GUARD_TRIGGER);
      st.execute("INSERT INTO tributary_writeback VALUES ('app')");
      // while the row is there, the application's writes pass the read-only triggers
      st.execute("UPDATE agents SET name = 'passed' WHERE id = 'agent-8'");
    }
    WriteBackResult result =
        write(
            change("agents", Op.UPDATE, Map.of(), row("id", uuid("agents", "agent-7"), "qty", 4L)));
    assertThat(result.rejects()).isEmpty();
    assertThat(source("SELECT count(*) AS n FROM tributary_writeback")).containsEntry("n", 0);
    assertThat(
            rows(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name = '"
                    + SqliteReadOnlyStatementBuilder.GATE_GUARD_TRIGGER
                    + "'"))
        .hasSize(1);
    assertApplicationRefused();
  }

  @Test
  @DisplayName("A batch written again leaves the same rows (upserts and deletes by key)")
  void writtenTwice() throws Exception {
    ReverseChange[] batch = {
      change(
          "agents",
          Op.CREATE,
          Map.of(),
          row("id", uuid("agents", "agent-9"), "name", "Nine", "qty", 2L)),
      change("messages", Op.DELETE, row("id", uuid("messages", "1")), Map.of())
    };
    write(batch);
    List<List<Object>> once = rows("SELECT * FROM agents ORDER BY id");
    WriteBackResult again = write(batch);
    assertThat(again.rejects()).isEmpty();
    assertThat(rows("SELECT * FROM agents ORDER BY id")).isEqualTo(once);
    assertThat(source("SELECT name FROM agents WHERE id = '" + uuid("agents", "agent-9") + "'"))
        .as("a uuid no source row was made from goes back as its text")
        .containsEntry("name", "Nine");
    assertThat(source("SELECT * FROM messages WHERE id = 1")).isNull();
  }

  /** Freezes the file as the cutover does ({@code gated}) or as a version before the gate did. */
  private void freeze(boolean gated) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      st.execute("BEGIN IMMEDIATE");
      for (String table : List.of("agents", "messages", "stamps", "tags")) {
        for (String sql : SqliteReadOnlyStatementBuilder.createTriggers("app", table, MESSAGE)) {
          st.execute(gated ? sql : sql.replaceAll(" WHEN NOT EXISTS \\([^)]*\\)", ""));
        }
      }
      if (!gated) {
        st.execute(SqliteReadOnlyStatementBuilder.dropWriteBackTable());
      }
      st.execute("COMMIT");
    }
  }

  private void assertApplicationRefused() throws SQLException {
    try (Connection application = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = application.createStatement()) {
      assertThatThrownBy(() -> st.execute("UPDATE agents SET name = 'app' WHERE id = 'agent-8'"))
          .hasMessageContaining(MESSAGE);
      assertThatThrownBy(() -> st.execute("INSERT INTO messages (body) VALUES ('app')"))
          .hasMessageContaining(MESSAGE);
    }
    assertThat(source("SELECT count(*) AS n FROM messages WHERE body = 'app'"))
        .containsEntry("n", 0);
  }
}
