package io.tributary.orchestrator.cutover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.tributary.auth.Operator;
import io.tributary.orchestrator.SqliteSourcesTestResource;
import io.tributary.testing.TributaryTestResource;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.assertj.core.api.Assertions;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Cutovers of SQLite sources through the real pipeline (this orchestrator, cdc-service and
 * validator-service as child processes, PostgreSQL, Kafka): a writer keeps writing while the source
 * is frozen, fenced, drained, validated and switched; and a final-validation mismatch rolls the
 * cutover back without loss, after which a second cutover succeeds.
 */
@QuarkusTest
@WithTestResource(TributaryTestResource.class)
@WithTestResource(SqliteSourcesTestResource.class)
class SqliteCutoverIT {
  static {
    try {
      Class.forName("org.sqlite.JDBC");
    } catch (ClassNotFoundException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static final Duration WAIT = Duration.ofMinutes(2);

  @ConfigProperty(name = TributaryTestResource.JDBC_URL)
  String jdbcUrl;

  @ConfigProperty(name = TributaryTestResource.DATABASE)
  String database;

  @ConfigProperty(name = "quarkus.datasource.username")
  String user;

  @ConfigProperty(name = "quarkus.datasource.password")
  String password;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String kafka;

  @Inject CutoverHooks hooks;

  @BeforeEach
  void services() throws Exception {
    CutoverServices.ensure(database);
  }

  private Path source(String name, int rows) throws SQLException, IOException {
    Path file = SqliteSourcesTestResource.newDirectory("cutover-").resolve(name + ".db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        Statement st = c.createStatement()) {
      st.execute("PRAGMA journal_mode=WAL");
      st.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
      st.execute(
          "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < "
              + rows
              + ") INSERT INTO notes SELECT i, 'note ' || i FROM n");
    }
    return file.toAbsolutePath();
  }

  private static String plan(
      String migration, Path file, String schema, Path envFile, String moreActions) {
    return """
           migration: %s
           sources:
             - name: notes-app
               kind: sqlite
               path: %s
               schema: %s
           cutover:
             timeouts: { drain: 30s, validate: 60s }
             actions:
               - env-file: { path: %s }
           %s"""
        .formatted(migration, file, schema, envFile, moreActions);
  }

  /** A migration of a SQLite file of notes, replicating with every row applied. */
  private record Replicating(String migration, String schema, Path file) {}

  /**
   * Submits a migration of a new SQLite file of {@code rows} notes (with {@code sourceFields}, YAML
   * lines indented as the source's own, added to its source) and waits until every row is applied.
   */
  private Replicating replicating(String prefix, int rows, String sourceFields) throws Exception {
    String migration = prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
    String schema = migration.replace('-', '_');
    Path file = source("notes", rows);
    CutoverApi.submit(
        """
        migration: %s
        sources:
          - name: notes-app
            kind: sqlite
            path: %s
            schema: %s
        %s
        cutover:
          timeouts: { drain: 30s, validate: 60s }
          actions:
            - env-file: { path: %s }
        """
            .formatted(
                migration, file, schema, sourceFields, file.resolveSibling(prefix + ".env")));
    CutoverApi.awaitState(migration, "REPLICATING", WAIT);
    await().atMost(WAIT).until(() -> targetIds(schema).size() == rows);
    return new Replicating(migration, schema, file);
  }

  private Set<Long> targetIds(String schema) throws SQLException {
    Set<Long> ids = new TreeSet<>();
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT id FROM \"" + schema + "\".notes")) {
      while (rs.next()) {
        ids.add(rs.getLong(1));
      }
    }
    return ids;
  }

