package io.tributary.orchestrator.cutover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.tributary.auth.Operator;
import io.tributary.common.kafka.KafkaAdmins;
import io.tributary.common.kafka.KafkaSettings;
import io.tributary.orchestrator.SqliteSourcesTestResource;
import io.tributary.testing.TestInfrastructure;
import io.tributary.testing.TributaryTestResource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A migration's lifecycle beyond the cutover: abandon ({@code DELETE /migrations/{id}}) leaves
 * nothing behind in any source, in Kafka or (with dropTarget) in the target, and frees the id; a
 * resync of one table replaces what the target holds of it while its neighbours stream on.
 */
@QuarkusTest
@WithTestResource(TributaryTestResource.class)
@WithTestResource(SqliteSourcesTestResource.class)
class LifecycleIT {
  private static final Duration WAIT = Duration.ofMinutes(2);

  @ConfigProperty(name = TributaryTestResource.DATABASE)
  String database;

  @BeforeEach
  void services() throws Exception {
    CutoverServices.ensure(database);
  }

  @Test
  @DisplayName(
      "Abandon with dropTarget removes the SQLite triggers and change log, the PostgreSQL slot and"
          + " publication, the topics and the target schemas; the same plan then runs again")
  void abandonLeavesNothingAndFreesTheId() throws Exception {
    TestInfrastructure infra = TestInfrastructure.get();
    String id = "abandon-" + UUID.randomUUID().toString().substring(0, 6);
    String prefix = id.replace('-', '_');
    Path file = NotesFile.create("abandon-", 300);
    String shopDb = infra.createDatabase("abandon_shop");
    try (Connection c = infra.connect(shopDb);
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE items (id integer PRIMARY KEY, name text NOT NULL)");
      st.execute("INSERT INTO items SELECT i, 'item ' || i FROM generate_series(1, 200) i");
    }
    String plan =
        """
        migration: %s
        sources:
          - name: notes-app
            kind: sqlite
            path: %s
            schema: %s_notes
          - name: shop
            kind: postgres
            url: %s
            schema: %s_shop
        """
            .formatted(id, file.toAbsolutePath(), prefix, infra.sourceUrl(shopDb), prefix);
    CutoverApi.submit(plan);
    CutoverApi.awaitState(id, "REPLICATING", WAIT);
    List<String> topics =
        strings(
            database,
            "SELECT topic FROM tributary.tables WHERE migration_id = '" + id + "' ORDER BY topic");
    assertThat(topics).hasSize(2);
    assertThat(sqliteCaptureObjects(file)).as("capture installed in the SQLite file").isNotEmpty();
    assertThat(
            strings(
                shopDb,
                "SELECT slot_name FROM pg_replication_slots WHERE database = current_database()"))
        .hasSize(1);
    assertThat(strings(shopDb, "SELECT pubname FROM pg_publication")).hasSize(1);
    awaitTargetRows(prefix + "_shop.items", 200);

    // one table of a PostgreSQL source cannot be read again yet: refused, saying so
    Operator.given()
        .post("/migrations/{id}/tables/{t}/resync", id, "public.items")
        .then()
        .statusCode(409)
        .body("error", containsString("not supported yet"));
    Operator.given()
        .post("/migrations/{id}/tables/{t}/resync", id, "no_such_table")
        .then()
        .statusCode(400)
        .body("error", containsString("has no table 'no_such_table'"));

    JsonPath abandoned =
        Operator.given()
            .queryParam("dropTarget", true)
            .queryParam("reason", "LifecycleIT")
            .delete("/migrations/{id}", id)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(abandoned.getString("state")).isEqualTo("ABANDONED");
    assertThat(abandoned.getBoolean("cleanedUp")).as(abandoned.prettify()).isTrue();
    assertThat(abandoned.getList("sources.captureRemovedAt")).doesNotContainNull();
    assertThat(abandoned.getList("targetSchemasLeft")).isEmpty();

    assertThat(sqliteCaptureObjects(file))
        .as("nothing of Tributary left in the SQLite file")
        .isEmpty();
    assertThat(
            strings(
                shopDb,
                "SELECT slot_name FROM pg_replication_slots WHERE database = current_database()"))
        .isEmpty();
    assertThat(strings(shopDb, "SELECT pubname FROM pg_publication")).isEmpty();
    assertThat(strings(shopDb, "SELECT relreplident::text FROM pg_class WHERE relname = 'items'"))
        .containsExactly("d");
    try (Admin admin =
        KafkaAdmins.create(
            KafkaSettings.ofBootstrapServers(infra.kafkaBootstrapServers()),
            "lifecycle-it",
            Duration.ofSeconds(10))) {
      Set<String> left = admin.listTopics().names().get();
      assertThat(left).doesNotContainAnyElementsOf(topics);
    }
    assertThat(
            strings(
                database, "SELECT nspname FROM pg_namespace WHERE nspname LIKE '" + prefix + "%'"))
        .isEmpty();
    assertThat(
            strings(
                database,
                "SELECT topic FROM tributary.apply_offsets WHERE topic = ANY(ARRAY['"
                    + String.join("','", topics)
                    + "'])"))
        .isEmpty();
    assertThat(CutoverApi.eventReasons(id))
        .anyMatch(r -> r.contains("abandoned, target schemas dropped: LifecycleIT"));
    // abandoning again answers with the report; a cut-over or cutting-over one is refused (unit)
    Operator.given()
        .delete("/migrations/{id}", id)
        .then()
        .statusCode(200)
        .body("cleanedUp", equalTo(true));

    // the id is free: the same plan provisions and loads again from the start
    CutoverApi.submit(plan);
    CutoverApi.awaitState(id, "REPLICATING", WAIT);
    awaitTargetRows(prefix + "_shop.items", 200);
    awaitTargetRows(prefix + "_notes.notes", 300);
    assertThat(CutoverApi.eventReasons(id)).anyMatch(r -> r.contains("LifecycleIT"));
    Operator.given()
        .queryParam("dropTarget", true)
        .delete("/migrations/{id}", id)
        .then()
        .statusCode(200)
        .body("cleanedUp", equalTo(true));
  }

