package io.tributary.orchestrator.cutover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import io.tributary.common.fault.FaultPoints;
import io.tributary.testing.FaultWorkload;
import io.tributary.testing.LocalPostgres;
import io.tributary.testing.MarkdownTable;
import io.tributary.testing.PostgresEndpoint;
import io.tributary.testing.ServiceProcess;
import io.tributary.testing.TestInfrastructure;
import io.tributary.testing.TributaryInfraExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The fault suite of the whole pipeline (outside the default run: {@code bench/faults.sh}): the
 * orchestrator, cdc-service and validator-service as processes, the local PostgreSQL and Kafka
 * broker of the test infrastructure. Each scenario migrates a SQLite file of its own while a writer
 * inserts, updates and deletes, then:
 *
 * <ul>
 *   <li>halts the orchestrator at a cutover step's fault point ({@code cutover.before-<step>},
 *       {@code cutover.after-<step>}) and starts it again: recovery rolls back, or finishes a begun
 *       switch;
 *   <li>pauses the orchestrator at {@code cutover.before-<step>}, kills another process there
 *       (cdc-service, validator-service: SIGKILL; the Kafka broker: SIGKILL; PostgreSQL: immediate
 *       shutdown), starts it again and lets the cutover go on;
 *   <li>kills a process while the migration snapshots or streams, starts it again, then cuts over.
 * </ul>
 *
 * Every scenario must end with the cutover CUT_OVER or ROLLED_BACK (never stuck, never FAILED), no
 * read-only trigger left in a rolled-back source, and the target equal to the source row for row;
 * the table goes to {@code target/cutover-fault-suite.md}.
 */
