package io.tributary.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.common.catalog.TableDef;
import io.tributary.common.fault.FaultPoints;
import io.tributary.testing.FaultWorkload;
import io.tributary.testing.MarkdownTable;
import io.tributary.testing.TestInfrastructure;
import io.tributary.testing.TributaryInfraExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
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
 * The fault suite of capture and apply (outside the default run: {@code bench/faults.sh}), 40
 * scenarios. Each scenario migrates a SQLite file while a writer inserts, updates and deletes, and
 * ends cdc-service at a moment: halted at a named fault point ({@link FaultPoints}: before or after
 * publishing a batch to Kafka, before or after apply's commit), or killed with SIGKILL, during the
 * snapshot and during streaming. cdc-service is started again, the writer stops, and the target
 * must equal the source row for row. Each scenario's time to recover, rows lost (in the source,
 * missing or different in the target), rows extra (in the target, not in the source) and rejects go
 * to {@code target/fault-suite.md}.
 */
@ExtendWith(TributaryInfraExtension.class)
class FaultSuiteIT {
  static {
    try {
      Class.forName("org.sqlite.JDBC");
      Class.forName("org.postgresql.Driver");
    } catch (ClassNotFoundException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static final Duration LONG = Duration.ofMinutes(4);
  private static final int ROWS = 20_000;
  private static final String TABLE = "app.items";

  /**
   * Where a scenario ends cdc-service: a fault point, reached for the {@code at}-th time, or {@code
   * sigkill} after {@code at} seconds of the phase (0: as soon as the first row is applied).
   */
  record Scenario(String fault, String phase, int at) {
    String name() {
      return fault + (fault.equals("sigkill") ? " after " + at + " s" : " #" + at) + " in " + phase;
    }
  }

  /** What a scenario measured; a recover time of -1: it never converged. */
  record Outcome(Scenario scenario, long recoverMs, long lost, long extra, long rejects) {}

  static final List<String> POINTS =
      List.of(
          "capture.before-publish",
          "capture.after-publish",
          "apply.before-commit",
          "apply.after-commit");

  /** 40 scenarios: each point at 4 moments of the snapshot and 5 of streaming, SIGKILL at 4. */
  static List<Scenario> scenarios() {
    List<Scenario> all = new ArrayList<>();
    for (String point : POINTS) {
      for (int at : List.of(1, 2, 3, 4)) {
        all.add(new Scenario(point, "snapshot", at));
      }
      for (int at : List.of(1, 2, 5, 10, 20)) {
        all.add(new Scenario(point, "streaming", at));
      }
    }
    for (int at : List.of(0, 1)) {
      all.add(new Scenario("sigkill", "snapshot", at));
    }
    for (int at : List.of(0, 2)) {
      all.add(new Scenario("sigkill", "streaming", at));
    }
    return all;
  }

  @Test
  @DisplayName(
      "cdc-service ended at each fault point and by SIGKILL, in the snapshot and in streaming,"
          + " with a writer running: after a restart nothing is lost and nothing is extra")
  void faultSuite(TestInfrastructure infra) throws Exception {
    List<Outcome> outcomes = new ArrayList<>();
    int n = 0;
    // -Dtributary.faults.only=<text>: the scenarios whose name contains it
    String only = System.getProperty("tributary.faults.only", "");
    for (Scenario scenario : scenarios().stream().filter(s -> s.name().contains(only)).toList()) {
      outcomes.add(run(infra, scenario, "fault" + ++n));
    }
    MarkdownTable table =
        new MarkdownTable(
            "scenario", "killed where", "recover (ms)", "rows lost", "rows extra", "rejects");
    for (Outcome o : outcomes) {
      table.add(
          o.scenario().name(),
          "cdc-service, "
              + (o.scenario().fault().equals("sigkill")
                  ? "SIGKILL"
                  : "halted at " + o.scenario().fault() + " (its " + o.scenario().at() + ". time)"),
          o.recoverMs(),
          o.lost(),
          o.extra(),
          o.rejects());
    }
    table.write(Path.of("target", "fault-suite.md"));
    assertThat(outcomes)
        .allSatisfy(
            o -> {
              assertThat(o.recoverMs())
                  .as("%s: converged (-1: never within the limit)", o.scenario().name())
                  .isNotNegative();
              assertThat(o.lost()).as("%s: rows lost", o.scenario().name()).isZero();
              assertThat(o.extra()).as("%s: rows extra", o.scenario().name()).isZero();
              assertThat(o.rejects()).as("%s: rejects", o.scenario().name()).isZero();
            });
  }

  /** One scenario, as migration {@code migration} (its own topics, target and apply group). */
  private Outcome run(TestInfrastructure infra, Scenario scenario, String migration)
      throws Exception {
    String database = infra.createTargetDatabase("fault");
    String jdbcUrl = infra.jdbcUrl(database);
    Path dir = Files.createTempDirectory("tributary-fault");
    Path file = dir.resolve("app.db");
    FaultWorkload workload = FaultWorkload.sqlite(file, ROWS);
    List<TableDef> tables =
        ControlFixtures.recordSqliteMigration(jdbcUrl, migration, "app", "app", file);
    Path log = Path.of("target", "fault-" + migration + ".log").toAbsolutePath();
    Files.deleteIfExists(log);
    Map<String, String> env =
        Map.of(
            "TRIBUTARY_CAPTURE_SNAPSHOT_FETCH_SIZE",
            "500",
            // small chunks: the snapshot spans many batches, so the faults counted in batches
            // land inside it
            "TRIBUTARY_CAPTURE_SNAPSHOT_CHUNK_BYTES",
            "16384",
            "TRIBUTARY_APPLY_GROUP_ID",
            "tributary-apply-" + database);

    workload.startWriting();
    long recoverMs;
    try {
      if (scenario.phase().equals("streaming")) {
        try (CdcProcess first = new CdcProcess(infra, database, log, env)) {
          first.start();
          await().atMost(LONG).until(() -> snapshotsDone(jdbcUrl) == tables.size());
          long before = workload.writes();
          await().atMost(LONG).until(() -> workload.writes() > before + 50);
        }
      }
      endAtFault(infra, database, log, env, scenario, jdbcUrl);
      long restarted = System.nanoTime();
      try (CdcProcess again = new CdcProcess(infra, database, log, env)) {
        again.start();
        long now = workload.writes();
        await().atMost(LONG).until(() -> workload.writes() > now + 50);
        workload.stopWriting();
        await()
            .atMost(LONG)
            .pollInterval(Duration.ofMillis(500))
            .until(() -> converged(workload.difference(jdbcUrl, "postgres", "postgres", TABLE)));
        recoverMs = (System.nanoTime() - restarted) / 1_000_000;
      }
    } catch (ConditionTimeoutException e) {
      recoverMs = -1;
    } finally {
      workload.close();
    }
    long[] diff = workload.difference(jdbcUrl, "postgres", "postgres", TABLE);
    return new Outcome(
        scenario,
        recoverMs,
        diff[0],
        diff[1],
        count(jdbcUrl, "SELECT count(*) FROM tributary.rejects"));
  }

  /** Runs cdc-service until the scenario's fault ends it. */
  private static void endAtFault(
      TestInfrastructure infra,
      String database,
      Path log,
      Map<String, String> env,
      Scenario scenario,
      String jdbcUrl)
      throws Exception {
    if (scenario.fault().equals("sigkill")) {
      try (CdcProcess cdc = new CdcProcess(infra, database, log, env)) {
        cdc.start();
        if (scenario.phase().equals("snapshot")) {
          await()
              .atMost(LONG)
              .pollInterval(Duration.ofMillis(50))
              .until(() -> appliedRows(jdbcUrl) > 0);
        }
        if (scenario.at() > 0) {
          // a while into the phase (streaming: the snapshot was done before this process started)
          await()
              .pollDelay(Duration.ofSeconds(scenario.at()))
              .atMost(Duration.ofSeconds(scenario.at() + 1))
              .until(() -> true);
        }
        cdc.kill();
      }
      return;
    }
    Map<String, String> faulty = new HashMap<>(env);
    // the at-th time: in streaming, counted from this process's start, after the snapshot
    faulty.put(FaultPoints.ENVIRONMENT, scenario.fault() + "@" + scenario.at());

    CdcProcess cdc = new CdcProcess(infra, database, log, faulty);
    try {
      cdc.start();
    } catch (IllegalStateException e) {
      // halted before it was ready: that is the fault
    }
    assertThat(cdc.awaitExit(LONG))
        .as("%s: exit status", scenario.name())
        .isEqualTo(FaultPoints.EXIT_STATUS);
  }

  private static boolean converged(long[] difference) {
    return difference[0] == 0 && difference[1] == 0;
  }

  private static long snapshotsDone(String jdbcUrl) throws SQLException {
    return count(
        jdbcUrl, "SELECT count(*) FROM tributary.tables WHERE snapshot_done_at IS NOT NULL");
  }

  private static long appliedRows(String jdbcUrl) throws SQLException {
    return count(jdbcUrl, "SELECT count(*) FROM app.items");
  }

  private static long count(String jdbcUrl, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
