package io.tributary.orchestrator.cutover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.tributary.auth.Operator;
import io.tributary.common.control.CaptureNames;
import io.tributary.orchestrator.LocalPgBouncer;
import io.tributary.orchestrator.SqliteSourcesTestResource;
import io.tributary.orchestrator.freeze.PgBouncerConfigFile;
import io.tributary.testing.TestInfrastructure;
import io.tributary.testing.TributaryTestResource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.assertj.core.api.Assertions;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The near-zero-downtime cutover: applications write to a PostgreSQL source through a real
 * PgBouncer; the cutover pauses the database there, drains, validates, finalizes, points PgBouncer
 * at the unified target and resumes. Clients see a short wait, never an error, and every write is
 * in the target.
 */
@QuarkusTest
@WithTestResource(TributaryTestResource.class)
@WithTestResource(SqliteSourcesTestResource.class)
class PgBouncerCutoverIT {
  static {
    try {
      Class.forName("org.postgresql.Driver");
    } catch (ClassNotFoundException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static final Duration WAIT = Duration.ofMinutes(2);
  private static final int CLIENTS = 4;

  /** Each client's pause between writes: 4 clients at about 400 writes/s in all. */
  private static final long CLIENT_PAUSE_MS = 8;

  private static final String TARGET_ROLE_PASSWORD = "cutover-it-role";

  @ConfigProperty(name = TributaryTestResource.JDBC_URL)
  String jdbcUrl;

  @ConfigProperty(name = TributaryTestResource.DATABASE)
  String database;

  @ConfigProperty(name = "quarkus.datasource.username")
  String user;

  @ConfigProperty(name = "quarkus.datasource.password")
  String password;

  @Inject CutoverHooks hooks;

  @BeforeEach
  void services() throws Exception {
    CutoverServices.ensure(database);
  }

  /** One client: autocommit inserts through PgBouncer, each with a token of its own. */
  private static final class Client implements Runnable {
    final String url;
    final String user;
    final String password;
    final AtomicBoolean stop;
    final ConcurrentLinkedQueue<String> committed;
    final ConcurrentLinkedQueue<String> failures;
    final ConcurrentLinkedQueue<long[]> latencies; // {startedAtMillis, micros}

    Client(
        String url,
        String user,
        String password,
        AtomicBoolean stop,
        ConcurrentLinkedQueue<String> committed,
        ConcurrentLinkedQueue<String> failures,
        ConcurrentLinkedQueue<long[]> latencies) {
      this.url = url;
      this.user = user;
      this.password = password;
      this.stop = stop;
      this.committed = committed;
      this.failures = failures;
      this.latencies = latencies;
    }

    @Override
    public void run() {
      try (Connection c = DriverManager.getConnection(url, user, password);
          PreparedStatement insert =
              c.prepareStatement(
                  "INSERT INTO events (token, body) VALUES (?::uuid, ?) RETURNING id")) {
        while (!stop.get()) {
          String token = UUID.randomUUID().toString();
          long started = System.nanoTime();
          try {
            insert.setString(1, token);
            insert.setString(2, "event " + token.substring(0, 8));
            try (ResultSet rs = insert.executeQuery()) {
              rs.next();
            }
            committed.add(token);
          } catch (SQLException e) {
            failures.add(e.getMessage());
          }
          latencies.add(
              new long[] {System.currentTimeMillis(), (System.nanoTime() - started) / 1000});
          Thread.sleep(CLIENT_PAUSE_MS);
        }
      } catch (SQLException e) {
        failures.add("client stopped: " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Test
  @DisplayName(
      "PostgreSQL behind PgBouncer, 4 clients writing: zero failed transactions, every write in the"
          + " target, a write pause of about a second")
  void cutoverThroughPgBouncer() throws Exception {
    TestInfrastructure infra = TestInfrastructure.get();
    String sourceDb = infra.createDatabase("cutover_pg");
    try (Connection c = infra.connect(sourceDb);
        Statement st = c.createStatement()) {
      st.execute(
          "CREATE TABLE events (id bigserial PRIMARY KEY, token uuid NOT NULL UNIQUE, body text,"
              + " at timestamptz NOT NULL DEFAULT now())");
      st.execute(
          "INSERT INTO events (token, body) SELECT gen_random_uuid(), 'seed ' || i"
              + " FROM generate_series(1, 2000) i");
    }
    String migration = "pgb-" + UUID.randomUUID().toString().substring(0, 6);
    String schema = migration.replace('-', '_');
    String sourceEntry =
        PgBouncerConfigFile.connectionString(
            infra.postgresHost(), infra.postgresPort(), sourceDb, user, password);
    try (LocalPgBouncer bouncer = LocalPgBouncer.start(Map.of("app", sourceEntry))) {
      CutoverApi.submit(
          """
          migration: %s
          sources:
            - name: events-app
              kind: postgres
              url: %s
              schema: %s
          cutover:
            timeouts: { freeze: 10s, drain: 30s, validate: 60s }
            actions:
              - pgbouncer:
                  source: events-app
                  admin: %s
                  database: app
                  config: %s
                  target-password: %s
          """
              .formatted(
                  migration,
                  infra.sourceUrl(sourceDb),
                  schema,
                  bouncer.adminUrl(),
                  bouncer.configFile(),
                  TARGET_ROLE_PASSWORD));
      CutoverApi.awaitState(migration, "REPLICATING", WAIT);
      try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
          Statement st = c.createStatement()) {
        // the operator hands the application's target role a password (PgBouncer logs in with it)
        st.execute("ALTER ROLE \"" + schema + "\" PASSWORD '" + TARGET_ROLE_PASSWORD + "'");
      }

      AtomicBoolean stop = new AtomicBoolean();
      ConcurrentLinkedQueue<String> committed = new ConcurrentLinkedQueue<>();
      ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
      ConcurrentLinkedQueue<long[]> latencies = new ConcurrentLinkedQueue<>();
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < CLIENTS; i++) {
        Thread t =
            new Thread(
                new Client(
                    bouncer.jdbcUrl("app"), user, password, stop, committed, failures, latencies),
                "client-" + i);
        t.start();
        threads.add(t);
      }
      await()
          .atMost(WAIT)
          .failFast("a client write failed", () -> !failures.isEmpty())
          .until(() -> committed.size() >= 1000);
      long beforeCutover = committed.size();
      long windowStart = System.currentTimeMillis();
      CutoverApi.cutover(migration, "one database for everything");
      JsonPath result = CutoverApi.awaitOutcome(migration, WAIT);
      long afterSwitch = committed.size();
      await()
          .atMost(WAIT)
          .failFast("a client write failed: " + failures.peek(), () -> !failures.isEmpty())
          .until(() -> committed.size() >= afterSwitch + 500);
      stop.set(true);
      for (Thread t : threads) {
        t.join();
      }
      long windowEnd = System.currentTimeMillis();

      assertThat(result.getString("outcome")).as(result.prettify()).isEqualTo("cut_over");
      assertThat(failures).as("failed client transactions").isEmpty();
      assertThat(CutoverApi.state(migration)).isEqualTo("CUT_OVER");
      // the source keeps the freeze's write guard after the switch: a client that reaches it
      // directly, not through PgBouncer, is refused instead of splitting the data
      try (Connection c = DriverManager.getConnection(infra.jdbcUrl(sourceDb), user, password);
          Statement st = c.createStatement()) {
        assertThatThrownBy(
                () -> st.execute("INSERT INTO public.events (token) VALUES (gen_random_uuid())"))
            .as("a direct write into the source after the switch")
            .hasMessageContaining("writes here are refused");
      }

      // every write is in the target, once: snapshot, replicated, and written after the switch
      Set<String> inTarget = new HashSet<>();
      long rows;
      try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
          Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT token::text FROM \"" + schema + "\".events")) {
        while (rs.next()) {
          inTarget.add(rs.getString(1));
        }
      }
      try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
          Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT count(*) FROM \"" + schema + "\".events")) {
        rs.next();
        rows = rs.getLong(1);
      }
      assertThat(inTarget).containsAll(committed);
      assertThat(rows).isEqualTo(2000 + committed.size());
      // writes after the switch went to the target, and back into the source (the fallback window)
      long targetRows = rows;
      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(300))
          .until(() -> tokens(infra.jdbcUrl(sourceDb), "public.events").size() == targetRows);

      long pause = result.getLong("writePauseMs");
      List<Long> during = new ArrayList<>();
      for (long[] l : latencies) {
        if (l[0] >= windowStart && l[0] <= windowEnd) {
          during.add(l[1]);
        }
      }
      Collections.sort(during);
      long maxLatencyMs = during.get(during.size() - 1) / 1000;
      System.out.printf(
          "PgBouncer cutover: write pause %d ms, client max latency %d ms, p99 %.1f ms, %d writes"
              + " before the cutover, %d committed in all, 0 failed%n",
          pause,
          maxLatencyMs,
          during.get((int) (during.size() * 0.99)) / 1000.0,
          beforeCutover,
          committed.size());
      // about a second on this machine's loopback; asserted with a generous bound
      assertThat(pause).isPositive().isLessThan(5_000);
      assertThat(maxLatencyMs).isLessThan(10_000);

      // the fallback window: the clients write to the target through PgBouncer, every write goes
      // back into the source; a fallback switches PgBouncer back while they write, none fails
      stop.set(false);
      ConcurrentLinkedQueue<String> again = new ConcurrentLinkedQueue<>();
      threads.clear();
      for (int i = 0; i < CLIENTS; i++) {
        Thread t =
            new Thread(
                new Client(
                    bouncer.jdbcUrl("app"), user, password, stop, again, failures, latencies),
                "client-back-" + i);
        t.start();
        threads.add(t);
      }
      await()
          .atMost(WAIT)
          .failFast("a client write failed: " + failures.peek(), () -> !failures.isEmpty())
          .until(() -> again.size() >= 500);
      JsonPath fallback =
          Operator.given()
              .contentType("application/json")
              .body("{\"reason\": \"PgBouncerCutoverIT\"}")
              .post("/migrations/{id}/fallback", migration)
              .then()
              .statusCode(200)
              .extract()
              .jsonPath();
      int afterFallback = again.size();
      await()
          .atMost(WAIT)
          .failFast("a client write failed: " + failures.peek(), () -> !failures.isEmpty())
          .until(() -> again.size() >= afterFallback + 500);
      stop.set(true);
      for (Thread t : threads) {
        t.join();
      }
      assertThat(fallback.getString("outcome")).as(fallback.prettify()).isEqualTo("fell_back");
      assertThat(failures).as("failed client transactions").isEmpty();
      // the gate under the target's freeze counted nothing: the source's write guard kept every
      // writer but the write-back out since the switch
      assertThat(CutoverApi.finalValidationDetails(migration))
          .isNotEmpty()
          .allSatisfy(d -> assertThat(d).contains("counts not read under the freeze"));
      // every write is in the source: those of the window written back, the later ones directly
      Set<String> inSource = tokens(infra.jdbcUrl(sourceDb), "public.events");
      assertThat(inSource).containsAll(committed).containsAll(again);
      assertThat(inSource).hasSize(2000 + committed.size() + again.size());
      // and capture streams the source into the target again, without a new snapshot
      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(
              () -> assertThat(tokens(jdbcUrl, "\"" + schema + "\".events")).isEqualTo(inSource));
      System.out.printf(
          "PgBouncer fallback: write pause %s ms, %d writes in the window, %d after, 0 failed%n",
          fallback.getString("writePauseMs"), afterFallback, again.size() - afterFallback);
    }
  }

  private Set<String> tokens(String url, String table) throws SQLException {
    Set<String> out = new HashSet<>();
    try (Connection c = DriverManager.getConnection(url, user, password);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT token::text FROM " + table)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  @Test
  @DisplayName(
      "PostgreSQL without PgBouncer: the writing role is made read-only and its session ended at"
          + " the freeze; after the switch the source stays read-only for it; every row is in the"
          + " target")
  void cutoverWithReadOnlyRoles() throws Exception {
    TestInfrastructure infra = TestInfrastructure.get();
    String sourceDb = infra.createDatabase("cutover_roles");
    String role = "app_" + UUID.randomUUID().toString().substring(0, 6);
    try (Connection c = infra.connect(sourceDb);
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE notes (id bigserial PRIMARY KEY, body text NOT NULL)");
      st.execute("INSERT INTO notes (body) SELECT 'seed ' || i FROM generate_series(1, 100) i");
      st.execute("CREATE ROLE " + role + " LOGIN PASSWORD 'app'");
      st.execute("GRANT INSERT, SELECT ON notes TO " + role);
      st.execute("GRANT USAGE ON SEQUENCE notes_id_seq TO " + role);
      // a function that writes with its owner's rights (the URL's user, never made read-only)
      st.execute(
          "CREATE FUNCTION add_note(b text) RETURNS void LANGUAGE sql SECURITY DEFINER"
              + " AS 'INSERT INTO notes (body) VALUES (b)'");
      st.execute("GRANT EXECUTE ON FUNCTION add_note(text) TO " + role);
    }
    String migration = replicating("rol", infra.sourceUrl(sourceDb));
    String schema = migration.replace('-', '_');
    String appUrl = infra.jdbcUrl(sourceDb);
    try (Connection app = DriverManager.getConnection(appUrl, role, "app")) {
      try (Statement st = app.createStatement()) {
        st.execute("INSERT INTO notes (body) VALUES ('before the cutover')");
      }
      CutoverApi.cutover(migration, "roles");
      JsonPath result = CutoverApi.awaitOutcome(migration, WAIT);
      assertThat(result.getString("outcome")).as(result.prettify()).isEqualTo("cut_over");
      assertThat(result.getString("steps.find { it.step == 'freeze' }.detail"))
          .contains(role)
          .contains("1 sessions ended");
      // the application's old session was ended
      Assertions.assertThatThrownBy(
              () -> {
                try (Statement st = app.createStatement()) {
                  st.execute("INSERT INTO notes (body) VALUES ('old session')");
                }
              })
          .isInstanceOf(SQLException.class);
    }
    // a new session of the role is read-only: the source stays frozen after the switch
    try (Connection app = DriverManager.getConnection(appUrl, role, "app");
        Statement st = app.createStatement()) {
      Assertions.assertThatThrownBy(
              () -> st.execute("INSERT INTO notes (body) VALUES ('after the switch')"))
          .hasMessageContaining("read-only transaction");
      // what the read-only default cannot stop, the write guard does (issue 47, M6): the session
      // turning it off, and a SECURITY DEFINER function writing as its owner
      st.execute("SET default_transaction_read_only = off");
      Assertions.assertThatThrownBy(
              () -> st.execute("INSERT INTO notes (body) VALUES ('read-only turned off')"))
          .hasMessageContaining("frozen");
      Assertions.assertThatThrownBy(() -> st.execute("SELECT add_note('through a definer')"))
          .hasMessageContaining("frozen");
    }
    // the URL's own user (a superuser here) is never made read-only; the guard refuses it too
    try (Connection owner = infra.connect(sourceDb);
        Statement st = owner.createStatement()) {
      Assertions.assertThatThrownBy(
              () -> st.execute("INSERT INTO notes (body) VALUES ('as the URL user')"))
          .hasMessageContaining("frozen");
      Assertions.assertThatThrownBy(() -> st.execute("TRUNCATE notes"))
          .hasMessageContaining("frozen");
      try (ResultSet rs =
          st.executeQuery(
              "SELECT count(*), count(*) FILTER (WHERE body IN ('read-only turned off',"
                  + " 'through a definer', 'as the URL user')) FROM notes")) {
        rs.next();
        assertThat(rs.getLong(1)).as("the source as frozen").isEqualTo(101);
        assertThat(rs.getLong(2)).isZero();
      }
    }
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT count(*), count(*) FILTER (WHERE body = 'before the cutover') FROM \""
                    + schema
                    + "\".notes")) {
      rs.next();
      assertThat(rs.getLong(1)).isEqualTo(101);
      assertThat(rs.getLong(2)).isEqualTo(1);
    }
  }

  @Test
  @DisplayName(
      "A freeze that stops after the roles it found (on a schema whose name holds a dot) were made"
          + " read-only rolls back: the roles are writable again, an operator's own read-only role"
          + " is left as it was, nothing is lost")
  void rolledBackFreezeLeavesNoRoleReadOnly() throws Exception {
    TestInfrastructure infra = TestInfrastructure.get();
    String sourceDb = infra.createDatabase("cutover_undo");
    String suffix = UUID.randomUUID().toString().substring(0, 6);
    String role = "app_" + suffix;
    String reader = "reporting_" + suffix;
    try (Connection c = infra.connect(sourceDb);
        Statement st = c.createStatement()) {
      // the application's schema has a dot in its name
      st.execute("CREATE SCHEMA \"app.data\"");
      st.execute("CREATE TABLE \"app.data\".notes (id bigserial PRIMARY KEY, body text NOT NULL)");
      st.execute(
          "INSERT INTO \"app.data\".notes (body) SELECT 'seed ' || i FROM generate_series(1, 50) i");
      st.execute("CREATE ROLE " + role + " LOGIN PASSWORD 'app'");
      st.execute("GRANT USAGE ON SCHEMA \"app.data\" TO " + role);
      st.execute("GRANT INSERT, SELECT ON \"app.data\".notes TO " + role);
      st.execute("GRANT USAGE ON SEQUENCE \"app.data\".notes_id_seq TO " + role);
      // a role the operator keeps read-only in this database on purpose, with write grants
      st.execute("CREATE ROLE " + reader + " LOGIN PASSWORD 'rep'");
      st.execute("GRANT USAGE ON SCHEMA \"app.data\" TO " + reader);
      st.execute("GRANT INSERT, SELECT ON \"app.data\".notes TO " + reader);
      st.execute(
          "ALTER ROLE "
              + reader
              + " IN DATABASE "
              + sourceDb
              + " SET default_transaction_read_only = on");
    }
    String migration = "undo-" + suffix;
    String schema = migration.replace('-', '_');
    CutoverApi.submit(
        """
        migration: %s
        sources:
          - name: notes-app
            kind: postgres
            url: %s
            schemas: { "app.data": %s }
        """
            .formatted(migration, infra.sourceUrl(sourceDb), schema));
    CutoverApi.awaitState(migration, "REPLICATING", WAIT);
    List<String> readOnlyWhenStopped = new ArrayList<>();
    List<Long> guardsWhenStopped = new ArrayList<>();
    hooks.at(
        CutoverHooks.Point.SOURCE_FROZEN,
        id -> {
          if (id.equals(migration)) {
            try {
              readOnlyWhenStopped.addAll(readOnlyRoles(infra, sourceDb));
              guardsWhenStopped.add(writeGuards(infra, sourceDb));
            } catch (SQLException e) {
              throw new IllegalStateException(e);
            }
            throw new CutoverStepException("stopped by the test after the source froze");
          }
        });
    try {
      CutoverApi.cutover(migration, "undo");
      JsonPath result = CutoverApi.awaitOutcome(migration, WAIT);
      assertThat(result.getString("outcome")).as(result.prettify()).isEqualTo("rolled_back");
    } finally {
      hooks.clear(CutoverHooks.Point.SOURCE_FROZEN);
    }
    assertThat(readOnlyWhenStopped).as("frozen when the test stopped it").contains(role);
    assertThat(guardsWhenStopped)
        .as("the write guard's trigger and function when the test stopped it")
        .containsExactly(2L);
    assertThat(readOnlyRoles(infra, sourceDb))
        .as("after the rollback, only the operator's own read-only role")
        .containsExactly(reader);
    assertThat(writeGuards(infra, sourceDb)).as("write guards after the rollback").isZero();
    // the application writes again, and its write replicates
    String appUrl = infra.jdbcUrl(sourceDb);
    try (Connection app = DriverManager.getConnection(appUrl, role, "app");
        Statement st = app.createStatement()) {
      st.execute("INSERT INTO \"app.data\".notes (body) VALUES ('after the rollback')");
    }
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
                  Statement st = c.createStatement();
                  ResultSet rs =
                      st.executeQuery(
                          "SELECT count(*), count(*) FILTER (WHERE body = 'after the rollback')"
                              + " FROM \""
                              + schema
                              + "\".notes")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(51);
                assertThat(rs.getLong(2)).isEqualTo(1);
              }
            });
  }

  @Test
  @DisplayName(
      "PostgreSQL: a change withheld from the stream after P (its table out of capture's"
          + " publication for that one transaction) passes the gate, which reads no table whole,"
          + " and the post-switch verification finds it, naming the row and recommending a"
          + " fallback")
  void changeWithheldFromTheStreamFoundAfterTheSwitch() throws Exception {
    TestInfrastructure infra = TestInfrastructure.get();
    String sourceDb = infra.createDatabase("cutover_withheld");
    try (Connection c = infra.connect(sourceDb);
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE notes (id bigint PRIMARY KEY, body text NOT NULL)");
      st.execute("INSERT INTO notes SELECT i, 'note ' || i FROM generate_series(1, 200) i");
    }
    String migration = replicating("whd", infra.sourceUrl(sourceDb));
    String schema = migration.replace('-', '_');
    JsonPath result =
        CutoverApi.cutoverWithHook(
            hooks,
            CutoverHooks.Point.PREPARED,
            migration,
            "a change goes missing",
            WAIT,
            () -> {
              // after P: row 13 changes while its table is out of capture's publication, so
              // logical decoding never sends the change (what a lost event would do)
              try (Connection c = infra.connect(sourceDb);
                  Statement st = c.createStatement()) {
                String publication = CaptureNames.postgresSlot(migration, "notes-app");
                c.setAutoCommit(false);
                st.execute("ALTER PUBLICATION \"" + publication + "\" DROP TABLE notes");
                c.commit();
                st.executeUpdate(
                    "UPDATE notes SET body = 'withheld from the stream' WHERE id = 13");
                c.commit();
                st.execute("ALTER PUBLICATION \"" + publication + "\" ADD TABLE notes");
                c.commit();
              }
            });
    assertThat(result.getString("outcome")).as(result.prettify()).isEqualTo("cut_over");
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT body FROM \"" + schema + "\".notes WHERE id = 13")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).as("the target never got the change").isEqualTo("note 13");
    }

    CutoverApi.awaitOneRowDiffersAfterTheSwitch(
        migration, WAIT, 13, "withheld from the stream", "note 13");
  }

  /**
   * Submits a migration of the source {@code notes-app} at this URL into a schema named as the
   * migration, and awaits REPLICATING.
   *
   * @return the migration's name ({@code prefix-} and six random characters)
   */
  private static String replicating(String prefix, String sourceUrl) {
    String migration = prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
    CutoverApi.submit(
        """
        migration: %s
        sources:
          - name: notes-app
            kind: postgres
            url: %s
            schema: %s
        """
            .formatted(migration, sourceUrl, migration.replace('-', '_')));
    CutoverApi.awaitState(migration, "REPLICATING", WAIT);
    return migration;
  }

  /** How many write-guard triggers and functions the database holds, together. */
  private static long writeGuards(TestInfrastructure infra, String database) throws SQLException {
    try (Connection c = infra.connect(database);
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT (SELECT count(*) FROM pg_trigger WHERE tgname = 'tributary_frozen_write')"
                    + " + (SELECT count(*) FROM pg_proc WHERE proname = 'tributary_frozen_write')")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The roles with {@code default_transaction_read_only} set in the database. */
  private static List<String> readOnlyRoles(TestInfrastructure infra, String database)
      throws SQLException {
    List<String> roles = new ArrayList<>();
    try (Connection c = infra.connect(database);
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT r.rolname FROM pg_db_role_setting s JOIN pg_roles r ON r.oid = s.setrole"
                    + " JOIN pg_database d ON d.oid = s.setdatabase WHERE d.datname = ?"
                    + " AND 'default_transaction_read_only=on' = ANY(s.setconfig)"
                    + " ORDER BY 1")) {
      ps.setString(1, database);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          roles.add(rs.getString(1));
        }
      }
    }
    return roles;
  }
}
