package io.tributary.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.common.catalog.TableDef;
import io.tributary.common.plan.PostgresUrl;
import io.tributary.testing.TestInfrastructure;
import io.tributary.testing.TributaryInfraExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * cdc-service capturing a PostgreSQL source is killed with SIGKILL once in the middle of its
 * snapshot and twice while streaming, with writes before, during and after each kill: after the
 * restarts the target equals the source, row for row, and nothing is rejected.
 *
 * <p>The snapshot is halted (as SIGKILL ends it) right after its third block range was recorded:
 * the restarted capture resumes it in the same generation, skipping the ranges recorded (every
 * table has a key), in a snapshot taken then; the rows the first run had applied and the source
 * deleted or re-keyed meanwhile leave the target through the changes the slot kept since its
 * consistent point.
 */
@ExtendWith(TributaryInfraExtension.class)
class PostgresKillRestartIT {
  static {
    try {
      Class.forName("org.postgresql.Driver");
    } catch (ClassNotFoundException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static final Duration LONG = Duration.ofMinutes(4);

  @Test
  @DisplayName("PostgreSQL source: SIGKILL mid-snapshot and while streaming loses nothing")
  void killAndRestart(TestInfrastructure infra) throws Exception {
    String database = infra.createTargetDatabase("pgkill");
    String jdbcUrl = infra.jdbcUrl(database);
    String sourceDb = infra.createDatabase("pgkillsrc");
    String sourceUrl =
        infra
            .reactiveUrl(sourceDb)
            .replaceFirst("postgresql://", "postgresql://postgres:postgres@");
    PostgresUrl url = PostgresUrl.parse(sourceUrl);
    try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.credentials());
        Statement st = c.createStatement()) {
      st.execute(
          "CREATE TABLE items (id bigint PRIMARY KEY, name text, qty integer, doc jsonb,"
              + " embedding vector(8))");
      st.execute(
          "INSERT INTO items SELECT g, 'item ' || g, g % 50, jsonb_build_object('g', g),"
              + " array_fill(g % 7, ARRAY[8])::vector FROM generate_series(1, 200000) g");
      st.execute("CREATE TABLE \"Notes\" (\"noteId\" integer PRIMARY KEY, body text)");
      st.execute(
          "INSERT INTO \"Notes\" SELECT g, repeat('n', g % 100) FROM generate_series(1, 20000) g");
    }
    List<TableDef> tables =
        ControlFixtures.recordPostgresMigration(jdbcUrl, "pgkill", "app", "app", sourceUrl);
    Path log = Path.of("target", "pg-kill-restart-cdc.log").toAbsolutePath();
    Files.deleteIfExists(log);

    Map<String, String> env =
        Map.of(
            // ranges of 512 KiB: items is read in dozens of them
            "TRIBUTARY_CAPTURE_POSTGRES_SNAPSHOT_RANGE_BLOCKS",
            "64",
            "TRIBUTARY_APPLY_GROUP_ID",
            "tributary-apply-" + database);
    // 0. halted in the middle of the snapshot, right after its third range was recorded, with
    // deletes, updates, inserts and key changes while it is down
    CdcProcess.runUntilHalted(infra, database, log, env, "capture.after-range@3", LONG);
    assertThat(
            count(jdbcUrl, "SELECT count(*) FROM tributary.tables WHERE snapshot_done_at IS NULL"))
        .as("the halt came before the snapshot completed")
        .isPositive();
    assertThat(count(jdbcUrl, "SELECT count(*) FROM tributary.snapshot_ranges"))
        .as("ranges recorded before the halt (another reader may have recorded one more)")
        .isBetween(3L, 4L);
    try (CdcProcess cdc = new CdcProcess(infra, database, log, env)) {
      try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.credentials());
          Statement st = c.createStatement()) {
        // rows the first snapshot already applied are deleted and re-keyed while capture is down
        st.executeUpdate("DELETE FROM items WHERE id <= 500");
        st.executeUpdate("UPDATE items SET id = id + 5000000 WHERE id BETWEEN 501 AND 600");
        st.executeUpdate(
            "UPDATE \"Notes\" SET \"noteId\" = \"noteId\" + 900000 WHERE \"noteId\" <= 50");
      }
      write(url, 0); // re-inserts ids 1..500 with other values

      cdc.start();
      await()
          .atMost(LONG)
          .until(
              () ->
                  count(
                          jdbcUrl,
                          "SELECT count(*) FROM tributary.tables WHERE snapshot_done_at IS NOT NULL")
                      == tables.size());
      // the snapshot resumed in its generation, past the ranges recorded
      assertThat(count(jdbcUrl, "SELECT max(snapshot_generation) FROM tributary.sources"))
          .isEqualTo(1);
      assertThat(
              count(
                  jdbcUrl,
                  "SELECT count(*) FROM tributary.snapshot_ranges WHERE generation = 1"
                      + " AND topic = '"
                      + table(tables, "items").topic()
                      + "'"))
          .isGreaterThan(10);
      await()
          .atMost(LONG)
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  count(
                          jdbcUrl,
                          "SELECT count(*) FROM tributary.tables WHERE snapshot_applied_at IS NULL")
                      == 0);
      // 1. killed while streaming, with writes before and while it is down
      write(url, 1);
      cdc.kill();
      write(url, 2);

      // 2. restarted: killed again right after it resumed, while the next writes stream
      cdc.start();
      write(url, 3);
      await()
          .atMost(LONG)
          .pollInterval(Duration.ofMillis(200))
          .until(() -> count(jdbcUrl, "SELECT count(*) FROM app.items WHERE name = 'round 3'") > 0);
      cdc.kill();
      write(url, 4);

      // 3. restarted again: everything converges
      cdc.start();
      try (Connection source = DriverManager.getConnection(url.jdbcUrl(), url.credentials());
          Connection target = DriverManager.getConnection(jdbcUrl, "postgres", "postgres")) {
        for (TableDef table : tables) {
          await()
              .atMost(LONG)
              .pollInterval(Duration.ofSeconds(1))
              .untilAsserted(
                  () ->
                      assertThat(
                              ControlFixtures.rowsDigest(target, "app", table.targetTable(), table))
                          .as("rows of %s", table.sourceTable())
                          .isEqualTo(
                              ControlFixtures.rowsDigest(
                                  source, "public", table.sourceTable(), table)));
        }
      }
      assertThat(count(jdbcUrl, "SELECT count(*) FROM tributary.rejects")).isZero();
    }
  }

  /** Inserts, updates, deletes and key changes, different in each round. */
  private static void write(PostgresUrl url, int round) throws Exception {
    try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.credentials());
        Statement st = c.createStatement()) {
      st.executeUpdate("UPDATE items SET qty = qty + " + round + " WHERE id % 97 = " + round);
      st.executeUpdate("DELETE FROM items WHERE id % 1000 = " + round);
      st.executeUpdate(
          "INSERT INTO items SELECT 1000000 * "
              + round
              + " + g, 'round "
              + round
              + "', g, NULL, NULL FROM generate_series(1, 500) g");
      st.executeUpdate(
          "UPDATE \"Notes\" SET \"noteId\" = \"noteId\" + 100000 * "
              + round
              + " WHERE \"noteId\" BETWEEN "
              + (round * 10)
              + " AND "
              + (round * 10 + 4));
    }
  }

  private static TableDef table(List<TableDef> tables, String name) {
    return tables.stream().filter(t -> t.sourceTable().equals(name)).findFirst().orElseThrow();
  }

  private static long count(String jdbcUrl, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
