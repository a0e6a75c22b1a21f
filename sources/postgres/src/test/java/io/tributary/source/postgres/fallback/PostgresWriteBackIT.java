package io.tributary.source.postgres.fallback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tributary.common.catalog.RowIdentity;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.event.Op;
import io.tributary.common.value.Uuid5;
import io.tributary.source.postgres.catalog.PostgresCatalogReader;
import io.tributary.source.spi.writeback.ReverseChange;
import io.tributary.source.spi.writeback.WriteBack;
import io.tributary.source.spi.writeback.WriteBack.ReverseReject;
import io.tributary.source.spi.writeback.WriteBack.WriteBackResult;
import io.tributary.source.spi.writeback.WriteBack.WrittenRow;
import io.tributary.source.spi.writeback.WriteBackKind.WriteBackSource;
import io.tributary.testing.TestInfrastructure;
import io.tributary.testing.TributaryInfraExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The PostgreSQL write-back against a real source: the types real schemas use (enum, domain,
 * arrays, json and jsonb, pgvector, bytea, timestamptz, numeric, a generated column, an identity
 * column), uuid5 keys and a renamed column from the plan, a table without a key and one with a
 * declared key; past a read-only freeze; as a superuser (replica role: the application's triggers
 * and foreign keys do not fire) and as a plain role (they do).
 */
@ExtendWith(TributaryInfraExtension.class)
class PostgresWriteBackIT {
  private static final String MIGRATION = "pgwb";
  private static final String SOURCE = "legacy";
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final UUID USERS = Uuid5.tableNamespace(MIGRATION, SOURCE, "users");

  private final TestInfrastructure infra;
  private String database;
  private List<TableDef> tables;
  private int lsn;

  PostgresWriteBackIT(TestInfrastructure infra) {
    this.infra = infra;
  }

  @BeforeEach
  void source() throws SQLException {
    database = infra.createDatabase("wb_src");
    try (Connection c = infra.connect(database);
        Statement st = c.createStatement()) {
      st.execute("CREATE TYPE mood AS ENUM ('happy', 'sad')");
      st.execute("CREATE DOMAIN positive AS integer CHECK (VALUE > 0)");
      st.execute(
          "CREATE TABLE users (id integer PRIMARY KEY, name varchar(40) NOT NULL, mood mood,"
              + " tags text[], doc jsonb, raw json, emb vector(3), data bytea, at timestamptz,"
              + " day date, price numeric(10,2), qty positive, ok boolean, big text,"
              + " shout text GENERATED ALWAYS AS (upper(name)) STORED)");
      st.execute(
          "INSERT INTO users (id, name, mood, tags, doc, raw, emb, data, at, day, price, qty, ok,"
              + " big) VALUES (1, 'Ada', 'happy', '{a,b}', '{\"k\": 1}', '{\"raw\": true}',"
              + " '[1,2,3]', '\\x0102', '2024-05-01 10:00:00+00', '2024-05-01', 12.50, 3, true,"
              + " repeat('x', 5000)), (2, 'Bob', 'sad', '{}', '{}', '[]', '[0,0,1]', '\\x', now(),"
              + " '2024-05-02', 1, 1, false, 'b')");
      st.execute(
          "CREATE TABLE posts (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
              + " author integer REFERENCES users (id), body text CHECK (length(body) < 100))");
      st.execute(
          "INSERT INTO posts (id, author, body) OVERRIDING SYSTEM VALUE"
              + " VALUES (10, 1, 'first'), (11, 2, 'second')");
      st.execute("CREATE TABLE pairs (a integer, b text)");
      st.execute("INSERT INTO pairs VALUES (1, 'a'), (1, 'a'), (2, 'b')");
      st.execute("CREATE TABLE declared (code text, region text, note text)");
      st.execute("INSERT INTO declared VALUES ('c1', 'eu', 'n1'), ('c2', 'us', 'n2')");
      // an inheritance parent and its child holding rows of the same keys (each key its own)
      st.execute("CREATE TABLE ledger (id integer PRIMARY KEY, v text)");
      st.execute("CREATE TABLE ledger_old (PRIMARY KEY (id)) INHERITS (ledger)");
      st.execute("INSERT INTO ledger VALUES (1, 'parent'), (2, 'parent')");
      st.execute("INSERT INTO ledger_old VALUES (1, 'child'), (2, 'child')");
      st.execute("CREATE TABLE audited (id integer PRIMARY KEY, v text)");
      st.execute("INSERT INTO audited VALUES (1, 'v')");
      st.execute(
          "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS"
              + " $$ BEGIN RAISE EXCEPTION 'application trigger fired'; END $$");
      st.execute(
          "CREATE TRIGGER refuse BEFORE INSERT OR UPDATE ON audited"
              + " FOR EACH ROW EXECUTE FUNCTION refuse()");
      List<TableDef> read =
          PostgresCatalogReader.read(c, MIGRATION, SOURCE, Map.of("public", "app")).tables();
      tables = new ArrayList<>();
      for (TableDef t : read) {
        tables.add(
            switch (t.sourceTable()) {
              case "users" -> remap(t, "id", "id");
              case "posts" -> rename(remap(t, "author", "author"), "body", "content");
              case "pairs" -> t.withIdentity(RowIdentity.WHOLE_ROW, List.of(), null);
              case "declared" ->
                  t.withIdentity(RowIdentity.DECLARED, List.of("code", "region"), null);
              default -> t;
            });
      }
    }
  }

