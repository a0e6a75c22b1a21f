package io.tributary.orchestrator.cutover;

import static io.tributary.auth.Operator.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tributary.orchestrator.SqliteSourcesTestResource;
import io.tributary.testing.TributaryTestResource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A SQLite file's views and triggers through the real pipeline (this orchestrator, cdc-service as a
 * child process, PostgreSQL, Kafka): the dry run names each, made or not (an untranslatable trigger
 * with its SQL); the translated views (a view on a view, a join with GROUP_CONCAT) and the plan's
 * replacement of one that is not translated return on the target the rows they return on the
 * source; the translated triggers (a timestamp set on update, counters, an audit row) do not fire
 * for what apply writes — a change made in SQLite arrives once, with the source's values — and do
 * fire for an application's own writes on the target.
 */
@QuarkusTest
@WithTestResource(TributaryTestResource.class)
@WithTestResource(SqliteSourcesTestResource.class)
class SqliteObjectsIT {
  static {
    try {
      Class.forName("org.sqlite.JDBC");
      Class.forName("org.postgresql.Driver");
    } catch (ClassNotFoundException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static final Duration WAIT = Duration.ofMinutes(2);
  private static final String SCHEMA = "objects_app";
  private static final List<String> VIEWS =
      List.of("live_notes", "author_notes", "first_notes", "a_notes");

  private static final String[] SOURCE = {
    "PRAGMA journal_mode=WAL",
    "CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL,"
        + " note_count INTEGER NOT NULL DEFAULT 0)",
    "CREATE TABLE notes (id INTEGER PRIMARY KEY, author_id INTEGER NOT NULL, body TEXT NOT NULL,"
        + " tag TEXT, archived INTEGER NOT NULL DEFAULT 0, updated_at TEXT)",
    "CREATE TABLE note_log (id INTEGER PRIMARY KEY, note_id INTEGER NOT NULL, action TEXT)",
    "INSERT INTO authors (id, name, note_count) VALUES (1, 'ada', 3), (2, 'bo', 1)",
    "INSERT INTO notes (id, author_id, body, tag, archived, updated_at) VALUES"
        + " (1, 1, 'alpha note', 'x', 0, '2024-01-01 10:00:00'),"
        + " (2, 1, 'beta', '', 0, '2024-01-02 10:00:00'),"
        + " (3, 1, 'archived one', NULL, 1, '2024-01-03 10:00:00'),"
        + " (4, 2, 'another long note', 'y', 0, '2024-01-04 10:00:00')",
    "INSERT INTO note_log (id, note_id, action) VALUES (1, 1, 'insert'), (2, 2, 'insert')",
    "CREATE VIEW live_notes AS SELECT id, author_id, upper(body) AS shout,"
        + " IFNULL(NULLIF(tag, ''), '-') AS tag, substr(body, 1, 4) AS head, length(body) AS len,"
        + " IIF(length(body) > 10, 'long', 'short') AS size, CAST(id AS TEXT) || ':' || [body]"
        + " AS label FROM notes WHERE archived = 0",
    "CREATE VIEW author_notes AS SELECT a.name, count(n.id) AS notes,"
        + " GROUP_CONCAT(n.head, '|') AS heads FROM authors AS a JOIN live_notes n"
        + " ON n.author_id = a.id GROUP BY a.name",
    "CREATE VIEW first_notes AS SELECT id, shout FROM `live_notes` ORDER BY id LIMIT 3",
    "CREATE VIEW a_notes AS SELECT id, body FROM notes WHERE body GLOB 'a*'",
    "CREATE TRIGGER touch AFTER UPDATE ON notes FOR EACH ROW WHEN NEW.updated_at IS"
        + " OLD.updated_at BEGIN UPDATE notes SET updated_at = datetime('now') WHERE id = NEW.id;"
        + " END",
    "CREATE TRIGGER count_up AFTER INSERT ON notes BEGIN UPDATE authors SET note_count ="
        + " note_count + 1 WHERE id = NEW.author_id; END",
    "CREATE TRIGGER count_down AFTER DELETE ON notes BEGIN UPDATE authors SET note_count ="
        + " note_count - 1 WHERE id = OLD.author_id; END",
    "CREATE TRIGGER audit AFTER INSERT ON notes BEGIN INSERT INTO note_log (note_id, action)"
        + " VALUES (NEW.id, 'insert'); END",
    "CREATE TRIGGER quiet_log BEFORE INSERT ON note_log WHEN NEW.action IS NULL BEGIN SELECT"
        + " RAISE(IGNORE); END"
  };

  @ConfigProperty(name = TributaryTestResource.JDBC_URL)
  String jdbcUrl;

  @ConfigProperty(name = TributaryTestResource.DATABASE)
  String database;

  @ConfigProperty(name = "quarkus.datasource.username")
  String user;

  @ConfigProperty(name = "quarkus.datasource.password")
  String password;

  @BeforeEach
  void services() throws Exception {
    CutoverServices.ensure(database);
  }

  private static String plan(String migration, Path file) {
    return """
           migration: %s
           sources:
             - name: notes-app
               kind: sqlite
               path: %s
               schema: %s
               objects:
                 view a_notes: "SELECT id, body FROM notes WHERE body LIKE 'a%%'"
           """
        .formatted(migration, file, SCHEMA);
  }

  @Test
  @DisplayName(
      "Views and triggers of a SQLite file: named in the dry run, made on the target; views return"
          + " the source's rows, triggers fire for the application's writes and not for apply's")
  void viewsAndTriggersAreMade() throws Exception {
    Path file = SqliteSourcesTestResource.newDirectory("objects-").resolve("notes.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      for (String sql : SOURCE) {
        st.execute(sql);
      }
    }
    String migration = "sqlite-objects";

    given()
        .contentType("application/yaml")
        .queryParam("dryRun", true)
        .body(plan(migration, file).getBytes(StandardCharsets.UTF_8))
        .when()
        .post("/migrations")
        .then()
        .statusCode(200)
        .body("objects.size()", equalTo(9))
        .body(
            "objects.findAll { it.made }.name",
            Matchers.contains(
                "live_notes",
                "author_notes",
                "first_notes",
                "a_notes",
                "notes.touch",
                "notes.count_up",
                "notes.count_down",
                "notes.audit"))
        .body(
            "objects.find { it.name == 'a_notes' }.check",
            equalTo("made from the plan's replacement (objects: view a_notes)"))
        .body("objects.find { it.name == 'notes.touch' }.target", equalTo(SCHEMA + ".notes.touch"))
        .body("objects.find { it.name == 'note_log.quiet_log' }.made", equalTo(false))
        .body(
            "objects.find { it.name == 'note_log.quiet_log' }.reason",
            startsWith(
                "it runs a SELECT other than SELECT RAISE(ABORT, 'message') [WHERE ...]; give its"
                    + " PostgreSQL in the plan (objects: \"trigger quiet_log\") or skip it. Its"
                    + " SQL: CREATE TRIGGER quiet_log BEFORE INSERT ON note_log"))
        .body(
            "notes",
            Matchers.hasItem(
                "notes-app: trigger note_log.quiet_log is not made in the target: it runs a SELECT"
                    + " other than"
                    + " SELECT RAISE(ABORT, 'message') [WHERE ...]; give its PostgreSQL in the plan"
                    + " (objects: \"trigger quiet_log\") or skip it. Its SQL: "
                    + SOURCE[SOURCE.length - 1]));

    CutoverApi.submit(plan(migration, file));
    CutoverApi.awaitState(migration, "REPLICATING", WAIT);
    await().atMost(WAIT).until(() -> rows(target("SELECT id FROM %s.notes")).size() == 4);
    assertThat(
            rows(
                target(
                    "SELECT target_table || ' ' || state FROM tributary.finalize_steps"
                        + " WHERE migration_id = '"
                        + migration
                        + "' AND kind = 'OBJECT' ORDER BY position")))
        .as("made with the tables, views in the order they read each other, as the schema's owner")
        .extracting(r -> r.get(0))
        .containsExactly(
            SCHEMA + ".live_notes done",
            SCHEMA + ".author_notes done",
            SCHEMA + ".first_notes done",
            SCHEMA + ".a_notes done",
            SCHEMA + ".notes.touch done",
            SCHEMA + ".notes.count_up done",
            SCHEMA + ".notes.count_down done",
            SCHEMA + ".notes.audit done");
    assertThat(
            rows(
                target(
                    "SELECT DISTINCT pg_get_userbyid(c.relowner) FROM pg_class c JOIN pg_namespace"
                        + " n ON n.oid = c.relnamespace WHERE n.nspname = '%s' AND c.relkind = 'v'")))
        .containsExactly(List.of(SCHEMA));
    awaitViewsAlike(file);

    // changes made in SQLite (its triggers bump the counter, log the insert, stamp the update)
    // arrive once, with the source's values: the target's triggers do not fire for apply
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      st.execute("PRAGMA busy_timeout = 5000");
      st.execute("INSERT INTO notes (id, author_id, body, tag) VALUES (5, 2, 'a fresh one', 'z')");
      st.execute("UPDATE notes SET body = 'alpha, edited' WHERE id = 1");
      st.execute("DELETE FROM notes WHERE id = 2");
    }
    String sourceStamp = source(file, "SELECT updated_at FROM notes WHERE id = 1").get(0).get(0);
    assertThat(sourceStamp).as("SQLite's trigger stamped it").isNotEqualTo("2024-01-01 10:00:00");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(rows(target("SELECT id, note_count FROM %s.authors ORDER BY id")))
                  .isEqualTo(source(file, "SELECT id, note_count FROM authors ORDER BY id"));
              assertThat(rows(target("SELECT id, note_id, action FROM %s.note_log ORDER BY id")))
                  .isEqualTo(source(file, "SELECT id, note_id, action FROM note_log ORDER BY id"));
              assertThat(
                      rows(
                          target(
                              "SELECT id, body, to_char(updated_at AT TIME ZONE 'UTC',"
                                  + " 'YYYY-MM-DD HH24:MI:SS') FROM %s.notes ORDER BY id")))
                  .isEqualTo(source(file, "SELECT id, body, updated_at FROM notes ORDER BY id"));
            });
    assertThat(source(file, "SELECT count(*) FROM note_log")).containsExactly(List.of("3"));
    awaitViewsAlike(file);

    // the application's own writes on the target: the translated triggers act
    given().post("/migrations/{id}/finalize", migration).then().statusCode(200);
    List<String> before = rows(target("SELECT note_count FROM %s.authors WHERE id = 2")).get(0);
    long first =
        Long.parseLong(
            rows(target("SELECT note_count FROM %s.authors WHERE id = 1")).get(0).get(0));
    executeOnTarget(
        "UPDATE %s.notes SET body = 'beta, edited on the target' WHERE id = 4;"
            + " INSERT INTO %s.notes (id, author_id, body) VALUES (100, 2, 'written on the target');"
            + " DELETE FROM %s.notes WHERE id = 5");
    assertThat(
            rows(
                target(
                    "SELECT (updated_at > now() - interval '1 minute')::text FROM %s.notes"
                        + " WHERE id = 4")))
        .as("the update stamped the row")
        .containsExactly(List.of("true"));
    assertThat(rows(target("SELECT note_count FROM %s.authors WHERE id = 2")))
        .as("one insert and one delete of author 2's notes")
        .containsExactly(before);
    assertThat(rows(target("SELECT note_id, action FROM %s.note_log WHERE note_id = 100")))
        .as("the audit row")
        .containsExactly(List.of("100", "insert"));
    executeOnTarget("INSERT INTO %s.notes (id, author_id, body) VALUES (101, 1, 'one more')");
    assertThat(rows(target("SELECT note_count FROM %s.authors WHERE id = 1")))
        .as("an insert of author 1's")
        .containsExactly(List.of(String.valueOf(first + 1)));
  }

  /** Every view returns on the target the rows it returns on the source. */
  private void awaitViewsAlike(Path file) {
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              for (String view : VIEWS) {
                assertThat(sorted(rows(target("SELECT * FROM %s." + view + " ORDER BY 1"))))
                    .as(view)
                    .isEqualTo(sorted(source(file, "SELECT * FROM " + view + " ORDER BY 1")))
                    .isNotEmpty();
              }
            });
  }

  /** The rows with the parts of GROUP_CONCAT's lists in order (neither side orders them). */
  private static List<List<String>> sorted(List<List<String>> rows) {
    List<List<String>> out = new ArrayList<>();
    for (List<String> row : rows) {
      List<String> r = new ArrayList<>();
      for (String v : row) {
        if (v != null && v.contains("|")) {
          String[] parts = v.split("\\|");
          Arrays.sort(parts);
          v = String.join("|", parts);
        }
        r.add(v);
      }
      out.add(r);
    }
    return out;
  }

  private String target(String sql) {
    return sql.replace("%s", SCHEMA);
  }

  private void executeOnTarget(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
        Statement st = c.createStatement()) {
      st.execute(target(sql));
    }
  }

  private List<List<String>> rows(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, password)) {
      return read(c, sql);
    }
  }

  private static List<List<String>> source(Path file, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      return read(c, sql);
    }
  }

  private static List<List<String>> read(Connection c, String sql) throws SQLException {
    List<List<String>> out = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          Object v = rs.getObject(i);
          row.add(v == null ? null : String.valueOf(v));
        }
        out.add(row);
      }
    }
    return out;
  }
}
