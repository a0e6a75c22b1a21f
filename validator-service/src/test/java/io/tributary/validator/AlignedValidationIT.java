package io.tributary.validator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tributary.testing.PostgresMigrationFixtures;
import io.tributary.testing.ServiceProcess;
import io.tributary.testing.SqliteMigrationFixtures;
import io.tributary.testing.TestInfrastructure;
import io.tributary.testing.TributaryTestResource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Continuous validation at aligned positions, behind a real cdc-service (the packaged jar, as a
 * child process): a source is read at a known position (SQLite change-log sequence, PostgreSQL
 * LSN), and the target compared only when capture delivered up to it, apply applied all of it and
 * nothing later. While another table of the same source is written all the time (so the source is
 * never "settled", and the settle time here is ten minutes), a quiet table is MATCH at an aligned
 * position, a difference planted in its target is a MISMATCH at once, and the written table is
 * never a MISMATCH.
 */
@QuarkusTest
@QuarkusTestResource(TributaryTestResource.class)
@TestProfile(AlignedValidationIT.Profile.class)
class AlignedValidationIT {
  static {
    try {
      Class.forName("org.sqlite.JDBC");
      Class.forName("org.postgresql.Driver");
    } catch (ClassNotFoundException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static final String APPLY_GROUP = "tributary-apply-aligned-it";
  private static final Duration WAIT = Duration.ofMinutes(2);
  private static final int ROWS = 500;

  /**
   * Frequent runs and refreshes; a settle time no test waits for; a wait for capture's position
   * longer than capture's heartbeat (5 s), so a PostgreSQL slot confirms the read's LSN.
   */
  public static class Profile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "tributary.validator.apply-group", APPLY_GROUP,
          "tributary.validator.interval", "1s",
          "tributary.validator.refresh", "3s",
          "tributary.validator.source-settle", "10m",
          "tributary.validator.align-wait", "7s");
    }
  }

  private static ServiceProcess cdc;

  @ConfigProperty(name = TributaryTestResource.JDBC_URL)
  String jdbcUrl;

  @ConfigProperty(name = TributaryTestResource.DATABASE)
  String database;

  @BeforeEach
  void startCdc() throws Exception {
    if (cdc == null) {
      Path log = Path.of("target", "aligned-validation-cdc.log").toAbsolutePath();
      Files.deleteIfExists(log);
      cdc =
          new ServiceProcess(
              "cdc-service",
              TestInfrastructure.get(),
              database,
              log,
              Map.of("TRIBUTARY_APPLY_GROUP_ID", APPLY_GROUP));
      cdc.start();
    }
  }

  @AfterAll
  static void stopCdc() throws Exception {
    if (cdc != null) {
      cdc.close();
      cdc = null;
    }
  }

  @Test
  @DisplayName(
      "SQLite source written all the time: a quiet table matches at an aligned position, a planted"
          + " target difference is a MISMATCH at once, the written table never is")
  void sqliteSource() throws Exception {
    String migration = "al-" + UUID.randomUUID().toString().substring(0, 6);
    Path file = Files.createTempDirectory("aligned-it").resolve("shop.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      st.execute("PRAGMA journal_mode=WAL");
      st.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, qty INTEGER)");
      st.execute(
          "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < "
              + ROWS
              + ") INSERT INTO items SELECT i, 'item ' || i, i FROM n");
      st.execute("CREATE TABLE events (id INTEGER PRIMARY KEY AUTOINCREMENT, note TEXT NOT NULL)");
    }
    SqliteMigrationFixtures.recordSqliteMigration(jdbcUrl, migration, "shop", "shop_sqlite", file);
    check(
        migration,
        true,
        "shop_sqlite",
        () -> DriverManager.getConnection("jdbc:sqlite:" + file),
        "INSERT INTO events (note) VALUES ('written')");
  }

  @Test
  @DisplayName(
      "PostgreSQL source written all the time: a quiet table matches at an aligned LSN, a planted"
          + " target difference is a MISMATCH at once, the written table never is")
  void postgresSource() throws Exception {
    TestInfrastructure infra = TestInfrastructure.get();
    String sourceDatabase = infra.createDatabase("aligned_pg");
    try (Connection c = infra.connect(sourceDatabase);
        Statement st = c.createStatement()) {
      st.execute(
          "CREATE TABLE items (id bigint PRIMARY KEY, name text NOT NULL, qty integer);"
              + " INSERT INTO items SELECT i, 'item ' || i, i FROM generate_series(1, "
              + ROWS
              + ") AS i;"
              + " CREATE TABLE events (id bigserial PRIMARY KEY, note text NOT NULL)");
    }
    String url = infra.sourceUrl(sourceDatabase);
    String migration = "al-" + UUID.randomUUID().toString().substring(0, 6);
    PostgresMigrationFixtures.recordPostgresMigration(jdbcUrl, migration, "shop", "shop_pg", url);
    check(
        migration,
        false,
        "shop_pg",
        () -> infra.connect(sourceDatabase),
        "INSERT INTO events (note) VALUES ('written')");
  }

  private interface Source {
    Connection open() throws Exception;
  }

  /**
   * @param matchAligned whether a MATCH is shown at an aligned position too (a SQLite read tells
   *     what capture had not delivered; a PostgreSQL slot confirms the read's LSN only at capture's
   *     next heartbeat, which the validator waits for only when the sides differ)
   */
  private void check(
      String migration, boolean matchAligned, String schema, Source source, String write)
      throws Exception {
    awaitCount("SELECT count(*) FROM " + schema + ".items", ROWS);
    // a quiet, equal table: MATCH
    String match =
        matchAligned ? "status = 'MATCH' AND aligned_at IS NOT NULL" : "status = 'MATCH'";
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> latest(migration, "items", match));

    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicLong written = new AtomicLong();
    AtomicReference<Exception> writerFailure = new AtomicReference<>();
    Thread writer =
        new Thread(
            () -> {
              try (Connection c = source.open();
                  Statement st = c.createStatement()) {
                while (writing.get()) {
                  st.execute(write);
                  written.incrementAndGet();
                  Thread.sleep(20);
                }
              } catch (Exception e) {
                writerFailure.set(e);
              }
            },
            "source-writer");
    writer.start();
    try {
      await().atMost(WAIT).until(() -> written.get() >= 50);
      try (Connection c = target();
          Statement st = c.createStatement()) {
        st.execute("DELETE FROM " + schema + ".items WHERE id = 7");
      }
      // told at once (the settle time is ten minutes), at an aligned position
      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> latest(migration, "items", "status = 'MISMATCH' AND aligned_at IS NOT NULL"));
      String detail = text(migration, "items", "detail");
      assertThat(detail)
          .startsWith(
              "row counts differ: source "
                  + ROWS
                  + ", target "
                  + (ROWS - 1)
                  + " + rejected 0 = "
                  + (ROWS - 1)
                  + " (1 missing from the target)")
          .contains("both read at source position");
      assertThat(writerFailure.get()).isNull();
      assertThat(written.get()).isGreaterThan(50);
    } finally {
      writing.set(false);
      writer.join();
    }
    // the written table is validated too (its result may be recorded after the mismatch of items,
    // in the same run), and never reported as a mismatch
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                count(
                        "SELECT count(*) FROM tributary.validations WHERE migration_id = '"
                            + migration
                            + "' AND source_table = 'events' AND mode = 'continuous'")
                    > 0);
    assertThat(
            count(
                "SELECT count(*) FROM tributary.validations WHERE migration_id = '"
                    + migration
                    + "' AND source_table = 'events' AND status = 'MISMATCH'"))
        .isZero();
    // apply records the highest source position it applied with its offsets
    assertThat(
            count(
                "SELECT count(*) FROM tributary.apply_offsets WHERE consumer_group = '"
                    + APPLY_GROUP
                    + "' AND topic LIKE '%"
                    + migration
                    + "%' AND source_pos > 0"))
        .isPositive();
    // once everything is written, the events table matches
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> latest(migration, "events", match));
  }

  /** Whether the latest continuous result of a table meets a condition. */
  private boolean latest(String migration, String table, String condition) throws Exception {
    return count(
            "SELECT count(*) FROM (SELECT * FROM tributary.validations WHERE migration_id = '"
                + migration
                + "' AND source_table = '"
                + table
                + "' AND mode = 'continuous' ORDER BY id DESC LIMIT 1) v WHERE "
                + condition)
        == 1;
  }

  private String text(String migration, String table, String column) throws Exception {
    try (Connection c = target();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT "
                    + column
                    + " FROM tributary.validations WHERE migration_id = '"
                    + migration
                    + "' AND source_table = '"
                    + table
                    + "' AND mode = 'continuous' ORDER BY id DESC LIMIT 1")) {
      rs.next();
      return rs.getString(1);
    }
  }

  private void awaitCount(String sql, long expected) {
    await().atMost(WAIT).pollInterval(Duration.ofMillis(300)).until(() -> count(sql) == expected);
  }

  private long count(String sql) throws Exception {
    try (Connection c = target();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private Connection target() throws Exception {
    return DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
  }
}