  private void target(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
        Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  /** Inserts a row every few milliseconds until stopped, remembering what committed and failed. */
  private static final class Writer implements Runnable {
    final Path file;
    final AtomicBoolean stop = new AtomicBoolean();
    final ConcurrentLinkedQueue<Long> committed = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    long next;

    Writer(Path file, long first) {
      this.file = file;
      this.next = first;
    }

    @Override
    public void run() {
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
        try (Statement st = c.createStatement()) {
          st.execute("PRAGMA busy_timeout = 5000");
        }
        try (PreparedStatement insert =
            c.prepareStatement("INSERT INTO notes (id, body) VALUES (?, ?)")) {
          while (!stop.get()) {
            long id = next++;
            insert.setLong(1, id);
            insert.setString(2, "written " + id);
            try {
              insert.executeUpdate();
              committed.add(id);
            } catch (SQLException e) {
              failures.add(e.getMessage());
            }
            Thread.sleep(4);
          }
        }
      } catch (SQLException e) {
        failures.add("writer stopped: " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Test
  @DisplayName(
      "A SQLite source cut over while a writer runs: every committed write is in the target, writes"
          + " after the freeze fail saying the database moved, the switch writes the env file")
  void cutoverWhileWriting() throws Exception {
    String migration = "cut-" + UUID.randomUUID().toString().substring(0, 6);
    String schema = migration.replace('-', '_');
    Path file = source("notes", 1000);
    Path envFile = file.resolveSibling("notes-app.env");
    // a webhook receiver, and a topic of its own for the event action
    ConcurrentLinkedQueue<String> hooks = new ConcurrentLinkedQueue<>();
    HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    hook.createContext(
        "/cutover",
        exchange -> {
          hooks.add(
              exchange.getRequestHeaders().getFirst("X-Token")
                  + " "
                  + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    hook.start();
    String eventTopic = "cutover-it-" + migration;
    CutoverApi.submit(
        plan(
            migration,
            file,
            schema,
            envFile,
            "    - webhook: { url: \"http://127.0.0.1:"
                + hook.getAddress().getPort()
                + "/cutover\", headers: { X-Token: t0k } }\n"
                + "    - event: { topic: "
                + eventTopic
                + " }\n"));
    CutoverApi.awaitState(migration, "REPLICATING", WAIT);

    Writer writer = new Writer(file, 1_000_001);
    Thread thread = new Thread(writer, "sqlite-writer");
    thread.start();
    await().atMost(WAIT).until(() -> writer.committed.size() >= 100);
    // the rehearsal: every step could run, and nothing is frozen (the writer goes on)
    JsonPath rehearsal = CutoverApi.rehearse(migration);
    assertThat(rehearsal.getBoolean("ready")).as(rehearsal.prettify()).isTrue();
    assertThat(rehearsal.getList("checks.check", String.class))
        .containsExactly(
            "state",
            "freeze",
            "capture",
            "validation",
            "rejects",
            "switch",
            "switch",
            "switch",
            "fallback");
    assertThat(rehearsal.getString("checks.find { it.check == 'fallback' }.detail"))
        .contains("logical WAL");
    assertThat(rehearsal.getString("checks.find { it.check == 'freeze' }.detail"))
        .contains("writable");
    assertThat(rehearsal.getList("checks.subject", String.class))
        .anyMatch(subject -> subject != null && subject.startsWith("webhook http://127.0.0.1:"));
    int committedAtRehearsal = writer.committed.size();
    await().atMost(WAIT).until(() -> writer.committed.size() > committedAtRehearsal + 20);
    assertThat(writer.failures).as("no write refused by the rehearsal").isEmpty();
    long cutover = CutoverApi.cutover(migration, "move notes to PostgreSQL");
    JsonPath result = CutoverApi.awaitOutcome(migration, WAIT);
    // keep writing a little: every write now must fail with the message
    int failedBefore = writer.failures.size();
    await().atMost(WAIT).until(() -> writer.failures.size() >= failedBefore + 20);
    writer.stop.set(true);
    thread.join();

    assertThat(result.getString("outcome")).as(result.prettify()).isEqualTo("cut_over");
    assertThat(result.getLong("id")).isEqualTo(cutover);
    assertThat(CutoverApi.state(migration)).isEqualTo("CUT_OVER");
    assertThat(result.getList("steps.step", String.class))
        .containsExactly("prepare", "freeze", "fence", "drain", "validate", "finalize", "switch");
    assertThat(result.getString("steps.find { it.step == 'prepare' }.detail"))
        .contains("precutover verification");
    assertThat(result.getString("steps.find { it.step == 'validate' }.detail"))
        .contains("rows changed after fences");
    assertThat(result.getList("steps.durationMs", Integer.class)).allMatch(d -> d >= 0);
    assertThat(result.getLong("writePauseMs")).isPositive();

    // nothing lost: every write that committed is in the target, with the snapshot's rows
    Set<Long> expected = new TreeSet<>();
    for (long i = 1; i <= 1000; i++) {
      expected.add(i);
    }
    expected.addAll(writer.committed);
    assertThat(targetIds(schema)).isEqualTo(expected);
    // no split brain: after the freeze every write failed, each saying where the data went
    assertThat(writer.failures).isNotEmpty();
    assertThat(writer.failures).allMatch(m -> m.contains("moved to PostgreSQL"), "moved message");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      Assertions.assertThatThrownBy(() -> st.executeUpdate("DELETE FROM notes WHERE id = 1"))
          .hasMessageContaining("moved to PostgreSQL")
          .hasMessageContaining(migration);
    }
    hook.stop(0);
    // the webhook got the switch with the new connection settings, once
    assertThat(hooks).hasSize(1);
    assertThat(hooks.peek())
        .startsWith("t0k {")
        .contains("\"event\":\"switch\"")
        .contains("\"migration\":\"" + migration + "\"")
        .contains("\"schema\":\"" + schema + "\"")
        .contains("\"user\":\"" + schema + "\"");
    // and so did the event's topic
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                "bootstrap.servers",
                kafka,
                "group.id",
                "cutover-it-" + UUID.randomUUID(),
                "auto.offset.reset",
                "earliest"),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.subscribe(List.of(eventTopic));
      List<ConsumerRecord<String, String>> events = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(events::add);
                return !events.isEmpty();
              });
      assertThat(events.get(0).key()).isEqualTo(migration);
      assertThat(events.get(0).value())
          .contains("\"cutover\":" + cutover)
          .contains("\"url\":\"postgresql://" + schema + "@");
    }
    String env = Files.readString(envFile);
    assertThat(env)
        .contains("PGUSER='" + schema + "'")
        .contains("PGOPTIONS='-c search_path=" + schema + "'")
        .contains("DATABASE_URL='postgresql://" + schema + "@");
    List<String> events =
        CutoverApi.events(migration)
            .getList("findAll { it.cutover == " + cutover + " }.step", String.class);
    assertThat(events).contains("freeze", "drain", "switch");
    // the gate read no table whole: no counts, the behind-apply record instead; gone after the
    // switch, so the application's writes are not recorded
    assertThat(result.getString("steps.find { it.step == 'prepare' }.detail"))
        .contains("writes outside apply recorded on 1 target tables");
    JsonPath validation = validation(migration);
    assertThat(validation.getString("tables.find { it.mode == 'final' }.status"))
        .isEqualTo("MATCH");
    assertThat(validation.getString("tables.find { it.mode == 'final' }.detail"))
        .contains("counts not read under the freeze")
        .contains("no write outside apply");
    assertThat((Object) validation.get("tables.find { it.mode == 'final' }.sourceRows")).isNull();
    assertThat(behindApplyTriggers(schema)).isZero();
  }

  @Test
  @DisplayName(
      "A row the source never changed, edited in the target under the freeze (the counts stay"
          + " equal, the changed rows too): the behind-apply record fails the gate without reading"
          + " the table, naming the statement and its role; the cutover rolls back")
  void foreignWriteKeepingCountsCaught() throws Exception {
    Replicating replicating = replicating("fw", 200, "");
    String migration = replicating.migration();
    String schema = replicating.schema();
    hooks.at(
        CutoverHooks.Point.SOURCE_FROZEN,
        m -> {
          if (!m.equals(migration)) {
            return;
          }
          try {
            target("UPDATE \"" + schema + "\".notes SET body = 'edited by hand' WHERE id = 7");
          } catch (SQLException e) {
            throw new IllegalStateException(e);
          }
        });
    try {
      CutoverApi.cutover(migration, "a write behind apply's back");
      JsonPath result = CutoverApi.awaitOutcome(migration, WAIT);
      assertThat(result.getString("outcome")).as(result.prettify()).isEqualTo("rolled_back");
      assertThat(result.getString("detail"))
          .contains("final validation")
          .contains("MISMATCH")
          .contains("written outside apply")
          .contains("1 statement (UPDATE by " + user + ",");
    } finally {
      hooks.clear(CutoverHooks.Point.SOURCE_FROZEN);
    }
    assertThat(CutoverApi.state(migration)).isEqualTo("ROLLED_BACK");
    assertThat(targetBody(schema, 7)).isEqualTo("edited by hand");
    // rolled back, the record stays on the table for the next cutover's prepare to renew
    assertThat(behindApplyTriggers(schema)).isEqualTo(1);
  }

  /** {@code GET /migrations/{id}/validation}: the latest result of every table and mode. */
  private static JsonPath validation(String migration) {
    return Operator.given()
        .when()
        .get("/migrations/{id}/validation", migration)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  /** How many behind-apply triggers the schema's tables have. */
  private long behindApplyTriggers(String schema) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT count(*) FROM pg_trigger g JOIN pg_class r ON r.oid = g.tgrelid"
                    + " JOIN pg_namespace n ON n.oid = r.relnamespace"
                    + " WHERE g.tgname = 'tributary_behind_apply' AND n.nspname = '"
                    + schema
                    + "'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  @DisplayName(
      "A difference found by the precutover verification stops the cutover before anything is"
          + " frozen: source writable, replication goes on, state and audit say why; a second"
          + " cutover, with a full final comparison, then succeeds")
  void mismatchRollsBack() throws Exception {
    Replicating replicating = replicating("rb", 200, "");
    String migration = replicating.migration();
    String schema = replicating.schema();
    Path file = replicating.file();
    target("UPDATE \"" + schema + "\".notes SET body = 'tampered' WHERE id = 7");
    // the rehearsal sees the continuous validation's MISMATCH, and says the cutover would stop
    JsonPath rehearsal =
        await()
            .atMost(WAIT)
            .until(() -> CutoverApi.rehearse(migration), r -> !r.getBoolean("ready"));
    assertThat(rehearsal.getBoolean("checks.find { it.check == 'validation' }.ok")).isFalse();
    assertThat(rehearsal.getString("checks.find { it.check == 'validation' }.detail"))
        .contains("MISMATCH")
        .contains("notes");
    assertThat(rehearsal.getBoolean("checks.find { it.check == 'freeze' }.ok")).isTrue();

    CutoverApi.cutover(migration, "first try");
    JsonPath first = CutoverApi.awaitOutcome(migration, WAIT);
    assertThat(first.getString("outcome")).as(first.prettify()).isEqualTo("rolled_back");
    assertThat(first.getString("detail"))
        .contains("precutover validation")
        .contains("MISMATCH")
        .contains("notes");
    assertThat(first.getList("steps.step", String.class)).containsExactly("prepare", "rollback");
    assertThat(first.getString("steps.find { it.step == 'rollback' }.detail"))
        .isEqualTo("nothing was frozen");
    assertThat(CutoverApi.state(migration)).isEqualTo("ROLLED_BACK");
    String reason =
        Operator.given()
            .when()
            .get("/migrations/{id}", migration)
            .then()
            .extract()
            .path("stateReason");
    assertThat(reason).contains("rolled back").contains("MISMATCH");

    // the source takes writes again, and they still reach the target
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      st.executeUpdate("INSERT INTO notes (id, body) VALUES (5000, 'after the rollback')");
    }
    await().atMost(WAIT).until(() -> targetIds(schema).contains(5000L));

    // the operator repairs the target; the second cutover, with a full final gate, passes
    target("UPDATE \"" + schema + "\".notes SET body = 'note 7' WHERE id = 7");
    CutoverApi.cutover(migration, "second try", true);
    await()
        .atMost(WAIT)
        .until(() -> CutoverApi.awaitOutcome(migration, WAIT).getLong("id") > first.getLong("id"));
    JsonPath second = CutoverApi.awaitOutcome(migration, WAIT);
    assertThat(second.getString("outcome")).as(second.prettify()).isEqualTo("cut_over");
    assertThat(second.getString("steps.find { it.step == 'validate' }.detail"))
        .contains("of every row");
    assertThat(CutoverApi.state(migration)).isEqualTo("CUT_OVER");
    List<Long> expected = new ArrayList<>();
    for (long i = 1; i <= 200; i++) {
      expected.add(i);
    }
    expected.add(5000L);
    assertThat(targetIds(schema)).containsExactlyElementsOf(expected);
  }

  @Test
  @DisplayName(
      "Under the freeze the gate catches what happened after the precutover verification: a value"
          + " changed in the target in a row the source changed after P, and a row deleted from"
          + " the target behind apply's back; the cutover rolls back with nothing lost")
  void changedAfterPositionCaughtUnderFreeze() throws Exception {
    Replicating replicating = replicating("gate", 200, "");
    String migration = replicating.migration();
    String schema = replicating.schema();
    Path file = replicating.file();

    hooks.at(
        CutoverHooks.Point.PREPARED,
        m -> {
          if (!m.equals(migration)) {
            return;
          }
          try {
            // after P: the source changes row 9, apply brings it over ...
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement st = c.createStatement()) {
              st.executeUpdate("UPDATE notes SET body = 'changed after P' WHERE id = 9");
            }
            await().atMost(WAIT).until(() -> "changed after P".equals(targetBody(schema, 9)));
            // ... and then someone edits it in the target, and deletes an unchanged row there
            target("UPDATE \"" + schema + "\".notes SET body = 'tampered after P' WHERE id = 9");
            target("DELETE FROM \"" + schema + "\".notes WHERE id = 11");
          } catch (SQLException e) {
            throw new IllegalStateException(e);
          }
        });
    try {
      CutoverApi.cutover(migration, "the gate must look again");
      JsonPath result = CutoverApi.awaitOutcome(migration, WAIT);
      assertThat(result.getString("outcome")).as(result.prettify()).isEqualTo("rolled_back");
      assertThat(result.getList("steps.step", String.class))
          .containsExactly("prepare", "freeze", "fence", "drain", "validate", "rollback");
      assertThat(result.getString("steps.find { it.step == 'prepare' }.detail"))
          .contains("precutover verification")
          .contains("every one equal");
      assertThat(result.getString("detail"))
          .contains("final validation")
          .contains("MISMATCH")
          .contains("written outside apply")
          .contains("1 row differs")
          .contains("changed after the cutover's position");
    } finally {
      hooks.clear(CutoverHooks.Point.PREPARED);
    }
    assertThat(CutoverApi.state(migration)).isEqualTo("ROLLED_BACK");
    // the final result lists the row edited after P, by key and values
    JsonPath validation = validation(migration);
    assertThat(validation.getString("tables.find { it.mode == 'final' }.status"))
        .isEqualTo("MISMATCH");
    assertThat(validation.getInt("tables.find { it.mode == 'final' }.comparison.differingRows"))
        .isEqualTo(1);
    long finalId = validation.getLong("tables.find { it.mode == 'final' }.validationId");
    Operator.given()
        .when()
        .get("/migrations/{id}/validation/results/{vid}/differences", migration, finalId)
        .then()
        .statusCode(200)
        .body("differences[0].key.id", equalTo(9))
        .body("differences[0].sourceValues.body", equalTo("changed after P"))
        .body("differences[0].targetValues.body", equalTo("tampered after P"));
    // nothing lost: the source is writable and still replicates
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      st.executeUpdate("INSERT INTO notes (id, body) VALUES (6000, 'after the rollback')");
    }
    await().atMost(WAIT).until(() -> targetIds(schema).contains(6000L));
  }

  @Test
  @DisplayName(
      "A file in SQLite's default rollback-journal mode cut over while a writer runs: the"
          + " cutover's reads go in short transactions and the report says the longest lock one"
          + " held (sourceLockMs) and the pause the application saw (applicationPauseMs); nothing"
          + " lost")
  void rollbackJournalCutoverReportsItsReadLocks() throws Exception {
    String migration = "journal-" + UUID.randomUUID().toString().substring(0, 6);
    String schema = migration.replace('-', '_');
    Path file = source("journal", 20_000);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      st.execute("PRAGMA journal_mode=DELETE");
    }
    CutoverApi.submit(plan(migration, file, schema, file.resolveSibling("journal.env"), ""));
    CutoverApi.awaitState(migration, "REPLICATING", WAIT);
    await().atMost(WAIT).until(() -> targetIds(schema).size() == 20_000);

    Writer writer = new Writer(file, 2_000_001);
    Thread thread = new Thread(writer, "sqlite-journal-writer");
    thread.start();
    await().atMost(WAIT).until(() -> writer.committed.size() >= 50);
    CutoverApi.cutover(migration, "a rollback-journal file");
    JsonPath result = CutoverApi.awaitOutcome(migration, WAIT);
    writer.stop.set(true);
    thread.join();

    assertThat(result.getString("outcome")).as(result.prettify()).isEqualTo("cut_over");
    assertThat(result.getString("steps.find { it.step == 'freeze' }.detail"))
        .containsPattern("write lock after \\d+ ms, held \\d+ ms");
    long writePause = result.getLong("writePauseMs");
    // the precutover verification read 20,000 rows in 2,000-rowid transactions: each is measured
    assertThat(result.get("sourceLockMs") == null ? null : result.getLong("sourceLockMs"))
        .as(result.prettify())
        .isNotNull()
        .isNotNegative();
    assertThat(result.getLong("applicationPauseMs"))
        .isEqualTo(Math.max(writePause, result.getLong("sourceLockMs")));
    Set<Long> expected = new TreeSet<>();
    for (long i = 1; i <= 20_000; i++) {
      expected.add(i);
    }
    expected.addAll(writer.committed);
    assertThat(targetIds(schema)).isEqualTo(expected);
    assertThat(writer.failures).allMatch(m -> m.contains("moved to PostgreSQL"), "moved message");
    // the precutover verification read the file as of the cutover's position: the rows the writer
    // inserted after it were left out on both sides, not differences in every range
    List<String> precutover = validations(migration, "precutover");
    assertThat(precutover).as("precutover results").isNotEmpty();
    assertThat(precutover.get(0))
        .startsWith("MATCH")
        .contains("changed after the cutover's position left to the later comparisons by key");
  }

  /** The status and detail of a migration's validation results of one mode, oldest first. */
  private List<String> validations(String migration, String mode) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT status, detail FROM tributary.validations"
                    + " WHERE migration_id = ? AND lower(mode) = ? ORDER BY id")) {
      ps.setString(1, migration);
      ps.setString(2, mode);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1) + ": " + rs.getString(2));
        }
      }
    }
    return out;
  }

  @Test
  @DisplayName(
      "A change withheld from the stream after P passes the gate (it reads no table whole) and is"
          + " found by the post-switch verification, which recommends a fallback; the rows the"
          + " window wrote back are not differences")
  void changeWithheldFromTheStreamFoundAfterTheSwitch() throws Exception {
    Replicating replicating = replicating("withheld", 200, "");
    String migration = replicating.migration();
    String schema = replicating.schema();
    Path file = replicating.file();

    JsonPath result =
        CutoverApi.cutoverWithHook(
            hooks,
            CutoverHooks.Point.PREPARED,
            migration,
            "a change goes missing",
            WAIT,
            () -> {
              // after P: row 13 changes, and its change-log entry goes in the same transaction, so
              // capture never publishes it (what a lost event would do)
              try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                  Statement st = c.createStatement()) {
                c.setAutoCommit(false);
                st.executeUpdate(
                    "UPDATE notes SET body = 'withheld from the stream' WHERE id = 13");
                st.executeUpdate(
                    "DELETE FROM _tributary_changes"
                        + " WHERE rowid = (SELECT max(rowid) FROM _tributary_changes)");
                c.commit();
              }
            });
    assertThat(result.getString("outcome")).as(result.prettify()).isEqualTo("cut_over");
    assertThat(targetBody(schema, 13)).isEqualTo("note 13");
    // an application writes to the target after the switch: written back, not a difference
    target("UPDATE \"" + schema + "\".notes SET body = 'written on the target' WHERE id = 20");
    target("INSERT INTO \"" + schema + "\".notes (id, body) VALUES (7000, 'new on the target')");

    JsonPath fallback =
        CutoverApi.awaitOneRowDiffersAfterTheSwitch(
            migration, WAIT, 13, "withheld from the stream", "note 13");
    assertThat(fallback.getList("postSwitch.tables", String.class))
        .containsExactly("notes-app.notes MISMATCH");

    // asked again, it answers the same; the window's own writes are still left out
    Operator.given()
        .when()
        .post("/migrations/{id}/validate?mode=postswitch", migration)
        .then()
        .statusCode(202);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              JsonPath again =
                  Operator.given()
                      .when()
                      .get("/migrations/{id}/fallback", migration)
                      .then()
                      .statusCode(200)
                      .extract()
                      .jsonPath();
              assertThat(again.getLong("postSwitch.requestId"))
                  .isGreaterThan(fallback.getLong("postSwitch.requestId"));
              assertThat(again.getString("postSwitch.status")).isEqualTo("MISMATCH");
              assertThat(again.getLong("postSwitch.differingRows")).isEqualTo(1);
            });
    // outside the window it is refused, naming why
    Operator.given()
        .when()
        .post("/migrations/{id}/validate?mode=bogus", migration)
        .then()
        .statusCode(400)
        .body("error", containsString("postswitch"));
  }

  @Test
  @DisplayName(
      "A cutover rolled back after its finalize added the foreign keys drops them again, while"
          + " replication goes on (a child row may arrive before its parent, a cascade would delete"
          + " what the source keeps); the next cutover adds them back")
  void rollbackAfterFinalizeDropsForeignKeys() throws Exception {
    String migration = "fk-" + UUID.randomUUID().toString().substring(0, 6);
    String schema = migration.replace('-', '_');
    Path file = SqliteSourcesTestResource.newDirectory("cutover-").resolve("fk.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        Statement st = c.createStatement()) {
      st.execute("PRAGMA journal_mode=WAL");
      st.execute("CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
      st.execute(
          "CREATE TABLE notes (id INTEGER PRIMARY KEY,"
              + " author_id INTEGER REFERENCES authors (id) ON DELETE CASCADE, body TEXT)");
      st.execute("INSERT INTO authors VALUES (1, 'ada'), (2, 'alan')");
      st.execute("INSERT INTO notes VALUES (1, 1, 'a'), (2, 2, 'b'), (3, 2, 'c')");
    }
    CutoverApi.submit(
        plan(migration, file.toAbsolutePath(), schema, file.resolveSibling("fk.env"), ""));
    CutoverApi.awaitState(migration, "REPLICATING", WAIT);
    await().atMost(WAIT).until(() -> targetIds(schema).size() == 3);

    List<String> atFinalize = new ArrayList<>();
    hooks.at(
        CutoverHooks.Point.FINALIZED,
        m -> {
          if (!m.equals(migration)) {
            return;
          }
          try {
            atFinalize.addAll(foreignKeys(schema));
          } catch (SQLException e) {
            throw new IllegalStateException(e);
          }
          throw new CutoverStepException("stopped by the test after finalize");
        });
    try {
      CutoverApi.cutover(migration, "stopped after finalize");
      JsonPath first = CutoverApi.awaitOutcome(migration, WAIT);
      assertThat(first.getString("outcome")).as(first.prettify()).isEqualTo("rolled_back");
      assertThat(first.getString("steps.find { it.step == 'rollback' }.detail"))
          .contains("foreign keys dropped until the next cutover")
          .contains("notes_author_id_fkey");
    } finally {
      hooks.clear(CutoverHooks.Point.FINALIZED);
    }
    assertThat(atFinalize).as("added by finalize").containsExactly("notes_author_id_fkey");
    assertThat(foreignKeys(schema)).as("after the rollback").isEmpty();
    JsonPath finalize =
        Operator.given()
            .when()
            .get("/migrations/{id}/finalize", migration)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(finalize.getString("find { it.kind == 'FOREIGN_KEY' }.state")).isEqualTo("pending");
    assertThat(finalize.getString("find { it.kind == 'FOREIGN_KEY' }.detail"))
        .contains("rolled back");

    // replication goes on without it: a parent deleted in the source (its notes kept, SQLite
    // does not enforce foreign keys by default) leaves the target's notes in place too
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        Statement st = c.createStatement()) {
      st.executeUpdate("DELETE FROM authors WHERE id = 2");
      st.executeUpdate("INSERT INTO notes VALUES (4, 2, 'd')");
    }
    await().atMost(WAIT).until(() -> targetIds(schema).contains(4L));
    assertThat(targetIds(schema)).containsExactly(1L, 2L, 3L, 4L);

    // the next cutover adds the foreign key back (NOT VALID, the orphans reported) and switches
    long second = CutoverApi.cutover(migration, "again");
    await()
        .atMost(WAIT)
        .until(() -> CutoverApi.awaitOutcome(migration, WAIT).getLong("id") == second);
    JsonPath result = CutoverApi.awaitOutcome(migration, WAIT);
    assertThat(result.getString("outcome")).as(result.prettify()).isEqualTo("cut_over");
    assertThat(foreignKeys(schema)).containsExactly("notes_author_id_fkey");
    assertThat(targetIds(schema)).containsExactly(1L, 2L, 3L, 4L);
  }

  /** The names of the foreign keys in the target schema. */
  private List<String> foreignKeys(String schema) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT conname FROM pg_constraint WHERE contype = 'f'"
                    + " AND connamespace = to_regnamespace(quote_ident(?)) ORDER BY 1")) {
      ps.setString(1, schema);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          names.add(rs.getString(1));
        }
      }
    }
    return names;
  }

  @Test
  @DisplayName(
      "Open rejects hold a cutover: a row rejected while the cutover drains fails its gate and it"
          + " rolls back; then the rehearsal and the start refuse, naming the table and the"
          + " reason; with acceptRejects=true the cutover leaves them behind and says so")
  void openRejectsHoldTheCutover() throws Exception {
    Replicating replicating =
        replicating("rej", 50, "    tables:\n      notes: { checks: [ \"body <> 'poison'\" ] }");
    String migration = replicating.migration();
    String schema = replicating.schema();
    Path file = replicating.file();

    hooks.at(
        CutoverHooks.Point.PREPARED,
        m -> {
          if (!m.equals(migration)) {
            return;
          }
          // after the precutover verification, a row the target's CHECK refuses
          try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
              Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO notes (id, body) VALUES (51, 'poison')");
          } catch (SQLException e) {
            throw new IllegalStateException(e);
          }
        });
    try {
      CutoverApi.cutover(migration, "rejected while draining");
      JsonPath first = CutoverApi.awaitOutcome(migration, WAIT);
      assertThat(first.getString("outcome")).as(first.prettify()).isEqualTo("rolled_back");
      assertThat(first.getList("steps.step", String.class))
          .containsExactly("prepare", "freeze", "fence", "drain", "validate", "rollback");
      assertThat(first.getString("detail"))
          .contains("has open rejects")
          .contains("1 row in 1 table: notes-app.notes 1 (")
          .contains("acceptRejects=true");
    } finally {
      hooks.clear(CutoverHooks.Point.PREPARED);
    }
    assertThat(CutoverApi.state(migration)).isEqualTo("ROLLED_BACK");
    assertThat(targetIds(schema)).hasSize(50).doesNotContain(51L);

    JsonPath rehearsal = CutoverApi.rehearse(migration);
    assertThat(rehearsal.getBoolean("ready")).as(rehearsal.prettify()).isFalse();
    assertThat(rehearsal.getBoolean("checks.find { it.check == 'rejects' }.ok")).isFalse();
    Operator.given()
        .contentType("application/json")
        .body(Map.of("reason", "again"))
        .when()
        .post("/migrations/{id}/cutover", migration)
        .then()
        .statusCode(409)
        .body("error", containsString("notes-app.notes 1 ("));
    assertThat(CutoverApi.state(migration)).isEqualTo("ROLLED_BACK");

    long id =
        CutoverApi.cutover(migration, "leave the poison behind", Map.of("acceptRejects", true));
    await().atMost(WAIT).until(() -> CutoverApi.awaitOutcome(migration, WAIT).getLong("id") == id);
    JsonPath second = CutoverApi.awaitOutcome(migration, WAIT);
    assertThat(second.getString("outcome")).as(second.prettify()).isEqualTo("cut_over");
    assertThat(second.getString("steps.find { it.step == 'validate' }.detail"))
        .contains("open rejects left behind, as operator accepted: 1 row in 1 table");
    assertThat(targetIds(schema)).hasSize(50);
  }

  @Test
  @DisplayName(
      "A failing capture is shown where the operator looks — the source's captureError, each of"
          + " its tables' problem, the state reason, the audit log — and cleared once capture runs"
          + " again; nothing is lost")
  void captureErrorsAreShown() throws Exception {
    Replicating replicating = replicating("err", 20, "");
    String migration = replicating.migration();
    String schema = replicating.schema();
    Path file = replicating.file();

    // someone removes Tributary's change log from the file: capture's next read fails
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      st.execute("DROP TABLE _tributary_changes");
    }
    JsonPath failing =
        await()
            .atMost(WAIT)
            .until(
                () -> CutoverApi.migration(migration),
                m -> m.getString("sources[0].captureError") != null);
    assertThat(failing.getString("sources[0].captureError")).contains("_tributary_changes");
    assertThat(failing.getInt("sources[0].captureFailures")).isPositive();
    assertThat(failing.getString("tables[0].problem"))
        .startsWith("capture of source 'notes-app' is failing (")
        .contains("_tributary_changes");
    assertThat(failing.getString("stateReason"))
        .contains("capture of source 'notes-app' is failing");
    assertThat(CutoverApi.eventReasons(migration))
        .anyMatch(r -> r.startsWith("capture of source 'notes-app' is failing: "));

    // capture starts again (it puts its change log back) and the error is cleared
    JsonPath recovered =
        await()
            .atMost(WAIT)
            .until(
                () -> CutoverApi.migration(migration),
                m -> m.getString("sources[0].captureError") == null);
    assertThat(recovered.getString("tables[0].problem")).isNull();
    assertThat(CutoverApi.eventReasons(migration))
        .contains("capture of source 'notes-app' runs again");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      st.executeUpdate("INSERT INTO notes (id, body) VALUES (21, 'after the repair')");
    }
    await().atMost(WAIT).until(() -> targetIds(schema).contains(21L));
    assertThat(targetIds(schema)).hasSize(21);
  }

  @Test
  @DisplayName(
      "A table apply cannot write (the target fails every attempt, not because of a row) is"
          + " shown where the operator looks — the table's problem, the state reason, the audit"
          + " log — and cleared once apply writes it again; nothing is lost")
  void applyErrorsAreShown() throws Exception {
    Replicating replicating = replicating("aerr", 20, "");
    String migration = replicating.migration();
    String schema = replicating.schema();
    Path file = replicating.file();

    // the target fails every write of the table with a transient error (disk full, 53100)
    target(
        "CREATE FUNCTION \""
            + schema
            + "\".planted_failure() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION"
            + " 'the target disk is full (planted by the test)' USING ERRCODE = '53100'; END $$");
    target(
        "CREATE TRIGGER planted_failure BEFORE INSERT OR UPDATE ON \""
            + schema
            + "\".notes FOR EACH ROW EXECUTE FUNCTION \""
            + schema
            + "\".planted_failure()");
    // apply writes as a replica: a trigger fires for it only when enabled ALWAYS
    target("ALTER TABLE \"" + schema + "\".notes ENABLE ALWAYS TRIGGER planted_failure");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      st.executeUpdate("INSERT INTO notes (id, body) VALUES (21, 'while the target fails')");
    }
    JsonPath failing =
        await()
            .atMost(WAIT)
            .until(
                () -> CutoverApi.migration(migration),
                m -> m.getString("tables[0].problem") != null);
    assertThat(failing.getString("tables[0].problem"))
        .startsWith("apply cannot write this table since ")
        .contains("the target disk is full (planted by the test)");
    assertThat(failing.getString("stateReason"))
        .contains("notes-app.notes: apply cannot write this table since ");
    assertThat(CutoverApi.eventReasons(migration))
        .anyMatch(r -> r.startsWith("apply cannot write notes-app.notes: "));
    assertThat(targetIds(schema)).doesNotContain(21L);

    // the target is repaired: apply writes the row it held back and the error is cleared
    target("DROP TRIGGER planted_failure ON \"" + schema + "\".notes");
    await().atMost(WAIT).until(() -> targetIds(schema).contains(21L));
    JsonPath recovered =
        await()
            .atMost(WAIT)
            .until(
                () -> CutoverApi.migration(migration),
                m -> m.getString("tables[0].problem") == null);
    assertThat(recovered.getString("stateReason")).doesNotContain("apply cannot write");
    assertThat(CutoverApi.eventReasons(migration)).contains("apply writes notes-app.notes again");
    assertThat(targetIds(schema)).hasSize(21);
    assertThat(targetBody(schema, 21)).isEqualTo("while the target fails");
  }

  private String targetBody(String schema, long id) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT body FROM \"" + schema + "\".notes WHERE id = " + id)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }
}