@ExtendWith(TributaryInfraExtension.class)
class CutoverFaultSuiteIT {
  static {
    try {
      Class.forName("org.sqlite.JDBC");
      Class.forName("org.postgresql.Driver");
    } catch (ClassNotFoundException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static final Duration LONG = Duration.ofMinutes(4);
  private static final int ROWS = 5_000;
  private static final String TOKEN = "fault-suite-operator-token-0d41";
  private static final List<String> HALT_STEPS =
      List.of("prepare", "freeze", "fence", "drain", "validate", "finalize", "switch");
  private static final List<String> PAUSE_STEPS = List.of("freeze", "drain", "validate", "switch");
  private static final List<String> VICTIMS =
      List.of("cdc-service", "validator-service", "kafka", "postgres");

  /**
   * A scenario: {@code kind} halt (the orchestrator halts at {@code point}), pause (the
   * orchestrator waits at {@code point} while {@code victim} is killed and restarted), or phase
   * ({@code victim} killed and restarted during {@code point}: snapshot or streaming).
   */
  record Scenario(String kind, String point, String victim, String source) {
    Scenario(String kind, String point, String victim) {
      this(kind, point, victim, "sqlite");
    }

    String name() {
      String what =
          switch (kind) {
            case "halt" -> "orchestrator halted at " + point;
            case "vhalt" -> "validator-service halted at " + point;
            case "pause" -> victim + " killed at " + point;
            default -> victim + " killed in " + point;
          };
      return source.equals("postgres") ? what + " (PostgreSQL source)" : what;
    }
  }

  /** What a scenario measured; recover -1: the cutover never ended. */
  record Outcome(
      Scenario scenario, String outcome, long recoverMs, long lost, long extra, long frozen) {}

  static List<Scenario> scenarios() {
    List<Scenario> all = new ArrayList<>();
    for (String step : HALT_STEPS) {
      all.add(new Scenario("halt", "cutover.before-" + step, "orchestrator"));
      all.add(new Scenario("halt", "cutover.after-" + step, "orchestrator"));
    }
    // validator-service halted with its results published, its request not finished
    all.add(new Scenario("vhalt", "validate.precutover.before-finish", "validator-service"));
    all.add(new Scenario("vhalt", "validate.final.before-finish", "validator-service"));
    for (String step : PAUSE_STEPS) {
      for (String victim : VICTIMS) {
        all.add(new Scenario("pause", "cutover.before-" + step, victim));
      }
    }
    for (String victim : List.of("kafka", "postgres")) {
      all.add(new Scenario("phase", "snapshot", victim));
    }
    for (String victim : List.of("orchestrator", "validator-service", "kafka", "postgres")) {
      all.add(new Scenario("phase", "streaming", victim));
    }
    // a PostgreSQL source, in a server of its own: its roles frozen, its server crashed
    all.add(new Scenario("halt", "cutover.after-freeze", "orchestrator", "postgres"));
    for (String step : PAUSE_STEPS) {
      all.add(new Scenario("pause", "cutover.before-" + step, "postgres-source", "postgres"));
    }
    all.add(new Scenario("phase", "snapshot", "postgres-source", "postgres"));
    all.add(new Scenario("phase", "streaming", "postgres-source", "postgres"));
    return all;
  }

  @Test
  @DisplayName(
      "the orchestrator halted at every cutover step, and cdc-service, validator-service, Kafka"
          + " and PostgreSQL killed before the steps and while replicating, with a writer running:"
          + " every cutover ends, no source stays frozen, nothing is lost or doubled")
  void faultSuite(TestInfrastructure infra) throws Exception {
    // The tests' server runs without durability; a crash must not lose committed transactions, as
    // it does not with PostgreSQL's defaults (asynchronous commit loses the last ones)
    durable(infra.postgres());
    List<Scenario> selected = selected();
    List<Outcome> outcomes = new ArrayList<>();
    int n = 0;
    for (Scenario scenario : selected) {
      Outcome outcome = new Run(infra, scenario, "cfault" + ++n).execute();
      System.out.println("fault suite: " + outcome);
      outcomes.add(outcome);
    }
    MarkdownTable table =
        new MarkdownTable(
            "scenario",
            "outcome",
            "recover (ms)",
            "rows lost",
            "rows doubled or extra",
            "sources left frozen");
    for (Outcome o : outcomes) {
      table.add(o.scenario().name(), o.outcome(), o.recoverMs(), o.lost(), o.extra(), o.frozen());
    }
    table.write(Path.of("target", "cutover-fault-suite.md"));
    assertThat(outcomes)
        .allSatisfy(
            o -> {
              String name = o.scenario().name();
              assertThat(o.outcome()).as("%s: outcome", name).isIn("cut_over", "rolled_back");
              assertThat(o.lost()).as("%s: rows lost", name).isZero();
              assertThat(o.extra()).as("%s: rows extra", name).isZero();
              assertThat(o.frozen()).as("%s: sources left frozen", name).isZero();
            });
  }

  private static void durable(PostgresEndpoint server) throws SQLException {
    try (Connection c =
            DriverManager.getConnection(
                server.jdbcUrl("postgres"), server.user(), server.password());
        Statement st = c.createStatement()) {
      st.execute("ALTER SYSTEM SET synchronous_commit = on");
      st.execute("SELECT pg_reload_conf()");
    }
  }

  private static LocalPostgres sourceServer;

  /** The PostgreSQL server of the PostgreSQL sources, started on first use. */
  private static synchronized LocalPostgres sourceServer() throws SQLException {
    if (sourceServer == null) {
      sourceServer = LocalPostgres.start();
      durable(sourceServer.endpoint());
    }
    return sourceServer;
  }

  /** {@code -Dtributary.faults.only=<text>}: the scenarios whose name contains it. */
  private static List<Scenario> selected() {
    String only = System.getProperty("tributary.faults.only", "");
    return scenarios().stream().filter(s -> s.name().contains(only)).toList();
  }

  /** One scenario's processes and data. */
  private static final class Run {
    private final TestInfrastructure infra;
    private final Scenario scenario;
    private final String migration;
    private final String database;
    private final String jdbcUrl;
    private final Path dir;
    private final Path pause;
    private final Map<String, ServiceProcess> processes = new HashMap<>();

    Run(TestInfrastructure infra, Scenario scenario, String migration) throws Exception {
      this.infra = infra;
      this.scenario = scenario;
      this.migration = migration;
      this.database = infra.createTargetDatabase(migration);
      this.jdbcUrl = infra.jdbcUrl(database);
      this.dir =
          Files.createDirectories(Path.of("target", "cutover-faults", database).toAbsolutePath());
      this.pause = dir.resolve("pause");
    }

    Outcome execute() throws Exception {
      FaultWorkload workload = workload();
      workload.startWriting();
      String outcome = "none";
      long recoverMs = -1;
      try {
        start("cdc-service");
        start("validator-service");
        start("orchestrator");
        submit(workload.file() != null ? sqliteSource(workload.file()) : postgresSource());
        if (scenario.kind().equals("phase") && scenario.point().equals("snapshot")) {
          await()
              .atMost(LONG)
              .pollInterval(Duration.ofMillis(50))
              .until(() -> !state().equals("PROVISIONED") && !state().equals("PLANNED"));
          killAndRestart(scenario.victim());
        }
        await().atMost(LONG).until(() -> state().equals("REPLICATING"));
        long written = workload.writes();
        await().atMost(LONG).until(() -> workload.writes() > written + 50);
        if (scenario.kind().equals("phase") && scenario.point().equals("streaming")) {
          killAndRestart(scenario.victim());
          long again = workload.writes();
          await().atMost(LONG).until(() -> workload.writes() > again + 50);
        }
        long restarted = cutover();
        outcome = awaitOutcome();
        recoverMs = (System.nanoTime() - restarted) / 1_000_000;
        if (outcome.equals("rolled_back")) {
          long before = workload.writes();
          // replication goes on and the source takes writes again
          await().atMost(LONG).until(() -> workload.writes() > before + 50);
        }
        workload.stopWriting();
        await()
            .atMost(LONG)
            .pollInterval(Duration.ofMillis(500))
            .until(() -> converged(workload.difference(jdbcUrl, "postgres", "postgres", table())));
      } catch (ConditionTimeoutException e) {
        // never converged (or the source never took writes again): the scenario fails
        System.out.println("fault suite: " + scenario.name() + ": " + e.getMessage());
        outcome = outcome + ", then stuck";
      } finally {
        workload.close();
        for (ServiceProcess p : processes.values()) {
          p.close();
        }
      }
      long[] diff = workload.difference(jdbcUrl, "postgres", "postgres", table());
      long frozen = outcome.equals("cut_over") || !workload.frozen() ? 0 : 1;
      return new Outcome(scenario, outcome, recoverMs, diff[0], diff[1], frozen);
    }

    /**
     * Starts the cutover and the scenario's fault in it; when the cutover went on again (the
     * orchestrator restarted, the killed process back).
     */
    private long cutover() throws Exception {
      RequestSpecification request =
          operator().contentType("application/json").body(Map.of("reason", scenario.name()));
      try {
        request.when().post("/migrations/{id}/cutover", migration).then().statusCode(202);
      } catch (Exception e) {
        if (!scenario.kind().equals("halt")) {
          throw e;
        }
        // halted before it answered: the cutover was recorded all the same
      }
      switch (scenario.kind()) {
        case "halt" -> {
          assertThat(processes.get("orchestrator").awaitExit(LONG))
              .as("%s: the orchestrator's exit status", scenario.name())
              .isEqualTo(FaultPoints.EXIT_STATUS);
          long restarted = System.nanoTime();
          processes.remove("orchestrator");
          start("orchestrator", Map.of());
          return restarted;
        }
        case "vhalt" -> {
          assertThat(processes.get("validator-service").awaitExit(LONG))
              .as("%s: validator-service's exit status", scenario.name())
              .isEqualTo(FaultPoints.EXIT_STATUS);
          long restarted = System.nanoTime();
          processes.remove("validator-service");
          start("validator-service", Map.of());
          return restarted;
        }
        case "pause" -> {
          await()
              .atMost(LONG)
              .pollInterval(Duration.ofMillis(50))
              .until(() -> Files.exists(pause.resolve(FaultPoints.REACHED_FILE)));
          killAndRestart(scenario.victim());
          long going = System.nanoTime();
          Files.writeString(pause.resolve(FaultPoints.GO_FILE), "go");
          return going;
        }
        default -> {
          return System.nanoTime();
        }
      }
    }

    private FaultWorkload workload() throws SQLException {
      if (scenario.source().equals("sqlite")) {
        return FaultWorkload.sqlite(dir.resolve("app.db"), ROWS);
      }
      PostgresEndpoint server = sourceServer().endpoint();
      try (Connection c =
              DriverManager.getConnection(
                  server.jdbcUrl("postgres"), server.user(), server.password());
          Statement st = c.createStatement()) {
        st.execute("CREATE DATABASE " + database);
      }
      return FaultWorkload.postgres(
          server.jdbcUrl(database),
          server.user(),
          server.password(),
          "app_" + migration,
          "app",
          ROWS);
    }

    private void killAndRestart(String victim) throws Exception {
      switch (victim) {
        case "postgres-source" -> {
          sourceServer().crash();
          sourceServer().restart();
        }
        case "kafka" -> {
          infra.localKafka().kill();
          infra.localKafka().restart();
        }
        case "postgres" -> {
          infra.localPostgres().crash();
          infra.localPostgres().restart();
        }
        default -> {
          processes.remove(victim).kill();
          start(victim, victim.equals("orchestrator") ? Map.of() : extra(victim));
        }
      }
    }

    private String awaitOutcome() {
      await()
          .atMost(LONG)
          .pollInterval(Duration.ofMillis(200))
          .ignoreExceptions()
          .until(
              () ->
                  operator()
                          .when()
                          .get("/migrations/{id}/cutover", migration)
                          .then()
                          .extract()
                          .path("outcome")
                      != null);
      return operator()
          .when()
          .get("/migrations/{id}/cutover", migration)
          .then()
          .statusCode(200)
          .extract()
          .path("outcome");
    }

    private String state() {
      try {
        String state =
            operator().when().get("/migrations/{id}", migration).then().extract().path("state");
        return state == null ? "" : state;
      } catch (RuntimeException e) {
        return ""; // the orchestrator is being restarted
      }
    }

    private String sqliteSource(Path file) {
      return "kind: sqlite\n    path: " + file;
    }

    private String postgresSource() throws SQLException {
      PostgresEndpoint server = sourceServer().endpoint();
      return "kind: postgres\n    url: postgresql://%s:%s@%s:%d/%s"
          .formatted(server.user(), server.password(), server.host(), server.port(), database);
    }

    /** Submits the plan of a source ({@code kind: ...} and its location, as YAML lines). */
    private void submit(String source) {
      String plan =
          """
          migration: %s
          sources:
            - name: app
              %s
              schema: %s
          cutover:
            timeouts: { drain: 60s, validate: 120s }
            actions:
              - env-file: { path: %s }
          """
              .formatted(migration, source, migration, dir.resolve("app.env"));
      operator()
          .contentType("application/yaml")
          .body(plan.getBytes(StandardCharsets.UTF_8))
          .when()
          .post("/migrations")
          .then()
          .statusCode(201);
    }

    private String table() {
      return migration + ".items";
    }

    private RequestSpecification operator() {
      return RestAssured.given()
          .baseUri(processes.get("orchestrator").url())
          .header("Authorization", "Bearer " + TOKEN);
    }

    private void start(String service) throws Exception {
      Map<String, String> env = new HashMap<>(extra(service));
      if (service.equals("validator-service") && scenario.kind().equals("vhalt")) {
        env.put(FaultPoints.ENVIRONMENT, scenario.point());
      }
      if (service.equals("orchestrator")
          && (scenario.kind().equals("halt") || scenario.kind().equals("pause"))) {
        env.put(FaultPoints.ENVIRONMENT, scenario.point());
        if (scenario.kind().equals("pause")) {
          env.put(FaultPoints.PAUSE_DIR, pause.toString());
        }
      }
      start(service, env);
    }

    private void start(String service, Map<String, String> env) throws Exception {
      Map<String, String> all = new HashMap<>(extra(service));
      all.putAll(env);
      ServiceProcess process =
          new ServiceProcess(
              service.equals("orchestrator") ? "orchestrator-service" : service,
              infra,
              database,
              dir.resolve(service + ".log"),
              all);
      process.start();
      processes.put(service, process);
    }

    private Map<String, String> extra(String service) {
      return switch (service) {
        case "cdc-service" ->
            Map.of(
                "TRIBUTARY_CAPTURE_SUPERVISE_INTERVAL", "1s",
                "TRIBUTARY_CAPTURE_RESTART_BACKOFF", "2s",
                "TRIBUTARY_APPLY_GROUP_ID", "tributary-apply-" + database,
                "TRIBUTARY_APPLY_SESSION_TIMEOUT", "6s");
        case "validator-service" ->
            Map.of(
                "TRIBUTARY_VALIDATOR_INTERVAL",
                "1s",
                "TRIBUTARY_VALIDATOR_APPLY_GROUP",
                "tributary-apply-" + database);
        default ->
            Map.of(
                "TRIBUTARY_ORCHESTRATOR_APPLY_GROUP",
                "tributary-apply-" + database,
                "TRIBUTARY_AUTH_TOKEN",
                TOKEN,
                "TRIBUTARY_ORCHESTRATOR_SOURCES_DIR",
                dir.toString(),
                "TRIBUTARY_ORCHESTRATOR_SUPERVISE_INTERVAL",
                "1s",
                "TRIBUTARY_ORCHESTRATOR_CUTOVER_ENV_FILE_DIRS",
                dir.toString());
      };
    }
  }

  private static boolean converged(long[] difference) {
    return difference[0] == 0 && difference[1] == 0;
  }
}
