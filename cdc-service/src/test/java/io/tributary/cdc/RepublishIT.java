package io.tributary.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.common.catalog.RowIdentity;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.control.CaptureNames;
import io.tributary.common.fault.FaultPoints;
import io.tributary.common.plan.PostgresUrl;
import io.tributary.common.sql.TableDdlBuilder;
import io.tributary.source.postgres.catalog.PostgresCatalog;
import io.tributary.source.postgres.catalog.PostgresCatalogReader;
import io.tributary.source.sqlite.capture.SqliteCaptureInstaller;
import io.tributary.source.sqlite.catalog.SqliteCatalogReader;
import io.tributary.testing.MigrationFixtures;
import io.tributary.testing.TestInfrastructure;
import io.tributary.testing.TributaryInfraExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Nothing doubled: cdc-service halts at the fault point {@code capture.after-publish} — Kafka
 * acknowledged a batch of changes, the source offsets covering it are not stored — so the restarted
 * capture publishes that batch again. Apply skips every change at or below the position it stored
 * for the partition, so a table without a key (rows identified by their values, duplicates allowed)
 * holds each row exactly as many times as the source. For SQLite, capture is also removed from the
 * file and installed again (a new change log numbering from 1, a new generation): nothing written
 * after it is skipped. A PostgreSQL snapshot cut short by a crash is taken again consistently with
 * its slot: rows written while it runs arrive once (it failed both with the snapshot read on the
 * slot the first attempt made, and with Debezium committing the snapshot's transaction before the
 * tables are read).
 */