  /** The plan's uuid5 key strategy on a column: its values become uuids of the users table. */
  private static TableDef remap(TableDef table, String column, String target) {
    return table.withColumns(
        table.columns().stream()
            .map(
                c ->
                    c.name().equals(column)
                        ? c.withTarget(TargetType.UUID, null, null).withRules(target, null, USERS)
                        : c)
            .toList());
  }

  private static TableDef rename(TableDef table, String column, String target) {
    return table.withColumns(
        table.columns().stream()
            .map(c -> c.name().equals(column) ? c.withRules(target, c.invalid(), c.remap()) : c)
            .toList());
  }

  private TableDef table(String name) {
    return tables.stream().filter(t -> t.sourceTable().equals(name)).findFirst().orElseThrow();
  }

  private static String user(long id) {
    return Uuid5.of(USERS, Long.toString(id)).toString();
  }

  private ReverseChange change(
      String table, Op op, Map<String, JsonNode> before, Map<String, JsonNode> after) {
    return new ReverseChange(table(table), op, before, after, "0/" + Integer.toHexString(++lsn));
  }

  private static Map<String, JsonNode> row(Object... pairs) {
    Map<String, JsonNode> row = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      Object v = pairs[i + 1];
      JsonNode node =
          v instanceof JsonNode n
              ? n
              : v instanceof Long l
                  ? NODES.numberNode(l)
                  : v instanceof Boolean b ? NODES.booleanNode(b) : NODES.textNode((String) v);
      row.put((String) pairs[i], node);
    }
    return row;
  }

  private WriteBackResult write(String url, ReverseChange... changes) throws SQLException {
    try (WriteBack writeBack =
        new PostgresWriteBackKind()
            .open(new WriteBackSource(MIGRATION, SOURCE, url, "app", tables))) {
      return writeBack.write(List.of(changes));
    }
  }

  private List<String> text(String sql) throws SQLException {
    try (Connection c = infra.connect(database);
        Statement st = c.createStatement()) {
      st.execute("SET TimeZone = 'UTC'");
      try (ResultSet rs = st.executeQuery(sql)) {
        List<String> out = new ArrayList<>();
        while (rs.next()) {
          for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
            out.add(rs.getString(i));
          }
        }
        return out;
      }
    }
  }

  @Test
  @DisplayName(
      "Every type goes back as the source declares it, keys to their originals, past a read-only"
          + " database; refused changes are rejects with PostgreSQL's reason, the rest commits")
  void writesBackAsASuperuser() throws Exception {
    try (Connection c = infra.connect(database);
        Statement st = c.createStatement()) {
      st.execute("ALTER DATABASE \"" + database + "\" SET default_transaction_read_only = on");
    }
    String created = UUID.randomUUID().toString();
    WriteBackResult result =
        write(
            infra.sourceUrl(database),
            change(
                "users",
                Op.UPDATE,
                Map.of(),
                row(
                    "id", user(1),
                    "name", "Ada L",
                    "mood", "sad",
                    "tags", NODES.arrayNode().add("x").add("y"),
                    "doc", "{\"k\": 2}",
                    "raw", "{\"raw\":  false}",
                    "emb", NODES.arrayNode().add(0.5).add(1.5).add(2.5),
                    "data", Base64.getEncoder().encodeToString(new byte[] {3, 4}),
                    "at", "2025-03-09T14:05:07.25Z",
                    "day", "2025-03-09",
                    "price", "99.95",
                    "qty", 4L,
                    "ok", false,
                    "shout", "IGNORED")),
            change("users", Op.CREATE, Map.of(), row("id", created, "name", "New")),
            change(
                "posts",
                Op.CREATE,
                Map.of(),
                row("id", 12L, "author", user(2), "content", "third")),
            change(
                "posts",
                Op.UPDATE,
                Map.of(),
                row("id", 10L, "author", user(1), "content", "y".repeat(200))),
            change("posts", Op.DELETE, row("id", 11L), Map.of()),
            change("pairs", Op.UPDATE, row("a", 1L, "b", "a"), row("a", 1L, "b", "c")),
            change("pairs", Op.DELETE, row("a", 2L, "b", "b"), Map.of()),
            change(
                "declared",
                Op.UPDATE,
                row("code", "c1", "region", "eu"),
                row("code", "c1", "region", "eu", "note", "n1!")),
            change(
                "declared", Op.CREATE, Map.of(), row("code", "c3", "region", "eu", "note", "n3")),
            change("audited", Op.UPDATE, Map.of(), row("id", 1L, "v", "w")),
            change("users", Op.UPDATE, Map.of(), row("id", user(1), "qty", -1L)));

    assertThat(result.rejects())
        .extracting(ReverseReject::sourceTable, ReverseReject::op)
        .containsExactly(tuple("users", "c"), tuple("posts", "u"), tuple("users", "u"));
    assertThat(result.rejects().get(0).reason()).contains("integer", created);
    assertThat(result.rejects().get(1).reason()).contains("check constraint", "posts");
    assertThat(result.rejects().get(2).reason()).contains("positive");
    assertThat(result.written())
        .extracting(WrittenRow::sourceTable, WrittenRow::rowKey)
        .startsWith(tuple("users", "{\"id\":1}"), tuple("posts", "{\"id\":12}"));

    assertThat(
            text(
                "SELECT name, mood::text, tags::text, doc::text, raw::text, emb::text,"
                    + " encode(data, 'hex'), at::text, day::text, price::text, qty::text,"
                    + " ok::text, length(big)::text, shout FROM users WHERE id = 1"))
        .containsExactly(
            "Ada L",
            "sad",
            "{x,y}",
            "{\"k\": 2}",
            "{\"raw\":  false}",
            "[0.5,1.5,2.5]",
            "0304",
            "2025-03-09 14:05:07.25+00",
            "2025-03-09",
            "99.95",
            "4",
            "false",
            "5000",
            "ADA L");
    assertThat(text("SELECT id::text, author::text, body FROM posts ORDER BY id"))
        .containsExactly("10", "1", "first", "12", "2", "third");
    assertThat(text("SELECT a::text, b FROM pairs ORDER BY a, b"))
        .containsExactly("1", "a", "1", "c");
    assertThat(text("SELECT code, region, note FROM declared ORDER BY code"))
        .containsExactly("c1", "eu", "n1!", "c2", "us", "n2", "c3", "eu", "n3");
    assertThat(text("SELECT v FROM audited"))
        .as("the application's trigger did not fire")
        .containsExactly("w");
    assertThat(text("SELECT count(*)::text FROM users")).containsExactly("2");

    try (Connection application = infra.connect(database);
        Statement st = application.createStatement()) {
      assertThatThrownBy(() -> st.execute("UPDATE users SET name = 'app'"))
          .hasMessageContaining("read-only");
    }
  }

  @Test
  @DisplayName(
      "An inheritance parent's changes go back to its own rows: a child's row of the same key is"
          + " left as it is")
  void writesBackToAnInheritanceParentOnly() throws Exception {
    WriteBackResult result =
        write(
            infra.sourceUrl(database),
            change("ledger", Op.UPDATE, Map.of(), row("id", 1L, "v", "parent!")),
            change("ledger", Op.DELETE, row("id", 2L), Map.of()));
    assertThat(result.rejects()).isEmpty();
    assertThat(text("SELECT id::text, v FROM ONLY ledger ORDER BY id"))
        .containsExactly("1", "parent!");
    assertThat(text("SELECT id::text, v FROM ledger_old ORDER BY id"))
        .containsExactly("1", "child", "2", "child");
  }

  @Test
  @DisplayName(
      "A role that may not run as a replica writes back with the source's triggers firing, past"
          + " the read-only default the freeze gave it; the same batch written again leaves the"
          + " same rows")
  void writesBackAsAPlainRole() throws Exception {
    String role = "wb_" + UUID.randomUUID().toString().substring(0, 8);
    try (Connection c = infra.connect(database);
        Statement st = c.createStatement()) {
      st.execute("CREATE ROLE " + role + " LOGIN PASSWORD 'secret'");
      st.execute("GRANT ALL ON ALL TABLES IN SCHEMA public TO " + role);
      st.execute(
          "ALTER ROLE "
              + role
              + " IN DATABASE \""
              + database
              + "\" SET default_transaction_read_only = on");
    }
    String url =
        "postgresql://"
            + role
            + ":secret@"
            + infra.postgresHost()
            + ":"
            + infra.postgresPort()
            + "/"
            + database;
    ReverseChange[] batch = {
      change("audited", Op.UPDATE, Map.of(), row("id", 1L, "v", "w")),
      change("users", Op.UPDATE, Map.of(), row("id", user(2), "name", "Bobby", "ok", true)),
      change("posts", Op.CREATE, Map.of(), row("id", 13L, "author", user(1), "content", "c")),
    };
    WriteBackResult result = write(url, batch);
    assertThat(result.rejects())
        .singleElement()
        .satisfies(r -> assertThat(r.reason()).contains("application trigger fired"));
    assertThat(text("SELECT name, ok::text FROM users WHERE id = 2"))
        .containsExactly("Bobby", "true");
    WriteBackResult again = write(url, batch);
    assertThat(again.written()).hasSize(2);
    assertThat(text("SELECT count(*)::text FROM posts WHERE id = 13")).containsExactly("1");
    assertThat(text("SELECT v FROM audited")).containsExactly("v");
  }
}