  @Test
  @DisplayName(
      "A resync of one table replaces rows the target lost or changed, as a new snapshot"
          + " generation, while the source's other table streams on; both end MATCH")
  void resyncOneTable() throws Exception {
    String id = "resync-" + UUID.randomUUID().toString().substring(0, 6);
    String schema = id.replace('-', '_');
    Path file = NotesFile.create("resync-", 3000);
    try (Connection c = NotesFile.open(file);
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE tags (id INTEGER PRIMARY KEY, label TEXT NOT NULL)");
      st.execute("INSERT INTO tags SELECT id, 'tag ' || id FROM notes WHERE id <= 100");
    }
    CutoverApi.submit(
        """
        migration: %s
        sources:
          - name: notes-app
            kind: sqlite
            path: %s
            schema: %s
        """
            .formatted(id, file.toAbsolutePath(), schema));
    CutoverApi.awaitState(id, "REPLICATING", WAIT);
    awaitTargetRows(schema + ".notes", 3000);
    // the target drifts: rows lost, a value changed behind Tributary's back
    try (Connection c = TestInfrastructure.get().connect(database);
        Statement st = c.createStatement()) {
      st.execute("DELETE FROM " + schema + ".notes WHERE id % 7 = 0");
      st.execute("UPDATE " + schema + ".notes SET body = 'drifted' WHERE id = 1");
    }

    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicInteger tagsWritten = new AtomicInteger();
    Thread writer =
        new Thread(
            () -> {
              try (Connection c = NotesFile.open(file);
                  Statement st = c.createStatement()) {
                for (int i = 1; writing.get(); i++) {
                  st.execute("INSERT INTO tags VALUES (" + (1000 + i) + ", 'new " + i + "')");
                  st.execute(
                      "UPDATE notes SET body = 'edited " + i + "' WHERE id = " + (i % 3000 + 1));
                  tagsWritten.incrementAndGet();
                  Thread.sleep(20); // the application's pace, not a wait for an effect
                }
              } catch (SQLException | InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    writer.start();
    try {
      JsonPath requested =
          Operator.given()
              .post("/migrations/{id}/tables/{t}/resync", id, "notes")
              .then()
              .statusCode(202)
              .extract()
              .jsonPath();
      assertThat(requested.getString("target")).isEqualTo(schema + ".notes");
      // the neighbour streams on while notes is read again
      int before = tagsWritten.get();
      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(200))
          .until(() -> count(schema + ".tags") >= 100 + before + 5);
      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  CutoverApi.migration(id)
                      .getBoolean("tables.find { it.sourceTable == 'notes' }.snapshotDone"));
    } finally {
      writing.set(false);
      writer.join();
    }
    // every row of both tables as in the source, the drift gone
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              assertThat(rows(schema + ".notes", "SELECT id || ':' || body FROM %s ORDER BY id"))
                  .isEqualTo(
                      NotesFile.rows(file, "SELECT id || ':' || body FROM notes ORDER BY id"));
              assertThat(rows(schema + ".tags", "SELECT id || ':' || label FROM %s ORDER BY id"))
                  .isEqualTo(
                      NotesFile.rows(file, "SELECT id || ':' || label FROM tags ORDER BY id"));
            });
    JsonPath deep = CutoverApi.deepValidation(id, Map.of(), WAIT);
    assertThat(deep.getList("results.status", String.class))
        .as(deep.prettify())
        .containsOnly("MATCH");
    assertThat(CutoverApi.eventReasons(id))
        .anyMatch(r -> r.contains("resync of notes-app.notes requested"));
    assertThat(
            strings(
                database,
                "SELECT generation::text FROM tributary.apply_generations WHERE topic = (SELECT"
                    + " topic FROM tributary.tables WHERE migration_id = '"
                    + id
                    + "' AND source_table = 'notes')"))
        .as("notes moved to a new snapshot generation")
        .doesNotContain("0");
    Operator.given()
        .queryParam("dropTarget", true)
        .delete("/migrations/{id}", id)
        .then()
        .statusCode(200);
  }

  /** Tributary's triggers and tables in a SQLite file. */
  private static List<String> sqliteCaptureObjects(Path file) throws SQLException {
    return NotesFile.rows(
        file,
        "SELECT type || ' ' || name FROM sqlite_master WHERE name LIKE '\\_tributary\\_%' ESCAPE"
            + " '\\' OR (type = 'trigger' AND sql LIKE '%_tributary_%') ORDER BY name");
  }

  private static List<String> strings(String db, String sql) throws SQLException {
    try (Connection c = TestInfrastructure.get().connect(db);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      List<String> out = new ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    }
  }

  private List<String> rows(String table, String sql) throws SQLException {
    return strings(database, sql.formatted(table));
  }

  private long count(String table) throws SQLException {
    return Long.parseLong(strings(database, "SELECT count(*) FROM " + table).get(0));
  }

  private void awaitTargetRows(String table, long rows) {
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(300))
        .ignoreExceptions()
        .until(() -> count(table) == rows);
  }
}