@ExtendWith(TributaryInfraExtension.class)
class RepublishIT {
  static {
    try {
      Class.forName("org.sqlite.JDBC");
      Class.forName("org.postgresql.Driver");
    } catch (ClassNotFoundException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static final Duration LONG = Duration.ofMinutes(3);

  /** Rows of the keyless table, as {@code kind|n|copies}, in order. */
  private static final String MULTISET =
      "SELECT kind || '|' || n || '|' || count(*) FROM %s GROUP BY kind, n ORDER BY kind, n";

  @Test
  @DisplayName("SQLite keyless table: a batch published twice is applied once; reinstalled, all")
  void sqlite(TestInfrastructure infra) throws Exception {
    String database = infra.createTargetDatabase("republish-sqlite");
    String jdbcUrl = infra.jdbcUrl(database);
    Path file = Files.createTempDirectory("tributary-republish").resolve("app.db");
    try (Connection c = sqlite(file);
        Statement st = c.createStatement()) {
      st.execute("PRAGMA journal_mode=WAL");
      st.execute("CREATE TABLE events (kind TEXT NOT NULL, n INTEGER)");
      st.execute(
          "WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < 200)"
              + " INSERT INTO events SELECT 'seed', i % 50 FROM g");
    }
    TableDef events = recordWholeRowSqlite(jdbcUrl, "republish", file);
    assertThat(events.wholeRow()).as("no key: rows identified by their values").isTrue();
    Path log = Path.of("target", "republish-sqlite-cdc.log").toAbsolutePath();
    Files.deleteIfExists(log);
    Map<String, String> env = Map.of("TRIBUTARY_APPLY_GROUP_ID", "tributary-apply-" + database);

    try (CdcProcess first = new CdcProcess(infra, database, log, env)) {
      first.start();
      awaitSameRows(jdbcUrl, events, () -> sqliteRows(file));
    }
    sqliteWrites(file, "while down");
    haltAt(infra, database, log, env, "capture.after-publish");
    try (CdcProcess again = new CdcProcess(infra, database, log, env)) {
      again.start();
      awaitSameRows(jdbcUrl, events, () -> sqliteRows(file));
      sqliteWrites(file, "streamed");
      awaitSameRows(jdbcUrl, events, () -> sqliteRows(file));
    }
    assertThat(Files.readString(log))
        .as("the restarted capture published the halted batch again, and apply skipped it")
        .contains("Skipped changes applied already");

    // capture removed from the file and installed again: its change log numbers from 1 again
    new SqliteCaptureInstaller(file, Duration.ofSeconds(5))
        .uninstall(CaptureNames.sqliteConsumer("republish", "app"));
    sqliteWrites(file, "before reinstall");
    try (CdcProcess reinstalled = new CdcProcess(infra, database, log, env)) {
      reinstalled.start();
      awaitSameRows(jdbcUrl, events, () -> sqliteRows(file));
      sqliteWrites(file, "after reinstall");
      awaitSameRows(jdbcUrl, events, () -> sqliteRows(file));
    }
  }

  @Test
  @DisplayName(
      "SQLite keyless table halted mid-snapshot: read again from its first row, each row once")
  void sqliteSnapshot(TestInfrastructure infra) throws Exception {
    String database = infra.createTargetDatabase("republish-snap");
    String jdbcUrl = infra.jdbcUrl(database);
    Path file = Files.createTempDirectory("tributary-republish").resolve("snap.db");
    try (Connection c = sqlite(file);
        Statement st = c.createStatement()) {
      st.execute("PRAGMA journal_mode=WAL");
      st.execute("CREATE TABLE events (kind TEXT NOT NULL, n INTEGER)");
      st.execute(
          "WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < 5000)"
              + " INSERT INTO events SELECT 'seed', i % 700 FROM g");
    }
    TableDef events = recordWholeRowSqlite(jdbcUrl, "republish-snap", file);
    assertThat(events.wholeRow()).as("no key: rows identified by their values").isTrue();
    Path log = Path.of("target", "republish-snapshot-cdc.log").toAbsolutePath();
    Files.deleteIfExists(log);
    Map<String, String> env = new HashMap<>();
    env.put("TRIBUTARY_APPLY_GROUP_ID", "tributary-apply-" + database);
    env.put("TRIBUTARY_CAPTURE_SNAPSHOT_FETCH_SIZE", "300");
    env.put("TRIBUTARY_CAPTURE_SNAPSHOT_CHUNK_BYTES", "4096");
    // the snapshot's third batch acknowledged by Kafka, its offset not stored: a chunk of about
    // 200 rows that a resumed snapshot would publish twice
    haltAt(infra, database, log, env, "capture.after-publish@3");
    try (CdcProcess again = new CdcProcess(infra, database, log, env)) {
      again.start();
      awaitSameRows(jdbcUrl, events, () -> sqliteRows(file));
    }
    assertThat(Files.readString(log))
        .as("the interrupted snapshot of the keyless table was read again from its first row")
        .contains("is read again from its first row as a new snapshot generation");
  }

  @Test
  @DisplayName("PostgreSQL keyless table: a batch published twice is applied once")
  void postgres(TestInfrastructure infra) throws Exception {
    String database = infra.createTargetDatabase("republish-pg");
    String jdbcUrl = infra.jdbcUrl(database);
    String sourceUrl = sourceUrl(infra, "republishsrc");
    PostgresUrl url = PostgresUrl.parse(sourceUrl);
    try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.credentials());
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE events (kind text NOT NULL, n integer)");
      st.execute("INSERT INTO events SELECT 'seed', g % 50 FROM generate_series(1, 200) g");
    }
    TableDef events = recordWholeRowPostgres(jdbcUrl, "republish-pg", sourceUrl).get(0);
    assertThat(events.wholeRow()).as("no key: rows identified by their values").isTrue();
    Path log = Path.of("target", "republish-pg-cdc.log").toAbsolutePath();
    Files.deleteIfExists(log);
    Map<String, String> env = new HashMap<>();
    env.put("TRIBUTARY_APPLY_GROUP_ID", "tributary-apply-" + database);
    // no heartbeat in the way: the first batch after the restart is the changes written
    env.put("TRIBUTARY_CAPTURE_HEARTBEAT_INTERVAL", "40s");

    try (CdcProcess first = new CdcProcess(infra, database, log, env)) {
      first.start();
      awaitSameRows(jdbcUrl, events, () -> postgresRows(url));
    }
    postgresWrites(url, "while down");
    // change events 50 to a batch: halted after the second batch that published rows (batches
    // of progress records or notifications alone do not count)
    Map<String, String> small = new HashMap<>(env);
    small.put("TRIBUTARY_CAPTURE_POSTGRES_BATCH_SIZE", "50");
    haltAt(infra, database, log, small, "capture.after-publish-rows@2");
    try (CdcProcess again = new CdcProcess(infra, database, log, env)) {
      again.start();
      awaitSameRows(jdbcUrl, events, () -> postgresRows(url));
      postgresWrites(url, "streamed");
      awaitSameRows(jdbcUrl, events, () -> postgresRows(url));
    }
    assertThat(Files.readString(log))
        .as("the restarted capture published the halted batch again, and apply skipped it")
        .contains("Skipped changes applied already");
  }

  @Test
  @DisplayName(
      "PostgreSQL snapshot taken again after a crash: a row written while it reads arrives once")
  void postgresSnapshotTakenAgain(TestInfrastructure infra) throws Exception {
    String database = infra.createTargetDatabase("republish-pgsnap");
    String jdbcUrl = infra.jdbcUrl(database);
    String sourceUrl = sourceUrl(infra, "pgsnapsrc");
    PostgresUrl url = PostgresUrl.parse(sourceUrl);
    try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.credentials());
        Statement st = c.createStatement()) {
      // long enough to stop in: a dozen chunks of 8 KiB
      st.execute("CREATE TABLE a_big (id integer PRIMARY KEY, v text NOT NULL)");
      st.execute("INSERT INTO a_big SELECT g, 'row ' || g FROM generate_series(1, 3000) g");
      st.execute("CREATE TABLE events (kind text NOT NULL, n integer)");
      st.execute("INSERT INTO events SELECT 'seed', g % 50 FROM generate_series(1, 200) g");
    }
    List<TableDef> tables = recordWholeRowPostgres(jdbcUrl, "republish-pgsnap", sourceUrl);
    TableDef events =
        tables.stream().filter(t -> t.sourceTable().equals("events")).findFirst().orElseThrow();
    Path log = Path.of("target", "republish-pgsnap-cdc.log").toAbsolutePath();
    Files.deleteIfExists(log);
    Map<String, String> env = new HashMap<>();
    env.put("TRIBUTARY_APPLY_GROUP_ID", "tributary-apply-" + database);
    env.put("TRIBUTARY_CAPTURE_HEARTBEAT_INTERVAL", "40s");
    env.put("TRIBUTARY_CAPTURE_SNAPSHOT_CHUNK_BYTES", "8192");
    // crashed in the snapshot, after two chunks were published: it did not complete, and its
    // tables, identified by their whole rows, cannot resume it
    haltAt(infra, database, log, env, "capture.before-chunk@3");

    // the snapshot is taken again in the snapshot of a slot made anew; capture stands still before
    // its first chunk is published, while rows are written to events: they are after the slot's
    // consistent point, so they arrive through the stream, once
    Path pause = Files.createTempDirectory("tributary-pgsnap-pause");
    Map<String, String> paused = new HashMap<>(env);
    paused.put(FaultPoints.ENVIRONMENT, "capture.before-chunk@1");
    paused.put(FaultPoints.PAUSE_DIR, pause.toString());
    try (CdcProcess again = new CdcProcess(infra, database, log, paused)) {
      again.start();
      await()
          .atMost(LONG)
          .pollInterval(Duration.ofMillis(100))
          .until(() -> Files.exists(pause.resolve(FaultPoints.REACHED_FILE)));
      postgresWrites(url, "during the snapshot");
      Files.writeString(pause.resolve(FaultPoints.GO_FILE), "go");
      awaitSameRows(jdbcUrl, events, () -> postgresRows(url));
      postgresWrites(url, "streamed");
      awaitSameRows(jdbcUrl, events, () -> postgresRows(url));
    }
    assertThat(Files.readString(log))
        .as("the slot was made anew for the snapshot taken again")
        .contains("dropped: the snapshot is read afresh")
        .contains("starts: generation 2");
  }

  /** A new source database on the test server, as the plan's URL with its credentials. */
  private static String sourceUrl(TestInfrastructure infra, String name) {
    return infra
        .reactiveUrl(infra.createDatabase(name))
        .replaceFirst("postgresql://", "postgresql://postgres:postgres@");
  }

  private static void haltAt(
      TestInfrastructure infra, String database, Path log, Map<String, String> env, String point)
      throws Exception {
    CdcProcess.runUntilHalted(infra, database, log, env, point, LONG);
  }

  /**
   * Records a SQLite migration whose tables are identified by their whole rows, as the
   * orchestrator's row identity resolver makes a table without a key.
   */
  private static TableDef recordWholeRowSqlite(String jdbcUrl, String migration, Path file)
      throws Exception {
    List<TableDef> tables = wholeRow(SqliteCatalogReader.read(file, migration, "app", "app"));
    MigrationFixtures.record(
        jdbcUrl,
        migration,
        "app",
        "sqlite",
        file.toAbsolutePath().toString(),
        "app",
        TableDdlBuilder.provisionIsolated(List.of("app"), List.of(), tables, Map.of()),
        tables);
    return tables.get(0);
  }

  /**
   * Records a PostgreSQL migration (source {@code pg}, schema {@code app}) whose tables are all
   * identified by their whole rows.
   */
  private static List<TableDef> recordWholeRowPostgres(
      String jdbcUrl, String migration, String sourceUrl) throws Exception {
    PostgresUrl url = PostgresUrl.parse(sourceUrl);
    try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.credentials())) {
      PostgresCatalog catalog =
          PostgresCatalogReader.read(c, migration, "pg", Map.of("public", "app"));
      List<TableDef> tables = wholeRow(catalog.tables());
      MigrationFixtures.record(
          jdbcUrl,
          migration,
          "pg",
          "postgres",
          sourceUrl,
          "app",
          TableDdlBuilder.provisionIsolated(List.of("app"), catalog.enums(), tables, Map.of()),
          tables);
      return tables;
    }
  }

  private static List<TableDef> wholeRow(List<TableDef> tables) {
    return tables.stream()
        .map(t -> t.withIdentity(RowIdentity.WHOLE_ROW, List.of(), null))
        .toList();
  }

  /** Inserts (duplicates among them), deletes one copy of some rows, updates others. */
  private static void sqliteWrites(Path file, String kind) throws SQLException {
    try (Connection c = sqlite(file);
        Statement st = c.createStatement()) {
      st.execute("PRAGMA busy_timeout = 10000");
      st.execute(
          "WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < 300)"
              + " INSERT INTO events SELECT '"
              + kind
              + "', i % 30 FROM g");
      st.execute(
          "DELETE FROM events WHERE rowid IN (SELECT min(rowid) FROM events WHERE kind = 'seed'"
              + " GROUP BY n HAVING n % 7 = 0)");
      st.execute("UPDATE events SET n = n + 1000 WHERE kind = '" + kind + "' AND n = 3");
    }
  }

  private static void postgresWrites(PostgresUrl url, String kind) throws SQLException {
    try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.credentials());
        Statement st = c.createStatement()) {
      st.execute("INSERT INTO events SELECT '" + kind + "', g % 30 FROM generate_series(1, 300) g");
      st.execute(
          "DELETE FROM events WHERE ctid IN (SELECT min(ctid) FROM events WHERE kind = 'seed'"
              + " GROUP BY n HAVING n % 7 = 0)");
      st.execute("UPDATE events SET n = n + 1000 WHERE kind = '" + kind + "' AND n = 3");
    }
  }

  @FunctionalInterface
  private interface Rows {
    List<String> read() throws SQLException;
  }

  /** Waits until the target holds each row of the source as many times as the source does. */
  private static void awaitSameRows(String jdbcUrl, TableDef table, Rows source) {
    await()
        .atMost(LONG)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              List<String> target;
              try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres")) {
                target =
                    rows(
                        c,
                        String.format(
                            MULTISET,
                            "\"" + table.targetSchema() + "\".\"" + table.targetTable() + "\""));
              }
              assertThat(target)
                  .as("rows of %s, with their copies", table.sourceTable())
                  .isEqualTo(source.read());
            });
  }

  private static List<String> sqliteRows(Path file) throws SQLException {
    try (Connection c = sqlite(file)) {
      return rows(c, String.format(MULTISET, "events"));
    }
  }

  private static List<String> postgresRows(PostgresUrl url) throws SQLException {
    try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.credentials())) {
      return rows(c, String.format(MULTISET, "events"));
    }
  }

  private static List<String> rows(Connection c, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  private static Connection sqlite(Path file) throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + file);
  }
}
